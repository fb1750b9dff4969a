import { describe, expect, it } from "vitest";
import { curveStudy, prunedAt, runCurve } from "../../../test/pruner-helpers.js";
import { TrialPruned } from "../../errors.js";
import { RandomSampler } from "../../samplers/random/random-sampler.js";
import type { SamplerContext } from "../../samplers/sampler.js";
import type { Distribution } from "../../search-space/distribution.js";
import { MemoryStorage } from "../../storage/memory/memory-storage.js";
import { createStudy, loadStudy } from "../../study/create-study.js";
import { prunerRegistry } from "../pruner.js";
import { bracketLayout, bracketOf } from "./brackets.js";
import { HyperbandPruner } from "./hyperband-pruner.js";

/** A RandomSampler that records, per trial, the trial numbers its study view showed. */
class WatchingSampler extends RandomSampler {
  readonly seen = new Map<number, number[]>();
  override sampleIndependent(ctx: SamplerContext & { name: string; distribution: Distribution }): number {
    this.seen.set(
      ctx.trial.number,
      ctx.study.trials.map((t) => t.number),
    );
    return super.sampleIndependent(ctx);
  }
}

describe("bracketLayout", () => {
  it("counts ⌊log_η(R/r)⌋ + 1 brackets with budgets ⌈count·η^s/(s+1)⌉ (hand-computed)", () => {
    expect(bracketLayout(1, 81, 3)).toEqual({
      maxResource: 81,
      count: 5,
      budgets: [81, 34, 15, 8, 5],
      total: 143,
    });
    expect(bracketLayout(1, 8, 2)).toEqual({ maxResource: 8, count: 4, budgets: [8, 6, 4, 4], total: 22 });
    expect(bracketLayout(2, 5, 3).count).toBe(1);
    expect(bracketLayout(1, 80, 3).count).toBe(4);
  });

  it("exact powers are not lost to floating-point logarithms (log(1000)/log(10) < 3 in doubles)", () => {
    expect(Math.floor(Math.log(1000) / Math.log(10))).toBe(2);
    expect(bracketLayout(1, 1000, 10).count).toBe(4);
    expect(bracketLayout(1, 243, 3).count).toBe(6);
  });
});

describe("bracketOf", () => {
  it("spreads trial numbers over brackets in proportion to their budgets, deterministically", () => {
    const layout = bracketLayout(1, 81, 3);
    const counts = new Array(layout.count).fill(0);
    for (let n = 0; n < 14_300; n++) counts[bracketOf(layout, "study", n)]++;
    layout.budgets.forEach((budget, b) => {
      expect(Math.abs(counts[b] / 14_300 - budget / layout.total)).toBeLessThan(0.01);
    });
    expect(bracketOf(layout, "study", 42)).toBe(bracketOf(layout, "study", 42));
    const other = Array.from({ length: 50 }, (_, n) => bracketOf(layout, "other", n));
    expect(other).not.toEqual(Array.from({ length: 50 }, (_, n) => bracketOf(layout, "study", n)));
  });
});

