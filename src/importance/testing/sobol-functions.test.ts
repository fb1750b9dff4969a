import { describe, expect, it } from "vitest";
import { Rng } from "../../math/rng.js";
import {
  ADDITIVE_WITH_INTERACTION,
  evaluateSobol,
  firstOrderIndices,
  MIXED_WITH_CATEGORICAL,
  type SobolFunction,
} from "./sobol-functions.js";
import { spearman } from "./spearman.js";

/** Pick-freeze Monte Carlo estimate of S_i: the correlation of f(A) and f(A with all but x_i redrawn). */
function monteCarloIndex(fn: SobolFunction, i: number, n: number, rng: Rng): number {
  const d = fn.variables.length;
  const draw = (v: "float" | "log" | number) =>
    typeof v === "number" ? rng.integer(0, v - 1) : rng.random();
  const a = new Float64Array(d);
  const c = new Float64Array(d);
  let sa = 0;
  let sc = 0;
  let sac = 0;
  let saa = 0;
  for (let k = 0; k < n; k++) {
    fn.variables.forEach((v, j) => {
      a[j] = draw(v);
      c[j] = j === i ? (a[j] as number) : draw(v);
    });
    const ya = evaluateSobol(fn, a, 0);
    const yc = evaluateSobol(fn, c, 0);
    sa += ya;
    sc += yc;
    sac += ya * yc;
    saa += ya * ya;
  }
  const mean = sa / n;
  return (sac / n - mean * (sc / n)) / (saa / n - mean * mean);
}

describe("Sobol test functions", () => {
  it("state first-order indices that a 200,000-point Monte Carlo estimate confirms (±0.015)", () => {
    const rng = new Rng(1);
    for (const fn of [ADDITIVE_WITH_INTERACTION, MIXED_WITH_CATEGORICAL]) {
      const exact = firstOrderIndices(fn);
      exact.forEach((s, i) => {
        expect(Math.abs(monteCarloIndex(fn, i, 200_000, rng) - s)).toBeLessThan(0.015);
      });
    }
    expect(Array.from(firstOrderIndices(ADDITIVE_WITH_INTERACTION), (v) => Number(v.toFixed(3)))).toEqual([
      0.316, 0.19, 0.079, 0.178, 0.178, 0, 0,
    ]);
  });

  it("rank-correlate with Spearman's coefficient, ties at mean rank", () => {
    expect(spearman([1, 2, 3], [10, 30, 20])).toBeCloseTo(0.5, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
    expect(spearman([1, 1, 2], [1, 1, 2])).toBeCloseTo(1, 12);
  });
});
