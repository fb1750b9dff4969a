import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { mannWhitneyU } from "../../bench/runner/mann-whitney.js";
import {
  CMAES_STATE_KEY,
  type CmaEsRecord,
  CmaEsSampler,
  createStudy,
  parseCmaEsRecord,
  type Study,
  setVerbosity,
} from "../../src/index.js";
import { CMAES_TRIALS, ellipsoid } from "./fixtures/cmaes-objective.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const run = promisify(execFile);
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
/**
 * Seeds whose process pairs run at once: the pairs mostly wait on each other's SQLite locks, so 10
 * processes keep 2 cores busy without starving them.
 */
const BATCH = 5;
/** λ = 4 + ⌊3 ln 4⌋ for the 4 parameters. */
const POPSIZE = 8;

function worker(url: string, dir: string, id: number) {
  const script = resolve(HERE, "fixtures/cmaes-worker.ts");
  return run(process.execPath, ["--import", "tsx", script, url, "shared", dir, String(id)], {
    cwd: resolve(HERE, "../.."),
  });
}

async function record(study: Study): Promise<CmaEsRecord> {
  const stored = await study.storage.getState(study.studyId, CMAES_STATE_KEY);
  if (stored === null) throw new Error(`study "${study.studyName}" holds no CMA-ES record`);
  return parseCmaEsRecord(stored.value, study.studyName);
}

/** Two worker processes share one SQLite study with the seeded sampler; returns the study afterwards. */
async function twoProcesses(seed: number): Promise<Study> {
  const dir = mkdtempSync(join(tmpdir(), "tunekit-cmaes-2p-"));
  const url = `sqlite:${join(dir, "cmaes.db")}`;
  const study = await createStudy({ studyName: "shared", storage: url, sampler: new CmaEsSampler({ seed }) });
  const outputs = await Promise.all([worker(url, dir, 0), worker(url, dir, 1)]);
  for (const { stdout } of outputs) {
    expect(JSON.parse(stdout.trim().split("\n").at(-1) as string)).toMatchObject({ failed: 0 });
  }
  await study.getTrials();
  return study;
}

it(`CMA-ES: two processes sharing one SQLite study continue one search, and their best values over ${SEEDS.length} seeds are not significantly worse than one process's at ${CMAES_TRIALS} trials (one-sided Mann–Whitney U, α = 0.05)`, async () => {
  setVerbosity("silent");
  const one: number[] = [];
  for (const seed of SEEDS) {
    const study = await createStudy({ sampler: new CmaEsSampler({ seed }) });
    await study.optimize(ellipsoid, { nTrials: CMAES_TRIALS });
    // One process: trial 0 comes from the fallback, trials 1–79 from CMA-ES; the proposal of trials
    // 9, 17, …, 73 told generations 1–9, and trials 73–79 are proposed from the 10th.
    const own = await record(study);
    expect(own.state.popsize).toBe(POPSIZE);
    expect(own.state.generation).toBe(9);
    expect(own.proposed).toEqual([73, 74, 75, 76, 77, 78, 79]);
    one.push(study.bestValue);
  }

  const two: number[] = [];
  for (let i = 0; i < SEEDS.length; i += BATCH) {
    const studies = await Promise.all(SEEDS.slice(i, i + BATCH).map(twoProcesses));
    for (const study of studies) {
      const trials = study.trials;
      expect(trials.map((t) => t.number)).toEqual(Array.from({ length: CMAES_TRIALS }, (_, n) => n));
      expect(trials.every((t) => t.state === "COMPLETE")).toBe(true);
      expect(new Set(trials.map((t) => t.workerId)).size).toBe(2);
      // One shared search: each told generation took at least λ proposals, so g·λ plus the current
      // generation's proposals fit in the CMA-ES trials: all but trial 0, and trial 1 too when the second
      // worker claimed it before trial 0 finished (the fallback samples while no trial has finished). Each
      // generation took at most λ + 1 (one surplus trial, the other worker's in flight), so from ≥ 78
      // CMA-ES trials g ≥ 8; two separate searches over ≈ 40 trials each would reach at most 5.
      const shared = await record(study);
      expect(shared.state.popsize).toBe(POPSIZE);
      expect(shared.state.generation).toBeGreaterThanOrEqual(8);
      expect(shared.state.generation * POPSIZE + shared.proposed.length).toBeLessThanOrEqual(
        CMAES_TRIALS - 1,
      );
      two.push(study.bestValue);
    }
  }

  const { pValue } = mannWhitneyU(two, one, { alternative: "greater" });
  expect(pValue, JSON.stringify({ one, two })).toBeGreaterThan(0.05);
});
