import { describe, expect, it } from "vitest";
import { captureLogs, silenceLogs, thrown } from "../../../test/helpers.js";
import { InvalidArgumentError } from "../../errors.js";
import { HaltonSequence } from "../../math/halton.js";
import { SobolSequence } from "../../math/sobol.js";
import { MemoryStorage } from "../../storage/memory/memory-storage.js";
import { createStudy, loadStudy } from "../../study/create-study.js";
import type { Study } from "../../study/study.js";
import type { JsonValue } from "../../trial/frozen-trial.js";
import type { Trial } from "../../trial/trial.js";
import { samplerRegistry } from "../sampler.js";
import { claimQmcPoint, QMC_STATE_KEY, QMCSampler, readQmcCounter } from "./qmc-sampler.js";

silenceLogs();

function xy(t: Trial): number {
  return t.suggestFloat("x", 0, 1) + t.suggestFloat("y", 0, 1);
}

/** The (x, y) of trials 1… (trial 0 is drawn at random before any history exists). */
function sequencePart(study: Study): number[][] {
  return study.trials.slice(1).map((t) => [t.params.x as number, t.params.y as number]);
}

async function counter(study: Study): Promise<number | undefined> {
  return (await readQmcCounter(study.fullView().state, study.studyName))?.next;
}

