import { describe, expect, it } from "vitest";
import { silenceLogs } from "../../test/helpers.js";
import { TrialPruned } from "../errors.js";
import { RandomSampler } from "../samplers/random/random-sampler.js";
import { createStudy } from "./create-study.js";
import { paramsAtEdge } from "./edge-of-range.js";
import { formatSearchBudget, formatSeconds, searchBudget } from "./search-budget.js";

silenceLogs();

describe("searchBudget", () => {
  it("counts outcomes, leaves forbidden trials out and sums compute", async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
    await study.optimize(
      (t) => {
        const x = t.suggestFloat("x", 0, 1);
        if (t.number === 1) throw new TrialPruned();
        if (t.number === 2) t.forbid("no");
        if (t.number === 3) throw new Error("boom");
        return x;
      },
      { nTrials: 5, catch: true },
    );
    await study.enqueueTrial({ x: 0.5 });
    const b = searchBudget(study.trials);
    expect(b).toMatchObject({
      trials: 5,
      complete: 3,
      pruned: 1,
      failed: 1,
      forbidden: 1,
      waiting: 1,
      running: 0,
    });
    expect(b.prunedShare).toBeCloseTo(0.2);
    expect(b.computeSeconds).toBeGreaterThanOrEqual(0);
    expect(formatSearchBudget(b)).toMatch(
      /^5 trials \(3 complete, 1 pruned = 20\.0%, 1 failed; 1 waiting, 1 forbidden not counted\); compute /,
    );
  });

  it("is all zeros for no trials", () => {
    expect(searchBudget([])).toMatchObject({ trials: 0, prunedShare: 0, computeSeconds: 0, wallSeconds: 0 });
  });

  it("formats seconds, minutes and hours", () => {
    expect(formatSeconds(4.24)).toBe("4.2 s");
    expect(formatSeconds(750)).toBe("12.5 min");
    expect(formatSeconds(3 * 3600)).toBe("3.0 h");
  });
});

describe("paramsAtEdge", () => {
  it("finds floats near an end (log scale for log params) and ints on an end", async () => {
    const study = await createStudy();
    const trial = await study.ask();
    await study.tell(trial, { values: [0] });
    const frozen = {
      ...study.bestTrial,
      params: { a: 0.001, b: 5e-5, c: 3, d: 8, e: 0.5, f: "x" },
      distributions: {
        a: { type: "float", low: 0, high: 1, log: false, step: null },
        b: { type: "float", low: 1e-5, high: 1, log: true, step: null },
        c: { type: "int", low: 1, high: 8, log: false, step: 1 },
        d: { type: "int", low: 1, high: 8, log: false, step: 1 },
        e: { type: "float", low: 0, high: 1, log: false, step: null },
        f: { type: "categorical", choices: ["x", "y"] },
      },
    } as const;
    expect(paramsAtEdge(frozen).map((p) => [p.name, p.edge])).toEqual([
      ["a", "low"],
      ["d", "high"],
    ]);
    expect(paramsAtEdge(frozen, 0.2).map((p) => p.name)).toEqual(["a", "b", "d"]);
  });
});
