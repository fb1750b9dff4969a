import { describe, expect, it } from "vitest";
import { Rng } from "../../math/rng.js";
import { bestUntried } from "./untried-combination.js";

/** Every combination's index vector, with its summed score, best first (ties in lexicographic order). */
function allBySum(ranked: { values: number[]; scores: number[] }[]): { point: number[]; sum: number }[] {
  let combos: number[][] = [[]];
  for (const r of ranked) combos = combos.flatMap((c) => r.values.map((_, i) => [...c, i]));
  return combos
    .map((idx) => ({
      point: idx.map((i, p) => ranked[p]?.values[i] as number),
      sum: idx.reduce((s, i, p) => s + (ranked[p]?.scores[i] as number), 0),
    }))
    .sort((a, b) => b.sum - a.sum);
}

describe("bestUntried", () => {
  it("returns the accepted combination with the largest summed score (checked against enumerating all)", () => {
    const rng = new Rng(7);
    for (let round = 0; round < 200; round++) {
      const d = 1 + Math.floor(rng.random() * 4);
      const ranked = Array.from({ length: d }, (_, p) => {
        const n = 1 + Math.floor(rng.random() * 5);
        const scores = Array.from({ length: n }, () => rng.random() * 4 - 2).sort((a, b) => b - a);
        return { values: scores.map((_, i) => p * 10 + i), scores };
      });
      const all = allBySum(ranked);
      // Refuse a random third of the combinations.
      const refused = new Set(all.filter(() => rng.random() < 0.33).map((c) => c.point.join(",")));
      const accept = (pt: Float64Array) => !refused.has(Array.from(pt).join(","));
      const got = bestUntried(ranked, accept);
      const want = all.find((c) => !refused.has(c.point.join(",")));
      if (want === undefined) {
        expect(got).toBeNull();
      } else {
        expect(got).not.toBeNull();
        const gotSum = Array.from(got as Float64Array).reduce(
          (s, v, p) => s + (ranked[p]?.scores[ranked[p]?.values.indexOf(v) as number] as number),
          0,
        );
        expect(gotSum).toBeCloseTo(want.sum, 12);
        expect(accept(got as Float64Array)).toBe(true);
      }
    }
  });

  it("returns the best combination when it is accepted, and null once maxVisits are refused", () => {
    const ranked = [
      { values: [1, 2], scores: [0, -1] },
      { values: [5, 6], scores: [0, -3] },
    ];
    expect(Array.from(bestUntried(ranked, () => true) as Float64Array)).toEqual([1, 5]);
    const not15 = (p: Float64Array) => !(p[0] === 1 && p[1] === 5);
    expect(Array.from(bestUntried(ranked, not15) as Float64Array)).toEqual([2, 5]);
    expect(bestUntried(ranked, not15, 1)).toBeNull();
    expect(bestUntried(ranked, () => false)).toBeNull();
  });
});
