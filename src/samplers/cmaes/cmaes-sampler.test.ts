import { describe, expect, it } from "vitest";
import { captureLogs, silenceLogs } from "../../../test/helpers.js";
import { InvalidArgumentError } from "../../errors.js";
import { MemoryStorage } from "../../storage/memory/memory-storage.js";
import { createStudy, loadStudy } from "../../study/create-study.js";
import type { Study } from "../../study/study.js";
import type { Trial } from "../../trial/trial.js";
import { RandomSampler } from "../random/random-sampler.js";
import { samplerRegistry } from "../sampler.js";
import { cmaEsRecordToJson } from "./cmaes-record.js";
import { CMAES_STATE_KEY, type CmaEsRecord, CmaEsSampler, parseCmaEsRecord } from "./cmaes-sampler.js";
import { fromUnit, toUnit } from "./cmaes-space.js";

silenceLogs();

const sphere = (t: Trial) => (t.suggestFloat("x", -5, 5) - 1) ** 2 + (t.suggestFloat("y", -5, 5) + 2) ** 2;

async function record(study: Study): Promise<CmaEsRecord> {
  const stored = await study.fullView().state.get(CMAES_STATE_KEY);
  if (stored === null) throw new Error("no CMA-ES record");
  return parseCmaEsRecord(stored.value, study.studyName);
}

/** Asks a trial that suggests x and y (proposed by CMA-ES once the history has them). */
async function askXY(study: Study): Promise<Trial> {
  const trial = await study.ask();
  trial.suggestFloat("x", -5, 5);
  trial.suggestFloat("y", -5, 5);
  return trial;
}

