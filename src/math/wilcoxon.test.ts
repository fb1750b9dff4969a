import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../errors.js";
import reference from "./fixtures/wilcoxon-reference.json" with { type: "json" };
import { type WilcoxonAlternative, wilcoxonSignedRank } from "./wilcoxon.js";

const decode = (v: number | string): number =>
  typeof v === "number" ? v : Number(v.replace("inf", "Infinity"));

describe("wilcoxonSignedRank", () => {
  it(`matches ${reference.generator} on ${reference.cases.length} cases (p-value to 1e-12 relative)`, () => {
    for (const c of reference.cases) {
      const result = wilcoxonSignedRank(c.d.map(decode), {
        alternative: c.alternative as WilcoxonAlternative,
        zeroMethod: c.zeroMethod as "wilcox" | "zsplit",
        method: c.method as "exact" | "approx",
      });
      const where = `${c.label}, ${c.alternative} (${c.source})`;
      expect(result.statistic, where).toBeCloseTo(c.statistic, 9);
      expect(Math.abs(result.pValue - c.pValue), where).toBeLessThanOrEqual(
        1e-12 * Math.max(c.pValue, 1e-300) + 1e-300,
      );
    }
  });

  it("exact table by hand: n = 5, all but the smallest positive", () => {
    // R+ = 2 + 3 + 4 + 5 = 14; of the 32 sign patterns, only R+ = 14 and R+ = 15 reach it.
    const r = wilcoxonSignedRank([1.5, 2.1, -0.3, 0.8, 1.1], { alternative: "greater" });
    expect(r).toMatchObject({ statistic: 14, method: "exact", n: 5 });
    expect(r.pValue).toBe(2 / 32);
  });

  it("zeros: 'wilcox' drops them, 'zsplit' splits their ranks; all zeros give p = 0.5 one-sided", () => {
    expect(wilcoxonSignedRank([0, 1, 2], { alternative: "greater" }).n).toBe(2);
    const split = wilcoxonSignedRank([0, 0, 0, 0], { alternative: "greater", zeroMethod: "zsplit" });
    // Exact: no sign can flip, so R+ = 5 always and P(R+ ≥ 5) = 1; the approximation gives 0.5.
    expect(split).toMatchObject({ method: "exact", statistic: 5, n: 4, pValue: 1 });
    const approx = wilcoxonSignedRank([0, 0, 0, 0], {
      alternative: "greater",
      zeroMethod: "zsplit",
      method: "approx",
    });
    expect(approx.pValue).toBeCloseTo(0.5, 15);
  });

  it("edge cases: empty, NaN, all zeros dropped", () => {
    expect(wilcoxonSignedRank([]).pValue).toBeNaN();
    expect(wilcoxonSignedRank([1, Number.NaN, 2]).pValue).toBeNaN();
    expect(wilcoxonSignedRank([0, 0]).n).toBe(0);
  });

  it("'auto' is exact up to 50 differences, ties included, and approximate above", () => {
    const tied = Array.from({ length: 50 }, (_, i) => (i % 5) + 1);
    expect(wilcoxonSignedRank(tied).method).toBe("exact");
    expect(wilcoxonSignedRank([...tied, 1]).method).toBe("approx");
    // All 6 differences tied and positive: only 1 of the 64 sign patterns reaches R+ = 21.
    expect(wilcoxonSignedRank([2, 2, 2, 2, 2, 2], { alternative: "greater" }).pValue).toBe(1 / 64);
  });

  it("the exact method does not overflow for large n, and agrees with the approximation there", () => {
    const d = Array.from({ length: 400 }, (_, i) => ((i * 7919) % 401) / 40 - 4.5);
    const exact = wilcoxonSignedRank(d, { method: "exact", alternative: "greater" }).pValue;
    const approx = wilcoxonSignedRank(d, { method: "approx", alternative: "greater" }).pValue;
    expect(exact).toBeGreaterThan(0);
    expect(Math.abs(exact - approx)).toBeLessThan(0.01);
  });

  it("rejects an unknown alternative", () => {
    expect(() => wilcoxonSignedRank([1], { alternative: "up" as WilcoxonAlternative })).toThrow(
      InvalidArgumentError,
    );
  });
});
