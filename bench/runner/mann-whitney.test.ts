import { describe, expect, it } from "vitest";
import { mannWhitneyU } from "./mann-whitney.js";

const X = [1.5, 3.2, 0.7, 2.2, 5.1, 4.4];
const Y = [2.9, 6.3, 7.7, 3.9, 8.8, 5.0, 9.1];

/**
 * Reference values from SciPy 1.10.1 (Debian python3-scipy):
 *   scipy.stats.mannwhitneyu(x, y, alternative=..., method=...) → (statistic, pvalue)
 */
describe("mannWhitneyU", () => {
  it("exact, by hand: five values all below five others give p = 1/C(10, 5) = 1/252", () => {
    const r = mannWhitneyU([1, 2, 3, 4, 5], [6, 7, 8, 9, 10], { alternative: "less" });
    expect(r).toEqual({ statistic: 0, pValue: 1 / 252, method: "exact" });
  });

  it("exact p-values match SciPy for each alternative", () => {
    expect(mannWhitneyU(X, Y, { alternative: "less" }).pValue).toBeCloseTo(0.01748251748251748, 14);
    expect(mannWhitneyU(X, Y, { alternative: "greater" }).pValue).toBeCloseTo(0.988927738927739, 14);
    const two = mannWhitneyU(X, Y);
    expect(two.statistic).toBe(6);
    expect(two.pValue).toBeCloseTo(0.03496503496503496, 14);
  });

  it("asymptotic p-values (normal, continuity- and tie-corrected) match SciPy", () => {
    const forced = mannWhitneyU(X, Y, { alternative: "less", method: "asymptotic" });
    expect(forced.method).toBe("asymptotic");
    expect(forced.pValue).toBeCloseTo(0.01915938157470678, 12);
    const ten = mannWhitneyU(
      [0.41, 0.52, 0.4, 0.44, 0.61, 0.39, 0.47, 0.5, 0.43, 0.58],
      [0.6, 0.55, 0.49, 0.72, 0.66, 0.51, 0.8, 0.59, 0.63, 0.7],
      { alternative: "less" },
    );
    expect(ten).toMatchObject({ statistic: 11, method: "asymptotic" });
    expect(ten.pValue).toBeCloseTo(0.0018052571561648014, 12);
    const ties = mannWhitneyU([1, 2, 2, 3, 3, 3, 4, 9, 9, 9], [2, 3, 4, 4, 5, 5, 6, 7, 8, 9], {
      alternative: "less",
    });
    expect(ties.statistic).toBe(37);
    expect(ties.pValue).toBeCloseTo(0.16969166154575255, 12);
  });

  it("small samples with ties use the normal approximation, as SciPy's auto", () => {
    const r = mannWhitneyU([1, 2, 2, 3], [2, 3, 4, 4, 5], { alternative: "greater" });
    expect(r).toMatchObject({ statistic: 2.5, method: "asymptotic" });
    expect(r.pValue).toBeCloseTo(0.9778107863272566, 12);
  });

  it("all values tied: no evidence, p = 1", () => {
    expect(mannWhitneyU([5, 5, 5], [5, 5, 5, 5], { alternative: "less" })).toMatchObject({
      statistic: 6,
      pValue: 1,
    });
  });

  it("rejects empty samples and NaN", () => {
    expect(() => mannWhitneyU([], [1])).toThrow(/at least one value/);
    expect(() => mannWhitneyU([Number.NaN], [1])).toThrow(/NaN/);
  });
});
