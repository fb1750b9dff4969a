import { describe, expect, it } from "vitest";
import { curveStudy, prunedAt, runCurve } from "../../test/pruner-helpers.js";
import { prunerRegistry } from "./pruner.js";
import { WilcoxonPruner } from "./wilcoxon-pruner.js";

/**
 * The best trial's score on instances 0..9 (final value 4.5, their mean). Hard and easy instances are
 * mixed, as a shuffled order would give, so the mean of the first few is near the final value.
 */
const BEST = [3, 7, 1, 9, 4, 6, 0, 8, 2, 5];

describe("WilcoxonPruner", () => {
  it("prunes once the one-sided exact p-value drops below pThreshold (all differences positive: p = 2⁻ⁿ)", async () => {
    const study = await curveStudy(new WilcoxonPruner(), [BEST], { finals: [4.5] });
    // Worse by 1 on every instance: p = 1/2, 1/4, 1/8, 1/16 < 0.1 at the 4th common instance.
    expect(
      prunedAt(
        await runCurve(
          study,
          BEST.map((v) => v + 1),
        ),
      )[0],
    ).toBe(3);
    // pThreshold 0.05: p = 1/32 at the 5th.
    const strict = await curveStudy(new WilcoxonPruner({ pThreshold: 0.05 }), [BEST], { finals: [4.5] });
    expect(
      prunedAt(
        await runCurve(
          strict,
          BEST.map((v) => v + 1),
        ),
      )[0],
    ).toBe(4);
  });

  it("never prunes a trial that is better, or that matches the best exactly", async () => {
    const study = await curveStudy(new WilcoxonPruner(), [BEST], { finals: [4.5] });
    expect(
      prunedAt(
        await runCurve(
          study,
          BEST.map((v) => v - 1),
        ),
      ),
    ).toEqual([]);
    expect(prunedAt(await runCurve(study, BEST))).toEqual([]);
  });

  it("pairs instances by step, whatever the order they are reported in", async () => {
    const study = await curveStudy(new WilcoxonPruner(), [BEST], { finals: [4.5] });
    // Worse by 1 on instances 7, 2, 9, 0, reported in that order.
    const shuffled: Record<number, number> = { 7: 9, 2: 2, 9: 6, 0: 4 };
    const trial = await study.ask();
    const answers: boolean[] = [];
    for (const [step, v] of Object.entries(shuffled)) {
      trial.report(v, Number(step));
      answers.push(await trial.shouldPrune());
    }
    expect(answers).toEqual([false, false, false, true]);
  });

  it("nStartupSteps: no pruning before that many common instances", async () => {
    const study = await curveStudy(new WilcoxonPruner({ nStartupSteps: 6, pThreshold: 0.2 }), [BEST], {
      finals: [4.5],
    });
    expect(
      prunedAt(
        await runCurve(
          study,
          BEST.map((v) => v + 1),
        ),
      )[0],
    ).toBe(5);
  });

  it("safety: no pruning while the trial's mean is at least as good as the best trial's value", async () => {
    // With the best trial's value at 5.6, only the steps where the trial's running mean (4, 6, 4.67, 6,
    // 5.8, 5.83, 5.29, 5.75, 5.44, 5.5) exceeds 5.6 may prune, once p < 0.1 (from the 4th instance on).
    const study = await curveStudy(new WilcoxonPruner(), [BEST], { finals: [5.6] });
    expect(
      prunedAt(
        await runCurve(
          study,
          BEST.map((v) => v + 1),
        ),
      ),
    ).toEqual([3, 4, 5, 7]);
  });

  it("maximize: worse means smaller", async () => {
    const study = await curveStudy(new WilcoxonPruner(), [BEST], { finals: [4.5], directions: ["maximize"] });
    expect(
      prunedAt(
        await runCurve(
          study,
          BEST.map((v) => v - 1),
        ),
      )[0],
    ).toBe(3);
    expect(
      prunedAt(
        await runCurve(
          study,
          BEST.map((v) => v + 1),
        ),
      ),
    ).toEqual([]);
  });

  it("NaN is worst: a NaN instance counts as worse than any value of the best trial", async () => {
    const study = await curveStudy(new WilcoxonPruner(), [BEST], { finals: [4.5] });
    expect(
      prunedAt(
        await runCurve(
          study,
          BEST.map(() => Number.NaN),
        ),
      )[0],
    ).toBe(3);
  });

  it("the best trial is chosen by final value among COMPLETE trials", async () => {
    const worse = BEST.map((v) => v + 5);
    const study = await curveStudy(new WilcoxonPruner(), [worse, BEST], { finals: [9.5, 4.5] });
    expect(
      prunedAt(
        await runCurve(
          study,
          BEST.map((v) => v + 1),
        ),
      )[0],
    ).toBe(3);
  });

  it("without a COMPLETE trial there is nothing to compare with", async () => {
    const study = await curveStudy(new WilcoxonPruner(), []);
    expect(prunedAt(await runCurve(study, [100, 100, 100, 100, 100]))).toEqual([]);
  });

  it("a named metric that is not an objective: the best trial has the best mean report", async () => {
    const curves = [BEST.map((v) => ({ err: v + 3 })), BEST.map((v) => ({ err: v }))];
    const study = await curveStudy(new WilcoxonPruner({ objective: "err", direction: "minimize" }), curves, {
      finals: [0, 0],
    });
    expect(
      prunedAt(
        await runCurve(
          study,
          BEST.map((v) => ({ err: v + 1 })),
        ),
      )[0],
    ).toBe(3);
  });

  it("rejects 'pareto' and bad thresholds; toJSON() rebuilds", () => {
    expect(() => new WilcoxonPruner({ objective: "pareto" })).toThrow(/not supported/);
    expect(() => new WilcoxonPruner({ pThreshold: 1.5 })).toThrow(/pThreshold must be a number in \[0, 1\]/);
    const p = new WilcoxonPruner();
    expect(p.toJSON()).toEqual({ name: "wilcoxon", options: { pThreshold: 0.1, nStartupSteps: 2 } });
    expect(prunerRegistry.create(p.toJSON()).toJSON()).toEqual(p.toJSON());
  });
});
