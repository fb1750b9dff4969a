import { describe, expect, it } from "vitest";
import { curveStudy, prunedAt, runCurve } from "../../test/pruner-helpers.js";
import { InvalidArgumentError } from "../errors.js";
import { MedianPruner, PercentilePruner } from "./percentile-pruner.js";
import { prunerRegistry } from "./pruner.js";

/** Five COMPLETE trials whose value at every step 0..5 is 1, 2, 3, 4 and 5: the median is 3. */
const FIVE = [1, 2, 3, 4, 5].map((v) => Array(6).fill(v));

describe("MedianPruner", () => {
  it("prunes a trial whose best so far is worse than the median at the step (minimize)", async () => {
    const study = await curveStudy(new MedianPruner(), FIVE);
    expect(prunedAt(await runCurve(study, [3.5]))).toEqual([0]);
    expect(prunedAt(await runCurve(study, [3.2, 3.1, 3.01]))).toEqual([0, 1, 2]);
    // Equal to the median is not worse.
    expect(prunedAt(await runCurve(study, [3]))).toEqual([]);
  });

  it("compares the trial's best value over all its steps, not its latest (as Optuna)", async () => {
    const study = await curveStudy(new MedianPruner(), FIVE);
    // Step 2 reports 4 (worse than 3), but the best so far is 2.9 from step 1.
    expect(prunedAt(await runCurve(study, [10, 2.9, 4]))).toEqual([0]);
  });

  it("waits for nStartupTrials COMPLETE trials (default 5)", async () => {
    const four = await curveStudy(new MedianPruner(), FIVE.slice(0, 4));
    expect(prunedAt(await runCurve(four, [100, 100]))).toEqual([]);
    const two = await curveStudy(new MedianPruner({ nStartupTrials: 2 }), FIVE.slice(0, 2));
    expect(prunedAt(await runCurve(two, [100]))).toEqual([0]);
  });

  it("never checks during warm-up: nWarmupSteps 3 first checks at step 3", async () => {
    const study = await curveStudy(new MedianPruner({ nWarmupSteps: 3 }), FIVE);
    expect(prunedAt(await runCurve(study, [9, 9, 9, 9, 9]))).toEqual([3, 4]);
  });

  it("intervalSteps: checks at warm-up + k·interval, or the first report after a skipped check point", async () => {
    const study = await curveStudy(new MedianPruner({ nWarmupSteps: 1, intervalSteps: 2 }), FIVE);
    // Check points 1, 3, 5: reported steps 0..5 are checked at 1, 3 and 5.
    expect(prunedAt(await runCurve(study, [9, 9, 9, 9, 9, 9]))).toEqual([1, 3, 5]);
    // Reports at 0, 2, 4 only: 2 is the first report after check point 1, 4 the first after 3.
    expect(prunedAt(await runCurve(study, { 0: 9, 2: 9, 4: 9 }))).toEqual([2, 4]);
  });

  it("nMinTrials: no pruning at a step where too few COMPLETE trials reported", async () => {
    const curves = [...FIVE, { 0: 1, 9: 1 }];
    const study = await curveStudy(new MedianPruner({ nMinTrials: 2 }), curves);
    // Only one COMPLETE trial reported at step 9.
    expect(prunedAt(await runCurve(study, { 0: 0.5, 9: 100 }))).toEqual([]);
    const one = await curveStudy(new MedianPruner(), curves);
    expect(prunedAt(await runCurve(one, { 0: 0.5, 9: 100 }))).toEqual([]);
    expect(prunedAt(await runCurve(one, { 0: 5, 9: 100 }))).toEqual([0, 9]);
  });

  it("maximize: worse means smaller", async () => {
    const study = await curveStudy(new MedianPruner(), FIVE, { directions: ["maximize"] });
    expect(prunedAt(await runCurve(study, [2.9, 3.1]))).toEqual([0]);
  });

  it("NaN: the trial's own NaN prunes at once, even before startup; other trials' NaN are ignored", async () => {
    const few = await curveStudy(new MedianPruner(), FIVE.slice(0, 1));
    expect(prunedAt(await runCurve(few, [1, Number.NaN]))).toEqual([1]);
    const warm = await curveStudy(new MedianPruner({ nWarmupSteps: 2 }), FIVE);
    expect(prunedAt(await runCurve(warm, [Number.NaN, 1]))).toEqual([]);
    // Median of [1, 2, 3] (the two NaN trials do not count): 2.
    const withNaN = await curveStudy(
      new MedianPruner({ nMinTrials: 3 }),
      [[Number.NaN], [Number.NaN], [1], [2], [3]],
      { finals: [9, 9, 1, 2, 3] },
    );
    expect(prunedAt(await runCurve(withNaN, [2.1]))).toEqual([0]);
    expect(prunedAt(await runCurve(withNaN, [1.9]))).toEqual([]);
    const enough = await curveStudy(new MedianPruner({ nMinTrials: 4 }), [[Number.NaN], [1], [2], [3], [4]], {
      finals: [9, 1, 2, 3, 4],
    });
    // Median of [1, 2, 3, 4]: 2.5.
    expect(prunedAt(await runCurve(enough, [3]))).toEqual([0]);
    const notEnough = await curveStudy(
      new MedianPruner({ nMinTrials: 5 }),
      [[Number.NaN], [1], [2], [3], [4]],
      {
        finals: [9, 1, 2, 3, 4],
      },
    );
    expect(prunedAt(await runCurve(notEnough, [100]))).toEqual([]);
  });

  it("objective: a named metric takes the study metric's direction, or an explicit one", async () => {
    const curves = [1, 2, 3, 4, 5].map((v) => [{ loss: v, acc: 1 - v / 10 }]);
    const byName = await curveStudy(new MedianPruner({ objective: "acc" }), curves, {
      directions: ["minimize", "maximize"],
      metricNames: ["loss", "acc"],
      finals: [1, 2, 3, 4, 5].map((v) => [v, 1 - v / 10]),
    });
    // Median acc = 0.7 (maximized): 0.65 is worse, even though its loss 0.1 is the best.
    expect(prunedAt(await runCurve(byName, [{ loss: 0.1, acc: 0.65 }]))).toEqual([0]);
    expect(prunedAt(await runCurve(byName, [{ loss: 9, acc: 0.75 }]))).toEqual([]);
    const explicit = await curveStudy(new MedianPruner({ objective: "acc", direction: "maximize" }), curves);
    expect(prunedAt(await runCurve(explicit, [{ loss: 0.1, acc: 0.65 }]))).toEqual([0]);
  });

  it("objective: an index into vector reports takes directions[index]", async () => {
    const curves = [1, 2, 3, 4, 5].map((v) => [[v, v]]);
    const study = await curveStudy(new MedianPruner({ objective: 1 }), curves, {
      directions: ["minimize", "maximize"],
    });
    expect(prunedAt(await runCurve(study, [[0, 2.5]]))).toEqual([0]);
    expect(prunedAt(await runCurve(study, [[9, 3.5]]))).toEqual([]);
  });

  it("objective without a known direction: a clear error", async () => {
    const curves = [1, 2, 3, 4, 5].map((v) => [{ loss: v, acc: v }]);
    const study = await curveStudy(new MedianPruner({ objective: "acc" }), curves);
    const trial = await study.ask();
    trial.report({ loss: 1, acc: 1 }, 0);
    await expect(trial.shouldPrune()).rejects.toThrow(/no objective "acc".*Pass direction/);
  });

  it("objective 'pareto': prunes when the trial's non-dominated rank is worse than the median rank", async () => {
    // Ranks of the COMPLETE trials: (1,4) (2,2) (4,1) → 0, (3,3) → 1, (5,5) → 2; median rank 0.
    const points = [
      [1, 4],
      [2, 2],
      [4, 1],
      [3, 3],
      [5, 5],
    ];
    const study = await curveStudy(
      new MedianPruner({ objective: "pareto" }),
      points.map((p) => [p]),
      { directions: ["minimize", "minimize"] },
    );
    expect(prunedAt(await runCurve(study, [[2.5, 2.5]]))).toEqual([0]); // dominated by (2,2): rank 1
    expect(prunedAt(await runCurve(study, [[1.5, 1.5]]))).toEqual([]); // on the front
    expect(prunedAt(await runCurve(study, [[Number.NaN, 0]]))).toEqual([0]);
  });

  it("toJSON() lists every option and rebuilds through the registry", () => {
    expect(new MedianPruner().toJSON()).toEqual({
      name: "median",
      options: { nStartupTrials: 5, nWarmupSteps: 0, intervalSteps: 1, nMinTrials: 1 },
    });
    const p = new MedianPruner({ objective: "acc", direction: "maximize", nWarmupSteps: 3 });
    expect(prunerRegistry.create(p.toJSON()).toJSON()).toEqual(p.toJSON());
  });

  it("rejects bad options with the option's name", () => {
    expect(() => new MedianPruner({ nStartupTrials: -1 })).toThrow(/nStartupTrials must be an integer ≥ 0/);
    expect(() => new MedianPruner({ intervalSteps: 0 })).toThrow(/intervalSteps must be an integer ≥ 1/);
    expect(() => new MedianPruner({ nMinTrials: 0.5 })).toThrow(InvalidArgumentError);
    expect(() => new MedianPruner({ objective: -1 })).toThrow(/objective must be/);
    expect(() => new MedianPruner({ direction: "up" as "minimize" })).toThrow(/direction must be/);
  });
});

