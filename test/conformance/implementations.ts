import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  MemoryStorage,
  NopPruner,
  RandomSampler,
  SqliteDialect,
  SqlStorage,
  type Storage,
} from "../../src/index.js";
import type { PrunerFactory } from "./describe-pruner.js";
import type { SamplerFactory } from "./describe-sampler.js";

/**
 * Every sampler, pruner and storage tunekit exports, by exported class name, with the factory its
 * conformance suite runs. `conformance.test.ts` fails when an exported plug-in is missing here.
 */
export const SAMPLERS: Readonly<Record<string, SamplerFactory>> = {
  RandomSampler: (seed) => new RandomSampler({ seed }),
};

/** See {@link SAMPLERS}. */
export const PRUNERS: Readonly<Record<string, PrunerFactory>> = {
  NopPruner: () => new NopPruner(),
};

/** A fresh SQLite file in this run's temporary folder. */
async function sqliteFile(): Promise<Storage> {
  return new SqlStorage(await SqliteDialect.open({ path: join(tempDir(), `conformance-${++files}.db`) }));
}
let files = 0;
let dir: string | undefined;
function tempDir(): string {
  if (dir === undefined) {
    const created = mkdtempSync(join(tmpdir(), "tunekit-conformance-"));
    process.on("exit", () => rmSync(created, { recursive: true, force: true }));
    dir = created;
  }
  return dir;
}

/**
 * See {@link SAMPLERS}. `SqlStorage` runs here over SQLite files; its PostgreSQL dialect runs the same
 * suite in an integration test against the server.
 */
export const STORAGES: Readonly<Record<string, () => Storage | Promise<Storage>>> = {
  MemoryStorage: () => new MemoryStorage(),
  SqlStorage: sqliteFile,
};