describe("CmaEsSampler", () => {
  it("minimises a 2-D sphere: best < 1e-6 in 300 trials (random search reaches about 1e-2)", async () => {
    const study = await createStudy({ sampler: new CmaEsSampler({ seed: 1 }) });
    await study.optimize(sphere, { nTrials: 300 });
    expect(study.bestTrial?.values?.[0]).toBeLessThan(1e-6);
    expect((await record(study)).state.generation).toBeGreaterThan(40);
  });

  it("maximises by ranking negated values", async () => {
    const study = await createStudy({ direction: "maximize", sampler: new CmaEsSampler({ seed: 2 }) });
    await study.optimize((t) => -sphere(t), { nTrials: 300 });
    expect(study.bestTrial?.values?.[0]).toBeGreaterThan(-1e-6);
  });

  it("forms a generation from the first popsize trials proposed for it; trial 0 (no history) is the fallback's", async () => {
    const study = await createStudy({ sampler: new CmaEsSampler({ seed: 3, popsize: 4 }) });
    await study.optimize(sphere, { nTrials: 9 });
    const r = await record(study);
    expect(r.state.generation).toBe(1);
    expect(r.fedBy).toEqual([1, 2, 3, 4]);
    expect(r.proposed).toEqual([5, 6, 7, 8]);
    expect(r.names).toEqual(["x", "y"]);
  });

  it("ignores FAILED trials: the generation waits for popsize completed ones", async () => {
    const study = await createStudy({ sampler: new CmaEsSampler({ seed: 4, popsize: 4 }) });
    await study.optimize(
      (t) => {
        const v = sphere(t);
        if (t.number === 2 || t.number === 3) throw new Error("broken run");
        return v;
      },
      { nTrials: 8, catch: true },
    );
    const r = await record(study);
    expect(r.fedBy).toEqual([1, 4, 5, 6]);
    expect(r.proposed).toEqual([7]);
  });

  it("ignores PRUNED trials by default, and with usePrunedTrials values them at their last report", async () => {
    for (const usePrunedTrials of [false, true]) {
      const study = await createStudy({
        sampler: new CmaEsSampler({ seed: 5, popsize: 4, usePrunedTrials }),
      });
      await study.tell(await askXY(study), 1);
      const trials = [];
      for (let i = 0; i < 5; i++) trials.push(await askXY(study));
      (trials[0] as Trial).report(50, 1);
      (trials[0] as Trial).report(-100, 2);
      await study.tell(trials[0] as Trial, { state: "PRUNED" });
      for (const t of trials.slice(1)) await study.tell(t, 3);
      await askXY(study);
      const r = await record(study);
      expect(r.state.generation).toBe(1);
      expect(r.fedBy).toEqual(usePrunedTrials ? [1, 2, 3, 4] : [2, 3, 4, 5]);
      // The pruned trial, valued −100 < 3, is the best of its generation: the mean moves to it.
      if (usePrunedTrials) {
        const x1 = toUnit(
          { type: "float", low: -5, high: 5, log: false, step: null },
          trials[0]?.params.x as number,
        );
        expect(Math.abs((r.state.mean[0] as number) - x1)).toBeLessThan(
          Math.abs((r.state.mean[0] as number) - 0.5) + 1e-12,
        );
      }
    }
  });

  it("leaves surplus trials (proposed beyond the first popsize finished) out of the update", async () => {
    const study = await createStudy({ sampler: new CmaEsSampler({ seed: 6, popsize: 4 }) });
    await study.tell(await askXY(study), 1);
    const trials = [];
    for (let i = 0; i < 6; i++) trials.push(await askXY(study));
    for (const t of trials) await study.tell(t, 2);
    const next = await askXY(study);
    const r = await record(study);
    expect(r.fedBy).toEqual([1, 2, 3, 4]);
    expect(r.proposed).toEqual([next.number]);
    expect(r.state.generation).toBe(1);
  });

  it("lets two workers and a restarted process (another seed) continue one search", async () => {
    const storage = new MemoryStorage();
    const a = await createStudy({
      storage,
      studyName: "s",
      sampler: new CmaEsSampler({ seed: 7, popsize: 4 }),
    });
    const b = await loadStudy({
      storage,
      studyName: "s",
      sampler: new CmaEsSampler({ seed: 8, popsize: 4 }),
    });
    await a.optimize(sphere, { nTrials: 1 });
    for (let i = 0; i < 6; i++) {
      const worker = i % 2 === 0 ? a : b;
      await worker.optimize(sphere, { nTrials: 2 });
    }
    const shared = await record(a);
    expect(shared.state.generation).toBe(2); // 12 proposals: generations of trials 1–4 and 5–8 are told
    expect(shared.fedBy).toEqual([5, 6, 7, 8]);
    expect(shared.seed).toBe(7);
    const restarted = await loadStudy({ storage, studyName: "s", sampler: new CmaEsSampler({ seed: 9 }) });
    await restarted.optimize(sphere, { nTrials: 1 });
    const after = await record(restarted);
    expect(after.state.generation).toBe(3);
    expect(after.fedBy).toEqual([9, 10, 11, 12]);
  });

  it("keeps one consistent search under concurrent trials of two studies on one storage", async () => {
    const storage = new MemoryStorage();
    const a = await createStudy({
      storage,
      studyName: "s",
      sampler: new CmaEsSampler({ seed: 14, popsize: 4 }),
    });
    const b = await loadStudy({
      storage,
      studyName: "s",
      sampler: new CmaEsSampler({ seed: 14, popsize: 4 }),
    });
    const slowSphere = async (t: Trial) => {
      const v = sphere(t);
      await new Promise((resolve) => setTimeout(resolve, t.number % 3));
      return v;
    };
    await Promise.all([
      a.optimize(slowSphere, { nTrials: 40, concurrency: 3 }),
      b.optimize(slowSphere, { nTrials: 40, concurrency: 3 }),
    ]);
    const r = await record(a);
    // At most 6 trials run at once, so a generation takes at most popsize + 5 proposals of the ~75.
    expect(r.state.generation).toBeGreaterThanOrEqual(8);
    expect(new Set(r.fedBy).size).toBe(4);
    expect(new Set(r.proposed).size).toBe(r.proposed.length);
    for (const n of r.proposed) expect(r.fedBy).not.toContain(n);
  });

  it("does not feed trials of other samplers into the first generation", async () => {
    const storage = new MemoryStorage();
    const first = await createStudy({ storage, studyName: "s", sampler: new RandomSampler({ seed: 1 }) });
    await first.optimize(sphere, { nTrials: 10 });
    const study = await loadStudy({
      storage,
      studyName: "s",
      sampler: new CmaEsSampler({ seed: 1, popsize: 4 }),
    });
    await study.optimize(sphere, { nTrials: 5 });
    expect((await record(study)).fedBy).toEqual([10, 11, 12, 13]);
  });

  it("starts from x0 with step sigma0, in log space for log-scaled parameters", async () => {
    const study = await createStudy({
      sampler: new CmaEsSampler({ seed: 10, x0: { lr: 1e-3, n: 10 }, sigma0: 0.01 }),
    });
    const objective = (t: Trial) =>
      Math.log(t.suggestFloat("lr", 1e-6, 1, { log: true })) + t.suggestInt("n", 1, 100);
    await study.optimize(objective, { nTrials: 4 });
    for (const t of study.trials.slice(1)) {
      expect(Math.abs(Math.log10(t.params.lr as number) + 3)).toBeLessThan(0.3);
      expect(Math.abs((t.params.n as number) - 10)).toBeLessThanOrEqual(3);
      expect(Number.isInteger(t.params.n)).toBe(true);
    }
  });

  it("samples categorical parameters with the fallback and warns once", async () => {
    const lines = captureLogs("warning");
    const study = await createStudy({ sampler: new CmaEsSampler({ seed: 11, fallback: "tpe" }) });
    await study.optimize((t) => sphere(t) + (t.suggestCategorical("c", ["a", "b"]) === "a" ? 0 : 1), {
      nTrials: 12,
    });
    const warnings = lines.filter((l) => l.message.includes("fallback"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toContain('parameter "c"');
    expect((await record(study)).names).toEqual(["x", "y"]);
  });

  it("starts a new search, with a warning, when the searched space changes (a parameter dropped)", async () => {
    const lines = captureLogs("warning");
    const storage = new MemoryStorage();
    const a = await createStudy({ storage, studyName: "s", sampler: new CmaEsSampler({ seed: 12 }) });
    await a.optimize(sphere, { nTrials: 10 });
    expect((await record(a)).names).toEqual(["x", "y"]);
    const b = await loadStudy({ storage, studyName: "s", sampler: new CmaEsSampler({ seed: 12 }) });
    // Trials without y: the intersection search space shrinks to x.
    await b.optimize((t) => t.suggestFloat("x", -5, 5) ** 2, { nTrials: 3 });
    expect(lines.filter((l) => l.message.includes("a new CMA-ES search starts"))).toHaveLength(1);
    const r = await record(b);
    expect(r.names).toEqual(["x"]);
    expect(r.state.generation).toBe(0);
  });

  it("starts a fresh search at the mean, with a warning, when the distribution has collapsed", async () => {
    const lines = captureLogs("warning");
    const study = await createStudy({ sampler: new CmaEsSampler({ seed: 13, popsize: 4 }) });
    await study.optimize(sphere, { nTrials: 5 });
    const stored = await study.fullView().state.get(CMAES_STATE_KEY);
    const before = await record(study);
    const collapsed = { ...before, state: { ...before.state, sigma: 1e-20 } };
    await study
      .fullView()
      .state.compareAndSet(CMAES_STATE_KEY, stored?.version ?? 0, cmaEsRecordToJson(collapsed));
    await study.optimize(sphere, { nTrials: 1 });
    const after = await record(study);
    expect(after.fedBy).toEqual([1, 2, 3, 4]);
    expect(after.state.sigma).toBe(1 / 6);
    expect(after.state.generation).toBe(0);
    expect(lines.filter((l) => l.message.includes("distribution collapsed"))).toHaveLength(1);
  });

  it("rebuilds from toJSON() through the registry", () => {
    const options = {
      seed: 3,
      x0: { x: 1 },
      sigma0: 0.2,
      popsize: 8,
      usePrunedTrials: true,
      fallback: "tpe",
      restart: "bipop",
    } as const;
    const sampler = new CmaEsSampler(options);
    expect(sampler.toJSON()).toEqual({ name: "cmaes", options });
    expect(samplerRegistry.create(sampler.toJSON()).toJSON()).toEqual(sampler.toJSON());
    // A config stored before restarts existed rebuilds without them.
    expect(samplerRegistry.create({ name: "cmaes", options: { seed: 3 } }).toJSON().options).toMatchObject({
      restart: null,
    });
  });

  it("rejects bad options with what must hold", () => {
    expect(() => new CmaEsSampler({ sigma0: 0 })).toThrow(InvalidArgumentError);
    expect(() => new CmaEsSampler({ sigma0: 0 })).toThrow(/sigma0 must be a number in \(0, 1\]/);
    expect(() => new CmaEsSampler({ popsize: 1 })).toThrow(/popsize must be an integer ≥ 2/);
    expect(() => new CmaEsSampler({ fallback: "gp" as never })).toThrow(
      /fallback must be one of "random", "tpe"/,
    );
    expect(() => new CmaEsSampler({ consider_pruned_trials: true } as never)).toThrow(InvalidArgumentError);
    expect(() => new CmaEsSampler({ restart: "ipop2" as never })).toThrow(
      /restart must be null or one of "ipop", "bipop"/,
    );
  });
});

describe("CMA-ES unit-cube mapping", () => {
  const int = { type: "int", low: 1, high: 3, log: false, step: 1 } as const;
  const logFloat = { type: "float", low: 1e-4, high: 1, log: true, step: null } as const;
  it("gives every int an equal share of [0, 1] and round-trips grid values", () => {
    expect([0, 0.3, 0.34, 0.66, 0.67, 1].map((u) => fromUnit(int, u))).toEqual([1, 1, 2, 2, 3, 3]);
    for (const v of [1, 2, 3]) expect(fromUnit(int, toUnit(int, v))).toBe(v);
  });
  it("maps log-scaled floats through their log range", () => {
    expect(fromUnit(logFloat, 0.5)).toBeCloseTo(1e-2, 12);
    expect(toUnit(logFloat, 1e-3)).toBeCloseTo(0.25, 12);
  });
});
