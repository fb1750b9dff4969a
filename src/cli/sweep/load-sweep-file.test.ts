import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SweepError } from "../../core.js";
import { loadSweepFile } from "./load-sweep-file.js";

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tunekit-sweep-"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("loadSweepFile", () => {
  it("reads a file and names the study after it", async () => {
    const path = join(dir, "lr-sweep.yaml");
    await writeFile(path, "command: run\nmetric: m\nparameters: {x: [1, 2]}\n");
    const sweep = await loadSweepFile(path);
    expect(sweep.study).toBe("lr-sweep");
    expect(sweep.parameters).toHaveLength(1);
  });

  it("reports issues with the path as the file", async () => {
    const path = join(dir, "bad.yml");
    await writeFile(path, "command: run\nmetric: m\nparallel: 0\nparameters: {x: [1, 2]}\n");
    await expect(loadSweepFile(path)).rejects.toThrow(`${path}:3:11: parallel: must be a positive integer`);
  });

  it("reports a file that cannot be read as a SweepError", async () => {
    const path = join(dir, "missing.yaml");
    const error = await loadSweepFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SweepError);
    expect((error as SweepError).code).toBe("invalid-sweep");
    expect((error as SweepError).message).toMatch(new RegExp(`^${path}: cannot read the sweep file: ENOENT`));
  });
});
