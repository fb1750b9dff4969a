import { describe, expect, it } from "vitest";
import { silenceLogs } from "../../test/helpers.js";
import { RandomSampler } from "../samplers/random/random-sampler.js";
import type { ParamValue } from "../search-space/distribution.js";
import { MemoryStorage } from "../storage/memory/memory-storage.js";
import type { Trial } from "../trial/trial.js";
import { createStudy, loadStudy } from "./create-study.js";
import type { Study } from "./study.js";

silenceLogs();

function objective(trial: Trial): number {
  const x = trial.suggestFloat("x", -5, 5);
  const lr = trial.suggestFloat("lr", 1e-5, 1, { log: true });
  const d = trial.suggestFloat("dropout", 0, 0.5, { step: 0.05 });
  const n = trial.suggestInt("n", 1, 100);
  const units = trial.suggestInt("units", 8, 512, { log: true });
  const opt = trial.suggestCategorical("opt", ["adam", "sgd", "lion"]);
  return x * x + lr + d + n + units + opt.length;
}

type Params = Readonly<Record<string, ParamValue>>;

async function paramsOf(study: Study): Promise<Params[]> {
  return (await study.getTrials()).map((t) => t.params);
}

async function runSeeded(seed: number, nTrials: number): Promise<Params[]> {
  const study = await createStudy({ sampler: new RandomSampler({ seed }) });
  await study.optimize(objective, { nTrials });
  return paramsOf(study);
}

describe("RandomSampler determinism", () => {
  it("records its seed and rejects a non-integer one", () => {
    expect(new RandomSampler({ seed: 5 }).toJSON()).toEqual({ name: "random", options: { seed: 5 } });
    expect(Number.isInteger(new RandomSampler().seed)).toBe(true);
    expect(() => new RandomSampler({ seed: 1.5 })).toThrow(/seed must be an integer/);
  });

  it("gives identical parameters for the same seed over a 20-trial run", async () => {
    const a = await runSeeded(42, 20);
    const b = await runSeeded(42, 20);
    expect(a).toHaveLength(20);
    expect(b).toEqual(a);
  });

  it("gives different parameters for a different seed", async () => {
    const a = await runSeeded(42, 20);
    const b = await runSeeded(43, 20);
    for (let k = 0; k < 20; k++) expect(b[k]?.x).not.toBe(a[k]?.x);
  });

  it("varies between trials of one run", async () => {
    const params = await runSeeded(7, 20);
    expect(new Set(params.map((p) => p.x)).size).toBe(20);
    expect(new Set(params.map((p) => p.opt)).size).toBe(3);
  });

  it("continues the same per-trial sequence when a study is resumed with loadStudy", async () => {
    const uninterrupted = await runSeeded(99, 20);
    const storage = new MemoryStorage();
    const first = await createStudy({
      storage,
      studyName: "resume",
      sampler: new RandomSampler({ seed: 99 }),
    });
    await first.optimize(objective, { nTrials: 8 });
    const resumed = await loadStudy({ storage, studyName: "resume" });
    await resumed.optimize(objective, { nTrials: 12 });
    const params = await paramsOf(resumed);
    expect(params).toHaveLength(20);
    for (let k = 0; k < 20; k++) expect(params[k], `trial ${k}`).toEqual(uninterrupted[k]);
  });

  it("gives each trial number the same parameters whatever the concurrency", async () => {
    const sequential = await runSeeded(5, 12);
    const study = await createStudy({ sampler: new RandomSampler({ seed: 5 }) });
    await study.optimize(
      async (trial) => {
        await new Promise((r) => setTimeout(r, trial.number % 3));
        return objective(trial);
      },
      { nTrials: 12, concurrency: 4 },
    );
    expect(await paramsOf(study)).toEqual(sequential);
  });

  it("gives the same parameters through ask/tell as through optimize", async () => {
    const viaOptimize = await runSeeded(8, 5);
    const study = await createStudy({ sampler: new RandomSampler({ seed: 8 }) });
    for (let i = 0; i < 5; i++) {
      const trial = await study.ask();
      await study.tell(trial, objective(trial));
    }
    expect(await paramsOf(study)).toEqual(viaOptimize);
  });

  it("draws a parameter independently of which other parameters were suggested before it", async () => {
    const seed = 2024;
    const plain = await createStudy({ sampler: new RandomSampler({ seed }) });
    await plain.optimize((t) => t.suggestFloat("x", 0, 1), { nTrials: 15 });
    const branchy = await createStudy({ sampler: new RandomSampler({ seed }) });
    await branchy.optimize(
      (t) => {
        if (t.suggestCategorical("branch", ["a", "b"]) === "a") {
          t.suggestInt("depth", 1, 10);
          t.suggestFloat("alpha", 1e-3, 1, { log: true });
        }
        return t.suggestFloat("x", 0, 1);
      },
      { nTrials: 15 },
    );
    const xs = (await paramsOf(plain)).map((p) => p.x);
    const branched = await paramsOf(branchy);
    expect(new Set(branched.map((p) => p.branch)).size).toBe(2);
    expect(branched.map((p) => p.x)).toEqual(xs);
  });
});
