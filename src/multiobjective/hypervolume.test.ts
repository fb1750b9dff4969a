import { describe, expect, it } from "vitest";
import { lcg } from "../../test/helpers.js";
import { InvalidArgumentError } from "../errors.js";
import { hypervolume, hypervolume2d, hypervolumeContributions2d } from "./hypervolume.js";

const INF = Number.POSITIVE_INFINITY;

/** Exact volume by inclusion–exclusion over every subset: exponential, an independent oracle for n ≤ 10. */
function inclusionExclusion(points: number[][], reference: number[]): number {
  const inside = points.filter((p) => p.every((v, k) => v < (reference[k] as number)));
  let volume = 0;
  for (let mask = 1; mask < 1 << inside.length; mask++) {
    let box = 1;
    let size = 0;
    for (let k = 0; k < reference.length; k++) {
      let corner = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < inside.length; i++) {
        if (mask & (1 << i)) corner = Math.max(corner, (inside[i] as number[])[k] as number);
      }
      box *= (reference[k] as number) - corner;
    }
    for (let i = 0; i < inside.length; i++) if (mask & (1 << i)) size++;
    volume += size % 2 === 1 ? box : -box;
  }
  return volume;
}

function randomPoints(random: () => number, n: number, d: number, coarse: boolean): number[][] {
  return Array.from({ length: n }, () =>
    Array.from({ length: d }, () => (coarse ? Math.floor(random() * 5) / 4 : random())),
  );
}

describe("hypervolume2d", () => {
  it("is 0 for no points", () => {
    expect(hypervolume2d([], [1, 1])).toBe(0);
  });

  it("is the box of a single point (n = 1)", () => {
    expect(hypervolume2d([[1, 2]], [4, 4])).toBe(6);
  });

  it("unions a hand-computed staircase", () => {
    // Boxes 3×1, 2×2, 1×3 minus overlaps: (1,3),(2,2),(3,1) with reference (4,4) cover 6.
    expect(
      hypervolume2d(
        [
          [2, 2],
          [3, 1],
          [1, 3],
        ],
        [4, 4],
      ),
    ).toBe(6);
    expect(
      hypervolume2d(
        [
          [1, 2],
          [2, 1],
        ],
        [3, 3],
      ),
    ).toBe(3);
  });

  it("ignores dominated points, duplicates and all-equal inputs", () => {
    expect(
      hypervolume2d(
        [
          [1, 2],
          [2, 1],
          [2, 2],
          [2.5, 2.5],
        ],
        [3, 3],
      ),
    ).toBe(3);
    expect(
      hypervolume2d(
        [
          [1, 2],
          [1, 2],
          [2, 1],
        ],
        [3, 3],
      ),
    ).toBe(3);
    expect(
      hypervolume2d(
        [
          [1, 1],
          [1, 1],
          [1, 1],
        ],
        [3, 3],
      ),
    ).toBe(4);
  });

  it("ignores points that do not strictly dominate the reference", () => {
    expect(
      hypervolume2d(
        [
          [3, 0],
          [0, 3],
          [5, 5],
          [4, -1],
        ],
        [3, 3],
      ),
    ).toBe(0);
    expect(
      hypervolume2d(
        [
          [3, 0],
          [2, 2],
        ],
        [3, 3],
      ),
    ).toBe(1);
  });

  it("ignores points containing NaN", () => {
    expect(
      hypervolume2d(
        [
          [Number.NaN, 0],
          [2, 2],
          [0, Number.NaN],
        ],
        [3, 3],
      ),
    ).toBe(1);
  });

  it("is infinite when a point or the reference reaches to infinity", () => {
    expect(hypervolume2d([[-INF, 2]], [3, 3])).toBe(INF);
    expect(
      hypervolume2d(
        [
          [1, -INF],
          [-INF, 2],
        ],
        [3, 3],
      ),
    ).toBe(INF);
    expect(hypervolume2d([[1, 1]], [INF, 3])).toBe(INF);
    expect(hypervolume2d([[INF, 1]], [INF, 3])).toBe(0);
  });

  it("measures maximized objectives after negation", () => {
    const maximized = [
      [3, 1],
      [1, 3],
    ];
    expect(
      hypervolume2d(
        maximized.map(([a, b]) => [-(a as number), -(b as number)]),
        [0, 0],
      ),
    ).toBe(5);
  });

  it("approaches the ZDT1 front's 120 + 2/3 with reference (11, 11)", () => {
    const random = lcg(1);
    const n = 2000;
    const front = Array.from({ length: n + 1 }, (_, i) => [i / n, 1 - Math.sqrt(i / n)]);
    for (let i = front.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [front[i], front[j]] = [front[j] as number[], front[i] as number[]];
    }
    const exact = 121 - 1 / 3;
    const volume = hypervolume2d(front, [11, 11]);
    expect(volume).toBeLessThanOrEqual(exact);
    expect(Math.abs(volume - exact)).toBeLessThan(1e-2);
    expect(hypervolume(front, [11, 11])).toBe(volume);
  });

  it("throws InvalidArgumentError on a NaN reference or a point of the wrong length", () => {
    expect(() => hypervolume2d([[1, 1]], [Number.NaN, 3])).toThrow(InvalidArgumentError);
    expect(() => hypervolume2d([[1, 1, 1]], [3, 3])).toThrow(/points\[0\] has 3/);
  });
});

