import { describe, expect, it } from "vitest";
import { curveStudy, prunedAt, runCurve } from "../../../test/pruner-helpers.js";
import { TrialPruned } from "../../errors.js";
import { RandomSampler } from "../../samplers/random/random-sampler.js";
import { MemoryStorage } from "../../storage/memory/memory-storage.js";
import { createStudy, loadStudy } from "../../study/create-study.js";
import type { Study } from "../../study/study.js";
import { prunerRegistry } from "../pruner.js";
import { SuccessiveHalvingPruner } from "./successive-halving-pruner.js";

type Entry = [number, number];

async function rung(study: Study, key: string): Promise<Entry[] | null> {
  const record = await study.storage.getState(study.studyId, key);
  return record === null ? null : ((record.value as { entries: Entry[] }).entries as Entry[]);
}

/** The rule, restated: continue when fewer than max(1, ⌊n/η⌋) earlier arrivals are strictly better. */
function promoted(prefix: readonly Entry[], eta: number, sign = 1): boolean {
  const own = sign * (prefix[prefix.length - 1] as Entry)[1];
  const better = prefix.slice(0, -1).filter(([, v]) => sign * v < own).length;
  return better < Math.max(1, Math.floor(prefix.length / eta));
}

describe("SuccessiveHalvingPruner", () => {
  it("rung 0 at step r·η^s: keeps the best max(1, ⌊n/η⌋) of the n arrivals so far (hand-computed)", async () => {
    const study = await curveStudy(new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 2 }), []);
    // Arrivals at step 1: 5 (1 of 1), 3 (best of 2), 4 (2nd of 3, keep 1 → stop), 1 (best), 2.5 (2nd of 5,
    // keep 2), 6 (6th of 6, keep 3 → stop).
    const answers = [];
    for (const v of [5, 3, 4, 1, 2.5, 6]) answers.push(prunedAt(await runCurve(study, [100, v])));
    expect(answers).toEqual([[], [], [1], [], [], [1]]);
    expect(await rung(study, "successive-halving[0]@1")).toEqual([
      [0, 5],
      [1, 3],
      [2, 4],
      [3, 1],
      [4, 2.5],
      [5, 6],
    ]);
  });

  it("climbs rung after rung: η = 2, r = 1 puts rungs at steps 1, 2, 4, 8", async () => {
    const study = await curveStudy(new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 2 }), []);
    expect(prunedAt(await runCurve(study, [9, 8, 7, 6, 5, 4, 3, 2, 1]))).toEqual([]);
    // Same until step 2, then worse than trial 0 at step 4 (3 vs 5): the best of 2 continues, so it stops.
    expect(prunedAt(await runCurve(study, [9, 8, 7, 6, 6]))).toEqual([4]);
    expect((await rung(study, "successive-halving[0]@4"))?.map((e) => e[1])).toEqual([5, 6]);
    expect((await rung(study, "successive-halving[0]@8"))?.map((e) => e[1])).toEqual([1]);
    expect(await rung(study, "successive-halving[0]@16")).toBeNull();
  });

  it("minEarlyStoppingRate s = 1, r = 2, η = 3: the first rung is at step 6, the next at 18", async () => {
    const study = await curveStudy(
      new SuccessiveHalvingPruner({ minResource: 2, reductionFactor: 3, minEarlyStoppingRate: 1 }),
      [],
    );
    await runCurve(study, Array(7).fill(1));
    expect(prunedAt(await runCurve(study, Array(19).fill(5)))).toEqual([
      6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,
    ]);
    expect((await rung(study, "successive-halving[0]@6"))?.length).toBe(2);
  });

  it("bootstrapCount: the first arrivals at a rung only seed it", async () => {
    const study = await curveStudy(
      new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 3, bootstrapCount: 2 }),
      [],
    );
    const answers = [];
    for (const v of [1, 2, 0.5, 3]) answers.push(prunedAt(await runCurve(study, [0, v])));
    expect(answers).toEqual([[1], [1], [], [1]]);
  });

  it("a trial's value at a rung is its report at the first reported step at or after it", async () => {
    const study = await curveStudy(new SuccessiveHalvingPruner({ minResource: 2, reductionFactor: 2 }), []);
    await runCurve(study, { 0: 9, 3: 1 });
    expect(await rung(study, "successive-halving[0]@2")).toEqual([[0, 1]]);
  });

  it("NaN at a rung prunes and is not recorded", async () => {
    const study = await curveStudy(new SuccessiveHalvingPruner({ minResource: 1 }), []);
    expect(prunedAt(await runCurve(study, [1, Number.NaN]))).toEqual([1]);
    expect(await rung(study, "successive-halving[0]@1")).toBeNull();
  });

  it("asking again gives the same answer and records the trial once", async () => {
    const study = await curveStudy(new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 2 }), []);
    await runCurve(study, [0, 1]);
    const trial = await study.ask();
    trial.report(2, 1);
    expect(await trial.shouldPrune()).toBe(true);
    expect(await trial.shouldPrune()).toBe(true);
    // Even after better trials arrive later, the decision stands.
    await runCurve(study, [0, 3]);
    expect(await trial.shouldPrune()).toBe(true);
    expect((await rung(study, "successive-halving[0]@1"))?.map((e) => e[0])).toEqual([0, 1, 2]);
  });

  it("maximize: the largest values continue", async () => {
    const study = await curveStudy(new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 2 }), [], {
      directions: ["maximize"],
    });
    const answers = [];
    for (const v of [0.5, 0.4, 0.9]) answers.push(prunedAt(await runCurve(study, [0, v])));
    expect(answers).toEqual([[], [1], []]);
  });

  it("minResource 'auto': no pruning before a COMPLETE trial, then max(1, ⌊last step / 100⌋), shared", async () => {
    const storage = new MemoryStorage();
    const study = await curveStudy(new SuccessiveHalvingPruner(), [], { storage, studyName: "auto" });
    expect(prunedAt(await runCurve(study, Array(8).fill(1)))).toEqual([]);
    expect(await study.storage.getState(study.studyId, "successive-halving:minResource")).toBeNull();
    await study.addTrial({ params: {}, values: 1, intermediateValues: { 0: 1, 250: 1 } });
    expect(prunedAt(await runCurve(study, [1, 1, 0.5]))).toEqual([]);
    expect((await study.storage.getState(study.studyId, "successive-halving:minResource"))?.value).toBe(2);
    // Another worker, with another COMPLETE trial in view, keeps the value fixed by the first.
    await study.addTrial({ params: {}, values: 1, intermediateValues: { 999: 1 } });
    const other = await loadStudy({ storage, studyName: "auto", pruner: new SuccessiveHalvingPruner() });
    expect(prunedAt(await runCurve(other, [1, 1, 0.9]))).toEqual([2]);
  });

  it("objective 'pareto': continues when fewer than max(1, ⌊n/η⌋) arrivals lie on a better front", async () => {
    const study = await curveStudy(
      new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 2, objective: "pareto" }),
      [],
      { directions: ["minimize", "maximize"] },
    );
    const answers = [];
    // (1, 0.5) first; (2, 0.9) trades off: same front; (2, 0.4) dominated by both; (0.5, 0.95) dominates all
    // (n = 4, keep 2: nobody is better); (3, 0.1): 4 arrivals on better fronts.
    for (const p of [
      [1, 0.5],
      [2, 0.9],
      [2, 0.4],
      [0.5, 0.95],
      [3, 0.1],
    ]) {
      answers.push(prunedAt(await runCurve(study, [p, p])));
    }
    expect(answers).toEqual([[], [], [1], [], [1]]);
  });

  it("under concurrency 4 and two Study objects on one storage, every decision follows its rung's record", async () => {
    const storage = new MemoryStorage();
    const pruner = () => new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 3 });
    const a = await createStudy({
      storage,
      studyName: "sh",
      pruner: pruner(),
      sampler: new RandomSampler({ seed: 3 }),
    });
    const b = await loadStudy({
      storage,
      studyName: "sh",
      pruner: pruner(),
      sampler: new RandomSampler({ seed: 4 }),
    });
    const objective = async (trial: import("../../trial/trial.js").Trial) => {
      const q = trial.suggestFloat("q", 0, 1);
      let v = 0;
      for (let step = 0; step < 12; step++) {
        v = q + 1 / (step + 1);
        trial.report(v, step);
        await new Promise((r) => setTimeout(r, 0));
        if (await trial.shouldPrune()) throw new TrialPruned();
      }
      return v;
    };
    await Promise.all([
      a.optimize(objective, { nTrials: 30, concurrency: 4 }),
      b.optimize(objective, { nTrials: 30, concurrency: 4 }),
    ]);
    const trials = await a.getTrials();
    expect(trials).toHaveLength(60);
    const pruned = trials.filter((t) => t.state === "PRUNED");
    expect(pruned.length).toBeGreaterThan(20);
    const decisions = new Map<number, boolean[]>();
    for (const step of [1, 3, 9]) {
      const entries = (await rung(a, `successive-halving[0]@${step}`)) ?? [];
      expect(new Set(entries.map((e) => e[0])).size).toBe(entries.length);
      entries.forEach(([number], i) => {
        const list = decisions.get(number) ?? [];
        list.push(promoted(entries.slice(0, i + 1), 3));
        decisions.set(number, list);
      });
    }
    for (const t of trials) {
      const list = decisions.get(t.number) ?? [];
      // A PRUNED trial was stopped at the last rung it reached; a COMPLETE one passed every rung.
      if (t.state === "PRUNED") expect(list.at(-1), `trial ${t.number}`).toBe(false);
      else expect(list.every(Boolean), `trial ${t.number}`).toBe(true);
      expect(list.slice(0, -1).every(Boolean)).toBe(true);
    }
  });

  it("toJSON() rebuilds; readsStudy only for minResource 'auto'; bad options are named", () => {
    const p = new SuccessiveHalvingPruner();
    expect(p.toJSON()).toEqual({
      name: "successive-halving",
      options: { minResource: "auto", reductionFactor: 4, minEarlyStoppingRate: 0, bootstrapCount: 0 },
    });
    expect(p.readsStudy).toBe(true);
    const fixed = new SuccessiveHalvingPruner({ minResource: 3, objective: "acc", direction: "maximize" });
    expect(fixed.readsStudy).toBe(false);
    expect(prunerRegistry.create(fixed.toJSON()).toJSON()).toEqual(fixed.toJSON());
    expect(() => new SuccessiveHalvingPruner({ reductionFactor: 1 })).toThrow(
      /reductionFactor must be an integer ≥ 2/,
    );
    expect(() => new SuccessiveHalvingPruner({ minResource: 0 })).toThrow(
      /minResource must be an integer ≥ 1/,
    );
    expect(() => new SuccessiveHalvingPruner({ bootstrapCount: 1 })).toThrow(/needs a fixed minResource/);
  });
});