describe("QMCSampler", () => {
  it("draws the first trial at random, then follows the sequence from point 0", async () => {
    const study = await createStudy({ sampler: new QMCSampler({ scramble: false, seed: 1 }) });
    await study.optimize(xy, { nTrials: 9 });
    const sobol = new SobolSequence({ dimension: 2 });
    expect(sequencePart(study)).toEqual(Array.from({ length: 8 }, (_, i) => Array.from(sobol.point(i))));
    expect(sequencePart(study).slice(0, 4)).toEqual([
      [0, 0],
      [0.5, 0.5],
      [0.75, 0.25],
      [0.25, 0.75],
    ]);
    expect(await counter(study)).toBe(8);
  });

  it("follows scrambled Halton when asked", async () => {
    const study = await createStudy({ sampler: new QMCSampler({ qmcType: "halton", seed: 5 }) });
    await study.optimize(xy, { nTrials: 6 });
    const halton = new HaltonSequence({ dimension: 2, scramble: true, seed: 5 });
    expect(sequencePart(study)).toEqual(Array.from({ length: 5 }, (_, i) => Array.from(halton.point(i))));
  });

  it("scrambled Sobol puts one of the first 2^k sequence points in each 1/2^k of every axis", async () => {
    const study = await createStudy({ sampler: new QMCSampler({ seed: 3 }) });
    await study.optimize(xy, { nTrials: 1 + 64 });
    for (const axis of [0, 1]) {
      const cells = new Set(sequencePart(study).map((p) => Math.floor((p[axis] as number) * 64)));
      expect(cells.size).toBe(64);
    }
  });

  it("maps the point onto int, log, step and categorical parameters", async () => {
    const study = await createStudy({ sampler: new QMCSampler({ scramble: false, seed: 1 }) });
    await study.optimize(
      (t) => {
        t.suggestInt("n", 1, 4);
        t.suggestFloat("lr", 1e-4, 1, { log: true });
        t.suggestFloat("drop", 0, 0.5, { step: 0.25 });
        t.suggestCategorical("opt", ["a", "b", "c", "d"] as const);
        return 0;
      },
      { nTrials: 3 },
    );
    // Sorted names drop, lr, n, opt get coordinates 0…3: all 0 at point 0, all 1/2 at point 1.
    expect(study.trials[1]?.params).toMatchObject({ n: 1, drop: 0, opt: "a" });
    expect(study.trials[1]?.params.lr).toBeCloseTo(1e-4, 15);
    expect(study.trials[2]?.params).toMatchObject({ n: 3, drop: 0.25, opt: "c" });
    expect(study.trials[2]?.params.lr).toBeCloseTo(1e-2, 12);
  });

  it("workers of one study share one sequence: two Study objects never take the same index", async () => {
    const storage = new MemoryStorage();
    const a = await createStudy({
      storage,
      studyName: "s",
      sampler: new QMCSampler({ scramble: false, seed: 1 }),
    });
    const b = await loadStudy({
      storage,
      studyName: "s",
      sampler: new QMCSampler({ scramble: false, seed: 2 }),
    });
    await a.optimize(xy, { nTrials: 1 });
    for (let i = 0; i < 6; i++) await (i % 2 === 0 ? a : b).optimize(xy, { nTrials: 1 });
    await b.refresh();
    const sobol = new SobolSequence({ dimension: 2 });
    expect(sequencePart(b)).toEqual(Array.from({ length: 6 }, (_, i) => Array.from(sobol.point(i))));
    expect(await counter(b)).toBe(6);
  });

  it("concurrent trials claim distinct indices, one per trial after the first finished", async () => {
    const study = await createStudy({ sampler: new QMCSampler({ seed: 9 }) });
    await study.optimize(xy, { nTrials: 1 });
    await study.optimize(
      async (t) => {
        const value = xy(t);
        await new Promise((r) => setTimeout(r, t.number % 3));
        return value;
      },
      { nTrials: 32, concurrency: 4 },
    );
    expect(await counter(study)).toBe(32);
    const sobol = new SobolSequence({ dimension: 2, scramble: true, seed: 9 });
    const expected = Array.from({ length: 32 }, (_, i) => Array.from(sobol.point(i)).join());
    expect(
      sequencePart(study)
        .map((p) => p.join())
        .sort(),
    ).toEqual(expected.sort());
  });

  it("retries a lost compare-and-set on the counter", async () => {
    let calls = 0;
    class FlakyStorage extends MemoryStorage {
      override compareAndSetState(studyId: number, key: string, version: number, value: JsonValue) {
        calls++;
        if (calls === 2) return Promise.resolve(null);
        return super.compareAndSetState(studyId, key, version, value);
      }
    }
    const study = await createStudy({
      storage: new FlakyStorage(),
      sampler: new QMCSampler({ scramble: false, seed: 1 }),
    });
    await study.optimize(xy, { nTrials: 4 });
    expect(calls).toBe(4);
    expect(sequencePart(study)).toEqual([
      [0, 0],
      [0.5, 0.5],
      [0.75, 0.25],
    ]);
  });

  it("a worker with another seed or sequence follows the study's, warning about the sequence", async () => {
    const storage = new MemoryStorage();
    const first = await createStudy({ storage, studyName: "s", sampler: new QMCSampler({ seed: 1 }) });
    await first.optimize(xy, { nTrials: 3 });
    const lines = captureLogs("warning");
    const other = await loadStudy({
      storage,
      studyName: "s",
      sampler: new QMCSampler({ qmcType: "halton", seed: 2 }),
    });
    await other.optimize(xy, { nTrials: 2 });
    const sobol = new SobolSequence({ dimension: 2, scramble: true, seed: 1 });
    expect(sequencePart(other)).toEqual(Array.from({ length: 4 }, (_, i) => Array.from(sobol.point(i))));
    expect(lines.filter((l) => l.message.includes("follows the scrambled sobol sequence"))).toHaveLength(1);
    expect((await readQmcCounter(other.fullView().state, "s"))?.seed).toBe(1);
  });

  it("samples conditional parameters at random, warning once per parameter", async () => {
    const lines = captureLogs("warning");
    const study = await createStudy({ sampler: new QMCSampler({ seed: 4 }) });
    await study.optimize(
      (t) =>
        t.suggestCategorical("m", ["a", "b"] as const) === "a"
          ? t.suggestFloat("u", 0, 1)
          : t.suggestInt("v", 1, 9),
      { nTrials: 20 },
    );
    const warned = lines.map((l) => l.message).filter((m) => m.includes("sampled at random"));
    expect(new Set(warned.map((m) => /"(\w)"/.exec(m)?.[1]))).toEqual(new Set(["u", "v"]));
    expect(warned).toHaveLength(2);
    const quiet = captureLogs("warning");
    const silent = await createStudy({
      sampler: new QMCSampler({ seed: 4, warnIndependentSampling: false }),
    });
    await silent.optimize((t) => (t.number > 0 ? t.suggestFloat("late", 0, 1) : 0), { nTrials: 3 });
    expect(quiet).toEqual([]);
  });

  it("an enqueued trial fixing every relative parameter claims no point", async () => {
    const study = await createStudy({ sampler: new QMCSampler({ scramble: false, seed: 1 }) });
    await study.optimize(xy, { nTrials: 2 });
    await study.enqueueTrial({ x: 0.3, y: 0.3 });
    await study.optimize(xy, { nTrials: 2 });
    expect(study.trials[2]?.params).toEqual({ x: 0.3, y: 0.3 });
    expect(study.trials[3]?.params).toEqual({ x: 0.5, y: 0.5 });
    expect(await counter(study)).toBe(2);
  });

  it("toJSON() rebuilds the sampler through the registry", () => {
    const sampler = new QMCSampler({
      qmcType: "halton",
      scramble: false,
      seed: 3,
      warnIndependentSampling: false,
    });
    const config = sampler.toJSON();
    expect(config).toEqual({
      name: "qmc",
      options: { qmcType: "halton", scramble: false, seed: 3, warnIndependentSampling: false },
    });
    expect(samplerRegistry.create(config).toJSON()).toEqual(config);
    expect(new QMCSampler().toJSON().options).toMatchObject({ qmcType: "sobol", scramble: true });
  });

  it("rejects bad options with an InvalidArgumentError naming the option", () => {
    const bad = thrown(() => new QMCSampler({ qmcType: "lattice" as "sobol" })) as InvalidArgumentError;
    expect(bad).toBeInstanceOf(InvalidArgumentError);
    expect(bad.message).toMatch(/qmcType must be one of "sobol", "halton", but got "lattice"/);
    expect(() => new QMCSampler({ seed: 1.5 })).toThrow(/seed must be an integer/);
    expect(() => new QMCSampler(null as unknown as object)).toThrow(/options must be an object/);
  });
});

describe("claimQmcPoint", () => {
  it("claims nothing for an empty search space", async () => {
    const study = await createStudy({});
    expect(await claimQmcPoint({ study: study.fullView(), searchSpace: {}, seed: 1 })).toEqual({
      values: {},
      index: null,
      key: null,
    });
    expect(await study.fullView().state.get(QMC_STATE_KEY)).toBeNull();
  });

  it("gives a start-up point from the study's sequence, by sorted parameter name", async () => {
    const study = await createStudy({});
    const view = study.fullView();
    const searchSpace = {
      b: { type: "float", low: 0, high: 10, log: false, step: null },
      a: { type: "categorical", choices: ["p", "q"] },
    } as const;
    const first = await claimQmcPoint({ study: view, searchSpace, scramble: false, seed: 1 });
    const second = await claimQmcPoint({ study: view, searchSpace, scramble: false, seed: 1 });
    expect(first).toEqual({
      values: { a: 0, b: 0 },
      index: 0,
      key: { qmcType: "sobol", scramble: false, seed: 1 },
    });
    expect(second.values).toEqual({ a: 1, b: 5 });
    expect(second.index).toBe(1);
  });
});