describe("hypervolume", () => {
  it("is 0 for no points in any dimension", () => {
    expect(hypervolume([], [1])).toBe(0);
    expect(hypervolume([], [1, 1, 1])).toBe(0);
  });

  it("is the distance to the reference in 1-D", () => {
    expect(hypervolume([[5], [2], [7]], [10])).toBe(8);
    expect(hypervolume([[10], [12], [Number.NaN]], [10])).toBe(0);
    expect(hypervolume([[-INF]], [10])).toBe(INF);
  });

  it("computes hand-worked 3-D cases", () => {
    expect(hypervolume([[0, 0, 0]], [1, 2, 3])).toBe(6);
    // Two 3×2×1 and 1×2×3 boxes overlapping in 1×2×1.
    expect(
      hypervolume(
        [
          [1, 2, 3],
          [3, 2, 1],
        ],
        [4, 4, 4],
      ),
    ).toBe(10);
    // Three 2×1×1 boxes, pairwise overlapping in unit cubes that all share one: 3·2 − 3·1 + 1 = 4.
    expect(
      hypervolume(
        [
          [0, 1, 1],
          [1, 0, 1],
          [1, 1, 0],
        ],
        [2, 2, 2],
      ),
    ).toBe(4);
  });

  it("is unchanged by duplicates, dominated points and points beyond the reference", () => {
    const base = [
      [0, 1, 1],
      [1, 0, 1],
      [1, 1, 0],
    ];
    const noisy = [...base, [0, 1, 1], [1, 1, 1], [1.5, 1.5, 1.5], [2, 0, 0], [0, 0, 3], [Number.NaN, 0, 0]];
    expect(hypervolume(noisy, [2, 2, 2])).toBe(4);
    expect(
      hypervolume(
        [
          [1, 1, 1],
          [1, 1, 1],
        ],
        [2, 2, 2],
      ),
    ).toBe(1);
  });

  it("handles ±Infinity in 3-D", () => {
    expect(hypervolume([[0, -INF, 0]], [1, 1, 1])).toBe(INF);
    expect(
      hypervolume(
        [
          [0, 0, 0],
          [0, 0, -INF],
        ],
        [1, 1, 1],
      ),
    ).toBe(INF);
    expect(hypervolume([[0, 0, 0]], [1, 1, INF])).toBe(INF);
    expect(hypervolume([[0, 0, INF]], [1, 1, INF])).toBe(0);
    expect(
      hypervolume(
        [
          [-INF, 0, 0],
          [-INF, 0, 0],
        ],
        [1, 1, 1],
      ),
    ).toBe(INF);
  });

  it("matches inclusion–exclusion on random sets in 2 to 5 dimensions", () => {
    const random = lcg(42);
    for (let trial = 0; trial < 200; trial++) {
      const d = 2 + (trial % 4);
      const n = 1 + Math.floor(random() * 9);
      const points = randomPoints(random, n, d, trial % 2 === 0);
      const reference = Array.from({ length: d }, () => 1);
      expect(hypervolume(points, reference)).toBeCloseTo(inclusionExclusion(points, reference), 12);
    }
  });

  it("agrees with a seeded Monte Carlo estimate in 3-D", () => {
    const random = lcg(2024);
    // Points on the positive unit sphere (mutually non-dominated) plus a few dominated copies.
    const points: number[][] = [];
    for (let i = 0; i < 25; i++) {
      const v = [random() + 0.05, random() + 0.05, random() + 0.05];
      const norm = Math.hypot(...v);
      points.push(v.map((x) => x / norm));
      if (i % 5 === 0) points.push(v.map((x) => (1.1 * x) / norm));
    }
    const reference = [1.2, 1.2, 1.2];
    const samples = 400_000;
    let hits = 0;
    for (let s = 0; s < samples; s++) {
      const x = 1.2 * random();
      const y = 1.2 * random();
      const z = 1.2 * random();
      for (const p of points) {
        if ((p[0] as number) <= x && (p[1] as number) <= y && (p[2] as number) <= z) {
          hits++;
          break;
        }
      }
    }
    const box = 1.2 ** 3;
    const fraction = hits / samples;
    const standardError = box * Math.sqrt((fraction * (1 - fraction)) / samples);
    expect(Math.abs(hypervolume(points, reference) - box * fraction)).toBeLessThan(5 * standardError);
  });

  it("throws InvalidArgumentError on an empty or NaN reference or a length mismatch", () => {
    expect(() => hypervolume([[1]], [])).toThrow(InvalidArgumentError);
    expect(() => hypervolume([[1, 1, 1]], [2, Number.NaN, 2])).toThrow(/reference\[1\] is NaN/);
    expect(() => hypervolume([[1, 1]], [2, 2, 2])).toThrow(/as many coordinates as the reference \(3\)/);
  });
});

