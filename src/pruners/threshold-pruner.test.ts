import { describe, expect, it } from "vitest";
import { curveStudy, prunedAt, runCurve } from "../../test/pruner-helpers.js";
import { prunerRegistry } from "./pruner.js";
import { ThresholdPruner } from "./threshold-pruner.js";

describe("ThresholdPruner", () => {
  it("prunes when the latest value leaves [lower, upper]; bounds themselves are inside", async () => {
    const study = await curveStudy(new ThresholdPruner({ lower: 0, upper: 1 }), []);
    expect(prunedAt(await runCurve(study, [0.5, 1, 0, 1.01]))).toEqual([3]);
    expect(prunedAt(await runCurve(study, [0.5, -0.01]))).toEqual([1]);
  });

  it("one bound is enough; the other is open", async () => {
    const upper = await curveStudy(new ThresholdPruner({ upper: 10 }), []);
    expect(prunedAt(await runCurve(upper, [-1e9, 10, 11]))).toEqual([2]);
    const lower = await curveStudy(new ThresholdPruner({ lower: 0.5 }), []);
    expect(prunedAt(await runCurve(lower, [1e9, 0.4]))).toEqual([1]);
  });

  it("NaN prunes; ±Infinity is compared as a number", async () => {
    const study = await curveStudy(new ThresholdPruner({ upper: 10 }), []);
    expect(prunedAt(await runCurve(study, [1, Number.NaN]))).toEqual([1]);
    expect(prunedAt(await runCurve(study, [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY]))).toEqual([
      1,
    ]);
  });

  it("warm-up and intervals: nWarmupSteps 2, intervalSteps 3 checks at 2, 5, 8", async () => {
    const study = await curveStudy(new ThresholdPruner({ upper: 0, nWarmupSteps: 2, intervalSteps: 3 }), []);
    expect(prunedAt(await runCurve(study, Array(9).fill(1)))).toEqual([2, 5, 8]);
    expect(prunedAt(await runCurve(study, { 0: 1, 4: 1, 6: 1, 7: 1 }))).toEqual([4, 6]);
  });

  it("acts on a named metric or a vector element", async () => {
    const named = await curveStudy(new ThresholdPruner({ upper: 1, objective: "loss" }), []);
    expect(
      prunedAt(
        await runCurve(named, [
          { acc: 5, loss: 0.5 },
          { acc: 0, loss: 2 },
        ]),
      ),
    ).toEqual([1]);
    const vector = await curveStudy(new ThresholdPruner({ lower: 0, objective: 1 }), []);
    expect(
      prunedAt(
        await runCurve(vector, [
          [-5, 1],
          [5, -1],
        ]),
      ),
    ).toEqual([1]);
    // A missing metric reads as NaN: prune.
    expect(prunedAt(await runCurve(named, [{ acc: 1 }]))).toEqual([0]);
  });

  it("rejects no bounds, crossed bounds and 'pareto'", () => {
    expect(() => new ThresholdPruner({})).toThrow(/give lower, upper or both/);
    expect(() => new ThresholdPruner({ lower: 2, upper: 1 })).toThrow(/lower must be ≤ upper/);
    expect(() => new ThresholdPruner({ upper: 1, objective: "pareto" })).toThrow(/no bounds/);
    expect(() => new ThresholdPruner({ upper: Number.NaN })).toThrow(/upper must be a number/);
  });

  it("toJSON() leaves out an absent bound and rebuilds through the registry", () => {
    const p = new ThresholdPruner({ upper: 3, nWarmupSteps: 1 });
    expect(p.toJSON()).toEqual({
      name: "threshold",
      options: { upper: 3, nWarmupSteps: 1, intervalSteps: 1 },
    });
    expect(prunerRegistry.create(p.toJSON()).toJSON()).toEqual(p.toJSON());
    expect(p.readsStudy).toBe(false);
  });
});