describe("PercentilePruner", () => {
  it("percentile 25 keeps the best quarter, interpolating linearly (minimize)", async () => {
    // 25th percentile of 1..5 at position 0.25·4 = 1: 2.
    const study = await curveStudy(new PercentilePruner({ percentile: 25 }), FIVE);
    expect(prunedAt(await runCurve(study, [2.01]))).toEqual([0]);
    expect(prunedAt(await runCurve(study, [2]))).toEqual([]);
    // 10th percentile: position 0.4 → 1 + 0.4 · (2 − 1) = 1.4.
    const ten = await curveStudy(new PercentilePruner({ percentile: 10 }), FIVE);
    expect(prunedAt(await runCurve(ten, [1.41]))).toEqual([0]);
    expect(prunedAt(await runCurve(ten, [1.39]))).toEqual([]);
  });

  it("maximize: percentile 25 keeps the largest quarter", async () => {
    // The best quarter of 1..5 when maximizing starts at the 75th percentile, 4.
    const study = await curveStudy(new PercentilePruner({ percentile: 25 }), FIVE, {
      directions: ["maximize"],
    });
    expect(prunedAt(await runCurve(study, [3.99]))).toEqual([0]);
    expect(prunedAt(await runCurve(study, [4]))).toEqual([]);
  });

  it("percentile 0 keeps only trials at least as good as the best; 100 keeps all but the worst's losers", async () => {
    const zero = await curveStudy(new PercentilePruner({ percentile: 0 }), FIVE);
    expect(prunedAt(await runCurve(zero, [1.0001]))).toEqual([0]);
    const hundred = await curveStudy(new PercentilePruner({ percentile: 100 }), FIVE);
    expect(prunedAt(await runCurve(hundred, [5]))).toEqual([]);
    expect(prunedAt(await runCurve(hundred, [5.0001]))).toEqual([0]);
  });

  it("requires a percentile in [0, 100]", () => {
    expect(() => new PercentilePruner({} as { percentile: number })).toThrow(/percentile is required/);
    expect(() => new PercentilePruner({ percentile: 101 })).toThrow(
      /percentile must be a number in \[0, 100\]/,
    );
    expect(new PercentilePruner({ percentile: 25 }).toJSON()).toMatchObject({
      name: "percentile",
      options: { percentile: 25 },
    });
  });
});
