import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CmaEsSampler,
  GPSampler,
  GridSampler,
  type GridSearchSpace,
  HyperbandPruner,
  MedianPruner,
  MemoryStorage,
  NopPruner,
  PatientPruner,
  PercentilePruner,
  QMCSampler,
  RandomSampler,
  RegularizedEvolutionSampler,
  SqliteDialect,
  SqlStorage,
  type Storage,
  SuccessiveHalvingPruner,
  ThresholdPruner,
  TPESampler,
  WilcoxonPruner,
} from "../../src/index.js";
import type { PrunerFactory } from "./describe-pruner.js";
import type { SamplerFactory } from "./describe-sampler.js";

/**
 * A grid holding every parameter the sampler suite suggests, with values inside each suggested
 * distribution: `x` and `y` lie in [0, 1] so the two-objective test (x, y ∈ [0, 1]) fits too, and `x`
 * has 21 values so 30 trials explore it. `model`, `C` and `depth` serve the conditional test.
 */
const CONFORMANCE_GRID: GridSearchSpace = {
  x: Array.from({ length: 21 }, (_, i) => i / 20),
  y: [0, 0.5, 1],
  lr: [1e-5, 1e-3, 1e-1],
  drop: [0, 0.2, 0.5],
  n: [1, 3, 9],
  units: [8, 64, 512],
  k: [2, 11, 20],
  opt: ["adam", "sgd", null, 3, true],
  model: ["linear", "tree"],
  C: [1e-3, 10, 1e3],
  depth: [1, 8, 16],
};

/**
 * Every sampler, pruner and storage tunekit exports, by exported class name, with the factory its
 * conformance suite runs. `conformance.test.ts` fails when an exported plug-in is missing here.
 */
export const SAMPLERS: Readonly<Record<string, SamplerFactory>> = {
  CmaEsSampler: (seed) => new CmaEsSampler({ seed }),
  GPSampler: (seed) => new GPSampler({ seed }),
  GridSampler: (seed) => new GridSampler({ searchSpace: CONFORMANCE_GRID, seed }),
  QMCSampler: (seed) => new QMCSampler({ seed }),
  RandomSampler: (seed) => new RandomSampler({ seed }),
  RegularizedEvolutionSampler: (seed) =>
    // P = 12 of the suite's 30 trials: 12 random, then 18 bred, so both phases are checked.
    new RegularizedEvolutionSampler({ seed, populationSize: 12, sampleSize: 3 }),
  TPESampler: (seed) => new TPESampler({ seed }),
};

/** See {@link SAMPLERS}. */
export const PRUNERS: Readonly<Record<string, PrunerFactory>> = {
  NopPruner: () => new NopPruner(),
  MedianPruner: () => new MedianPruner({ nStartupTrials: 2 }),
  PercentilePruner: () => new PercentilePruner({ percentile: 25, nStartupTrials: 2, nWarmupSteps: 1 }),
  PatientPruner: () => new PatientPruner({ wrapped: new MedianPruner({ nStartupTrials: 2 }), patience: 1 }),
  ThresholdPruner: () => new ThresholdPruner({ upper: 1.5, nWarmupSteps: 1 }),
  WilcoxonPruner: () => new WilcoxonPruner({ pThreshold: 0.2 }),
  SuccessiveHalvingPruner: () => new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 2 }),
  HyperbandPruner: () => new HyperbandPruner({ minResource: 1, maxResource: 8, reductionFactor: 2 }),
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