describe("hypervolumeContributions2d", () => {
  it("is empty for no points and the whole box for one point (n = 1)", () => {
    expect(hypervolumeContributions2d([], [1, 1])).toEqual(new Float64Array(0));
    expect(Array.from(hypervolumeContributions2d([[1, 2]], [4, 4]))).toEqual([6]);
  });

  it("gives each staircase point its own box and dominated points 0", () => {
    const points = [
      [2, 2],
      [3, 1],
      [1, 3],
      [3, 3],
    ];
    expect(Array.from(hypervolumeContributions2d(points, [4, 4]))).toEqual([1, 1, 1, 0]);
  });

  it("gives duplicates 0 and leaves the other points' contributions exact", () => {
    const points = [
      [1, 2],
      [2, 1],
      [1, 2],
    ];
    expect(Array.from(hypervolumeContributions2d(points, [3, 3]))).toEqual([0, 1, 0]);
    expect(
      Array.from(
        hypervolumeContributions2d(
          [
            [1, 1],
            [1, 1],
            [1, 1],
          ],
          [3, 3],
        ),
      ),
    ).toEqual([0, 0, 0]);
  });

  it("subtracts what weakly dominated points would cover", () => {
    // (1,1) covers 4; without it, (1,2) or (2,1) would still cover 2: contribution 2.
    expect(
      Array.from(
        hypervolumeContributions2d(
          [
            [1, 1],
            [1, 2],
          ],
          [3, 3],
        ),
      ),
    ).toEqual([2, 0]);
    expect(
      Array.from(
        hypervolumeContributions2d(
          [
            [1, 1],
            [2, 1],
          ],
          [3, 3],
        ),
      ),
    ).toEqual([2, 0]);
    // (0,0) alone covers 4, (1,1) would still cover 1: contribution 3.
    expect(
      Array.from(
        hypervolumeContributions2d(
          [
            [0, 0],
            [1, 1],
          ],
          [2, 2],
        ),
      ),
    ).toEqual([3, 0]);
  });

  it("gives 0 to points beyond the reference and to points containing NaN", () => {
    const points = [
      [3, 0],
      [Number.NaN, 0],
      [2, 2],
      [0, Number.NaN],
      [5, 5],
    ];
    expect(Array.from(hypervolumeContributions2d(points, [3, 3]))).toEqual([0, 0, 1, 0, 0]);
  });

  it("handles ±Infinity without producing NaN", () => {
    expect(
      Array.from(
        hypervolumeContributions2d(
          [
            [-INF, 1],
            [0, 0],
          ],
          [3, 3],
        ),
      ),
    ).toEqual([INF, 3]);
    expect(
      Array.from(
        hypervolumeContributions2d(
          [
            [-INF, 1],
            [-INF, 1],
          ],
          [3, 3],
        ),
      ),
    ).toEqual([0, 0]);
    expect(
      Array.from(
        hypervolumeContributions2d(
          [
            [-INF, 1],
            [-INF, 2],
          ],
          [3, 3],
        ),
      ),
    ).toEqual([INF, 0]);
    expect(Array.from(hypervolumeContributions2d([[1, 1]], [INF, 3]))).toEqual([INF]);
  });

  it("equals hypervolume(all) − hypervolume(all but the point) on random sets", () => {
    const random = lcg(99);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + Math.floor(random() * 30);
      const points = randomPoints(random, n, 2, trial % 2 === 0);
      const contributions = hypervolumeContributions2d(points, [1, 1]);
      const total = hypervolume2d(points, [1, 1]);
      for (let i = 0; i < n; i++) {
        const without = hypervolume2d(
          points.filter((_, j) => j !== i),
          [1, 1],
        );
        expect(contributions[i]).toBeCloseTo(total - without, 12);
      }
    }
  });

  it("throws InvalidArgumentError on a NaN reference or a point of the wrong length", () => {
    expect(() => hypervolumeContributions2d([[1, 1]], [3, Number.NaN])).toThrow(InvalidArgumentError);
    expect(() => hypervolumeContributions2d([[1]], [3, 3])).toThrow(InvalidArgumentError);
  });
});
