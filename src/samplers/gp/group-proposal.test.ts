import { beforeAll, describe, expect, it } from "vitest";
import { setVerbosity } from "../../logging/logger.js";
import { MemoryStorage } from "../../storage/memory/memory-storage.js";
import { createStudy, loadStudy } from "../../study/create-study.js";
import type { Trial } from "../../trial/trial.js";
import { GP_STATE_KEY } from "./fit-cache.js";
import { GPSampler } from "./gp-sampler.js";

beforeAll(() => setVerbosity("silent"));

/**
 * Three branches: `a` and `b` are easy plateaus at 0.5 and 0.2; `c` holds the optimum 0 in a bowl
 * whose random points mostly score worse than `b`'s plateau. A GP over `m` alone sees `c` as its mean
 * and settles on `b`; measured with the GP that sampled the branches' parameters by TPE, the best of
 * 40 trials was 0.029–0.2 on seeds 0–7 (0.2, `b`'s plateau, on 7 of them); with a GP per branch and
 * the branch chosen by the branches' acquisitions, 1.3e-7–1.5e-4.
 */
function trap(t: Trial): number {
  const m = t.suggestCategorical("m", ["a", "b", "c"] as const);
  if (m === "a") return 0.5 + (t.suggestFloat("u", 0, 1) - 0.5) ** 2 / 4;
  if (m === "b") return 0.2 + (t.suggestFloat("v", 0, 1) - 0.5) ** 2 / 4;
  return 4 * ((t.suggestFloat("p", 0, 1) - 0.8) ** 2 + (t.suggestFloat("q", 0, 1) - 0.3) ** 2);
}

function paramsOf(trials: readonly { params: Record<string, unknown> }[]) {
  return trials.map((t) => t.params);
}

describe("GPSampler on conditional spaces (a GP per group)", () => {
  it("finds the optimum in the branch a GP over the branch choice alone gives up on", async () => {
    for (let seed = 0; seed < 4; seed++) {
      const study = await createStudy({ sampler: new GPSampler({ seed }) });
      await study.optimize(trap, { nTrials: 40 });
      const best = Math.min(...study.trials.map((t) => t.values?.[0] as number));
      expect(best, `seed ${seed}`).toBeLessThan(1e-3);
    }
  });

  it("samples a branch's parameters jointly (relative sampling), not one by one with TPE", async () => {
    const sampler = new GPSampler({ seed: 1 });
    const independent: string[] = [];
    const sampleIndependent = sampler.sampleIndependent.bind(sampler);
    sampler.sampleIndependent = (ctx) => {
      if (ctx.trial.number >= 12) independent.push(ctx.name);
      return sampleIndependent(ctx);
    };
    const study = await createStudy({ sampler });
    await study.optimize(trap, { nTrials: 25 });
    const late = study.trials.slice(12);
    expect(late.some((t) => t.params.p !== undefined)).toBe(true);
    // Every branch had a COMPLETE trial by then, so every branch parameter came from a GP.
    expect(new Set(study.trials.slice(0, 12).map((t) => t.params.m)).size).toBe(3);
    expect(independent).toEqual([]);
  });

  it("keeps each group's fit in the state record, and a resumed run continues the same sequence", async () => {
    const whole = await createStudy({ sampler: new GPSampler({ seed: 2 }) });
    await whole.optimize(trap, { nTrials: 24 });

    const storage = new MemoryStorage();
    const first = await createStudy({ storage, studyName: "resume", sampler: new GPSampler({ seed: 2 }) });
    await first.optimize(trap, { nTrials: 14 });
    const record = await storage.getState(first.studyId, GP_STATE_KEY);
    const value = record?.value as { thetas: Record<string, number[]> } | undefined;
    // `m` gates the group (constant among its trials), so the group's GP has p and q alone.
    expect(Object.keys(value?.thetas ?? {})).toContain("group:p,q/objective");
    const resumed = await loadStudy({ storage, studyName: "resume", sampler: new GPSampler({ seed: 2 }) });
    await resumed.optimize(trap, { nTrials: 10 });
    expect(paramsOf(resumed.trials)).toEqual(paramsOf(whole.trials));
  });

  it("an enqueued branch choice is kept, and its parameters still come from its GP", async () => {
    const sampler = new GPSampler({ seed: 3 });
    const independent: string[] = [];
    const sampleIndependent = sampler.sampleIndependent.bind(sampler);
    sampler.sampleIndependent = (ctx) => {
      independent.push(ctx.name);
      return sampleIndependent(ctx);
    };
    const study = await createStudy({ sampler });
    await study.optimize(trap, { nTrials: 15 });
    expect(study.trials.slice(10).some((t) => t.params.m === "a")).toBe(false);
    independent.length = 0;
    for (let i = 0; i < 3; i++) await study.enqueueTrial({ m: "a" });
    await study.optimize(trap, { nTrials: 3 });
    expect(study.trials.slice(15).map((t) => t.params.m)).toEqual(["a", "a", "a"]);
    expect(independent).toEqual([]);
  });

  it("trials running at once in one branch get different values there (constant liar)", async () => {
    const spread = async (constantLiar: boolean) => {
      const study = await createStudy({ sampler: new GPSampler({ seed: 4, constantLiar }) });
      await study.optimize(trap, { nTrials: 15 });
      for (let i = 0; i < 3; i++) await study.enqueueTrial({ m: "c" });
      const ps: number[] = [];
      for (let i = 0; i < 3; i++) ps.push((await study.ask()).suggestFloat("p", 0, 1));
      return Math.max(...ps) - Math.min(...ps);
    };
    const withLiar = await spread(true);
    expect(withLiar).toBeGreaterThan(0.02);
    expect(withLiar).toBeGreaterThan(5 * (await spread(false)));
  });

  it("works with constraints and with several objectives in a conditional space", async () => {
    const constrained = await createStudy({ sampler: new GPSampler({ seed: 5 }) });
    await constrained.optimize(
      (t) => {
        const value = trap(t);
        t.setConstraint("c", t.params.m === "c" ? 0.9 - (t.params.p as number) : -1); // p ≥ 0.9 in c
        return value;
      },
      { nTrials: 30 },
    );
    const lateC = constrained.trials.slice(15).filter((t) => t.params.m === "c");
    expect(lateC.length).toBeGreaterThan(0);
    expect(lateC.filter((t) => (t.params.p as number) >= 0.9).length).toBeGreaterThan(lateC.length / 2);

    const twoObjectives = await createStudy({
      sampler: new GPSampler({ seed: 6 }),
      directions: ["minimize", "minimize"],
    });
    await twoObjectives.optimize((t) => [trap(t), t.params.m === "a" ? 0 : 1], { nTrials: 20 });
    expect(twoObjectives.trials.every((t) => t.state === "COMPLETE")).toBe(true);
    expect(twoObjectives.bestTrials.length).toBeGreaterThan(0);
  });
});
