import { describe, expect, it } from "vitest";
import { curveStudy, prunedAt, runCurve } from "../../test/pruner-helpers.js";
import { HyperbandPruner } from "./hyperband/hyperband-pruner.js";
import { NopPruner } from "./nop-pruner.js";
import { PatientPruner } from "./patient-pruner.js";
import { MedianPruner } from "./percentile-pruner.js";
import { type PruneContext, prunerRegistry } from "./pruner.js";

const plain = (patience: number, minDelta = 0) => new PatientPruner({ wrapped: null, patience, minDelta });

describe("PatientPruner", () => {
  it("without a wrapped pruner: prunes once patience + 1 reports fail to beat the best before them", async () => {
    const study = await curveStudy(plain(2), []);
    // Best 3 at step 0; steps 1..3 (4, 5, 3.5) never beat it: stalled at step 3.
    expect(prunedAt(await runCurve(study, [3, 4, 5, 3.5]))).toEqual([3]);
    // Each new report improves within the window: never stalled.
    expect(prunedAt(await runCurve(study, [5, 4, 3, 3.5, 3.2, 2]))).toEqual([]);
  });

  it("needs more than patience + 1 reports", async () => {
    const study = await curveStudy(plain(3), []);
    expect(prunedAt(await runCurve(study, [1, 2, 3, 4]))).toEqual([]);
    expect(prunedAt(await runCurve(study, [1, 2, 3, 4, 5]))).toEqual([4]);
  });

  it("equal to the best is not a stall (as Optuna); minDelta widens what counts as no improvement", async () => {
    const study = await curveStudy(plain(1), []);
    expect(prunedAt(await runCurve(study, [3, 3, 3]))).toEqual([]);
    const delta = await curveStudy(plain(1, 1), []);
    // A stall needs every report of the window worse than the best before it (3) + minDelta (1).
    expect(prunedAt(await runCurve(delta, [3, 4.1, 4.5]))).toEqual([2]);
    expect(prunedAt(await runCurve(delta, [3, 3.5, 3.9]))).toEqual([]);
  });

  it("maximize: a stall is failing to rise", async () => {
    const study = await curveStudy(plain(1), [], { directions: ["maximize"] });
    expect(prunedAt(await runCurve(study, [0.5, 0.6, 0.55, 0.58]))).toEqual([3]);
  });

  it("NaN is worst: NaN reports in the window are a stall; an earlier NaN sets no bar", async () => {
    const study = await curveStudy(plain(1), []);
    expect(prunedAt(await runCurve(study, [1, Number.NaN, Number.NaN]))).toEqual([2]);
    expect(prunedAt(await runCurve(study, [Number.NaN, 5, 6]))).toEqual([]);
  });

  it("asks the wrapped pruner only once stalled", async () => {
    const calls: number[] = [];
    const wrapped = new NopPruner();
    const spy = Object.assign(Object.create(wrapped), {
      prune: (ctx: PruneContext) => {
        calls.push(ctx.trial.number);
        return true;
      },
    });
    const study = await curveStudy(new PatientPruner({ wrapped: spy, patience: 1 }), []);
    expect(prunedAt(await runCurve(study, [3, 2, 1, 1.5]))).toEqual([]);
    expect(calls).toEqual([]);
    expect(prunedAt(await runCurve(study, [3, 4, 5]))).toEqual([2]);
    expect(calls).toEqual([1]);
    const median = await curveStudy(new PatientPruner({ wrapped: new MedianPruner(), patience: 1 }), [
      [1, 1, 1],
      [2, 2, 2],
      [3, 3, 3],
      [4, 4, 4],
      [5, 5, 5],
    ]);
    // Stalled at step 2 in both, but only the first is worse than the median 3 there.
    expect(prunedAt(await runCurve(median, [4, 5, 6]))).toEqual([2]);
    expect(prunedAt(await runCurve(median, [2, 2.5, 2.6]))).toEqual([]);
  });

  it("objective 'pareto': stalled when every window report is dominated by an earlier one", async () => {
    const study = await curveStudy(
      new PatientPruner({ wrapped: null, patience: 1, objective: "pareto" }),
      [],
      {
        directions: ["minimize", "maximize"],
      },
    );
    // (2, 0.8) is dominated by (1, 0.9); (1.5, 0.95) is not (better accuracy): no stall at step 2.
    expect(
      prunedAt(
        await runCurve(study, [
          [1, 0.9],
          [2, 0.8],
          [1.5, 0.95],
        ]),
      ),
    ).toEqual([]);
    expect(
      prunedAt(
        await runCurve(study, [
          [1, 0.9],
          [2, 0.8],
          [1.5, 0.85],
        ]),
      ),
    ).toEqual([2]);
  });

  it("passes the wrapped pruner's sampler filter and beforeTrial through", async () => {
    const hyperband = new HyperbandPruner({ minResource: 1, maxResource: 27 });
    const patient = new PatientPruner({ wrapped: hyperband, patience: 2 });
    const study = await curveStudy(patient, []);
    const trial = await study.ask();
    const filter = patient.samplerFilter({ study: study.fullView(), trial: trial.lastRecord });
    expect(filter).not.toBeNull();
    const own = hyperband.bracketOf(study.studyName, trial.number);
    expect(filter?.({ ...trial.lastRecord, number: 1 })).toBe(
      hyperband.bracketOf(study.studyName, 1) === own,
    );
    expect(patient.readsStudy).toBe(false);
    expect(new PatientPruner({ wrapped: new MedianPruner(), patience: 0 }).readsStudy).toBe(true);
  });

  it("toJSON() nests the wrapped pruner's config and the registry rebuilds both", () => {
    const p = new PatientPruner({
      wrapped: new MedianPruner({ nWarmupSteps: 2 }),
      patience: 3,
      minDelta: 0.1,
    });
    const config = p.toJSON();
    expect(config).toEqual({
      name: "patient",
      options: {
        wrapped: {
          name: "median",
          options: { nStartupTrials: 5, nWarmupSteps: 2, intervalSteps: 1, nMinTrials: 1 },
        },
        patience: 3,
        minDelta: 0.1,
      },
    });
    expect(prunerRegistry.create(JSON.parse(JSON.stringify(config))).toJSON()).toEqual(config);
    expect(prunerRegistry.create(plain(1).toJSON()).toJSON()).toEqual(plain(1).toJSON());
  });

  it("rejects a missing wrapped or patience and a negative minDelta", () => {
    expect(() => new PatientPruner({ patience: 1 } as never)).toThrow(/wrapped must be a pruner/);
    expect(() => new PatientPruner({ wrapped: null } as never)).toThrow(/patience is required/);
    expect(() => plain(1, -1)).toThrow(/minDelta must be a number ≥ 0/);
    expect(() => plain(-1)).toThrow(/patience must be an integer ≥ 0/);
  });
});