describe("HyperbandPruner", () => {
  it("bracket b runs successive halving whose first rung is at step r·η^b", async () => {
    const pruner = new HyperbandPruner({ minResource: 1, maxResource: 9, reductionFactor: 3 });
    const study = await curveStudy(pruner, []);
    // Run trials, each worse than every earlier one, until every bracket has two: the second trial of a
    // bracket stops at its bracket's first rung (1, 3 or 9), where the first one arrived before it.
    const firstPrune = new Map<number, number[]>();
    for (let i = 0; i < 40; i++) {
      const trial = await study.ask();
      const b = pruner.bracketOf(study.studyName, trial.number) as number;
      const steps = prunedAt(await runCurve(study, Array(10).fill(i), trial));
      const list = firstPrune.get(b) ?? [];
      list.push(steps[0] ?? -1);
      firstPrune.set(b, list);
    }
    expect(firstPrune.get(0)?.slice(0, 2)).toEqual([-1, 1]);
    expect(firstPrune.get(1)?.slice(0, 2)).toEqual([-1, 3]);
    expect(firstPrune.get(2)?.slice(0, 2)).toEqual([-1, 9]);
    const state = await study.storage.getState(study.studyId, "hyperband[0]/3/b1@3");
    expect((state?.value as { entries: unknown[] } | undefined)?.entries.length).toBe(
      firstPrune.get(1)?.length,
    );
  });

  it("the sampler sees only the trials of the trial's own bracket", async () => {
    const sampler = new WatchingSampler({ seed: 5 });
    const pruner = new HyperbandPruner({ minResource: 1, maxResource: 27, reductionFactor: 3 });
    // A fixed name: brackets hash the study name, and a random one may leave a small bracket empty.
    const study = await createStudy({ studyName: "hyperband-brackets", pruner, sampler });
    await study.optimize(
      async (trial) => {
        const x = trial.suggestFloat("x", 0, 1);
        for (let step = 0; step < 27; step++) {
          trial.report(x + 1 / (step + 1), step);
          if (await trial.shouldPrune()) throw new TrialPruned();
        }
        return x;
      },
      { nTrials: 40, concurrency: 4 },
    );
    const bracket = (n: number) => pruner.bracketOf(study.studyName, n);
    expect(sampler.seen.size).toBe(40);
    let shown = 0;
    for (const [number, seen] of sampler.seen) {
      expect(
        seen.every((n) => bracket(n) === bracket(number)),
        `trial ${number}`,
      ).toBe(true);
      shown += seen.length;
    }
    expect(shown).toBeGreaterThan(40);
    expect(new Set(study.trials.map((t) => bracket(t.number))).size).toBe(4);
    expect(study.trials.some((t) => t.state === "PRUNED")).toBe(true);
  });

  it("maxResource 'auto': no brackets and no pruning before a COMPLETE trial; then fixed for every worker", async () => {
    const storage = new MemoryStorage();
    const pruner = new HyperbandPruner();
    const study = await curveStudy(pruner, [], { storage, studyName: "hb" });
    const first = await study.ask();
    expect(pruner.samplerFilter({ study: study.fullView(), trial: first.lastRecord })).toBeNull();
    expect(prunedAt(await runCurve(study, Array(10).fill(5), first))).toEqual([]);
    await study.addTrial({
      params: {},
      values: 1,
      intermediateValues: Object.fromEntries(Array.from({ length: 9 }, (_, i) => [i, 1])),
    });
    const second = await study.ask();
    expect((await storage.getState(study.studyId, "hyperband:maxResource"))?.value).toBe(9);
    expect(pruner.bracketOf(study.studyName, second.number)).not.toBeNull();
    const other = new HyperbandPruner();
    await loadStudy({ storage, studyName: "hb", pruner: other }).then((s) => s.ask());
    expect(other.bracketOf("hb", 7)).toBe(pruner.bracketOf("hb", 7));
  });

  it("toJSON() rebuilds; readsStudy only for maxResource 'auto'; bad options are named", () => {
    const p = new HyperbandPruner();
    expect(p.toJSON()).toEqual({
      name: "hyperband",
      options: { minResource: 1, maxResource: "auto", reductionFactor: 3, bootstrapCount: 0 },
    });
    expect(p.readsStudy).toBe(true);
    const fixed = new HyperbandPruner({ maxResource: 100, objective: "pareto" });
    expect(fixed.readsStudy).toBe(false);
    expect(prunerRegistry.create(fixed.toJSON()).toJSON()).toEqual(fixed.toJSON());
    expect(() => new HyperbandPruner({ minResource: 10, maxResource: 5 })).toThrow(
      /maxResource must be an integer ≥ 10/,
    );
    expect(() => new HyperbandPruner({ bootstrapCount: 2 })).toThrow(/needs a fixed maxResource/);
  });
});
