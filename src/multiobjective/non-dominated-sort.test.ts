import { describe, expect, it } from "vitest";
import { lcg } from "../../test/helpers.js";
import { InvalidArgumentError } from "../errors.js";
import type { Direction } from "../trial/frozen-trial.js";
import { dominates } from "./dominates.js";
import { nonDominatedSort, paretoFrontIndices } from "./non-dominated-sort.js";

const MIN2: Direction[] = ["minimize", "minimize"];
const INF = Number.POSITIVE_INFINITY;

/** Deb's definition, by brute force: peel off the non-dominated set until nothing is left. */
function bruteForceRanks(points: number[][], directions: Direction[]): number[] {
  const ranks = points.map(() => -1);
  for (let rank = 0; ranks.includes(-1); rank++) {
    const remaining = points.flatMap((_, i) => (ranks[i] === -1 ? [i] : []));
    const front = remaining.filter(
      (i) => !remaining.some((j) => dominates(points[j] as number[], points[i] as number[], directions)),
    );
    for (const i of front) ranks[i] = rank;
  }
  return ranks;
}

describe("nonDominatedSort", () => {
  it("returns an empty Int32Array for empty input", () => {
    const ranks = nonDominatedSort([], MIN2);
    expect(ranks).toBeInstanceOf(Int32Array);
    expect(ranks.length).toBe(0);
  });

  it("ranks a single point (n = 1) 0", () => {
    expect(Array.from(nonDominatedSort([[3, 4]], MIN2))).toEqual([0]);
  });

  it("ranks a hand-computed 2-D set", () => {
    // Front {(1,4),(2,2),(4,1)}; then {(3,3),(5,2)}; then {(4,4)}; then {(5,5)}.
    const points = [
      [4, 4],
      [1, 4],
      [3, 3],
      [2, 2],
      [5, 5],
      [4, 1],
      [5, 2],
    ];
    expect(Array.from(nonDominatedSort(points, MIN2))).toEqual([2, 0, 1, 0, 3, 0, 1]);
  });

  it("gives a chain ranks 0, 1, 2, ...", () => {
    expect(
      Array.from(
        nonDominatedSort(
          [
            [3, 3],
            [1, 1],
            [2, 2],
            [0, 0],
          ],
          MIN2,
        ),
      ),
    ).toEqual([3, 1, 2, 0]);
  });

  it("gives duplicates the same rank", () => {
    expect(
      Array.from(
        nonDominatedSort(
          [
            [2, 2],
            [1, 1],
            [2, 2],
            [1, 1],
            [0, 3],
          ],
          MIN2,
        ),
      ),
    ).toEqual([1, 0, 1, 0, 0]);
  });

  it("ranks all-equal points 0", () => {
    expect(
      Array.from(
        nonDominatedSort(
          [
            [1, 1],
            [1, 1],
            [1, 1],
          ],
          MIN2,
        ),
      ),
    ).toEqual([0, 0, 0]);
  });

  it("ranks one objective by distinct value", () => {
    expect(Array.from(nonDominatedSort([[3], [1], [2], [1], [3]], ["minimize"]))).toEqual([2, 0, 1, 0, 2]);
  });

  it("handles maximize directions", () => {
    expect(
      Array.from(
        nonDominatedSort(
          [
            [3, 3],
            [1, 1],
            [2, 2],
          ],
          ["maximize", "maximize"],
        ),
      ),
    ).toEqual([0, 2, 1]);
    expect(
      Array.from(
        nonDominatedSort(
          [
            [1, 3],
            [1, 1],
            [2, 3],
          ],
          ["minimize", "maximize"],
        ),
      ),
    ).toEqual([0, 1, 1]);
  });

  it("treats ±Infinity as ordinary values", () => {
    // (-∞,-∞) dominates all; (-∞,5) dominates (0,∞), which dominates (∞,∞).
    const ranks = nonDominatedSort(
      [
        [INF, 0],
        [0, INF],
        [-INF, 5],
        [INF, INF],
        [-INF, -INF],
      ],
      MIN2,
    );
    expect(Array.from(ranks)).toEqual([1, 2, 1, 3, 0]);
  });

  it("puts points containing NaN in one rank after every NaN-free point", () => {
    const points = [
      [Number.NaN, 0],
      [1, 1],
      [2, 2],
      [0, Number.NaN],
      [1, 1],
    ];
    expect(Array.from(nonDominatedSort(points, MIN2))).toEqual([2, 0, 1, 2, 0]);
    expect(
      Array.from(
        nonDominatedSort(
          [
            [Number.NaN, 0],
            [0, Number.NaN],
          ],
          MIN2,
        ),
      ),
    ).toEqual([0, 0]);
  });

  it("accepts Float64Array points", () => {
    const points = [new Float64Array([1, 2]), new Float64Array([2, 3])];
    expect(Array.from(nonDominatedSort(points, MIN2))).toEqual([0, 1]);
  });

  it("throws InvalidArgumentError when a point has the wrong length", () => {
    expect(() => nonDominatedSort([[1, 2], [1]], MIN2)).toThrow(InvalidArgumentError);
    expect(() => nonDominatedSort([[1, 2]], MIN2.concat(["minimize"]))).toThrow(/points\[0\] has 2/);
  });

  it("matches brute-force dominance checks on random inputs (seeded LCG)", () => {
    const random = lcg(20240611);
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + Math.floor(random() * 40);
      const m = 1 + Math.floor(random() * 4);
      const directions = Array.from(
        { length: m },
        (): Direction => (random() < 0.5 ? "minimize" : "maximize"),
      );
      // A coarse grid half the time, so that ties and duplicates are common.
      const coarse = random() < 0.5;
      const points = Array.from({ length: n }, () =>
        Array.from({ length: m }, () => {
          const u = random();
          if (u < 0.02) return Number.NaN;
          if (u < 0.04) return random() < 0.5 ? INF : -INF;
          return coarse ? Math.floor(random() * 4) : random();
        }),
      );
      const ranks = nonDominatedSort(points, directions);
      const front = points.flatMap((p, i) => (points.some((q) => dominates(q, p, directions)) ? [] : [i]));
      expect(Array.from(ranks).flatMap((r, i) => (r === 0 ? [i] : []))).toEqual(front);
      expect(paretoFrontIndices(points, directions)).toEqual(front);
      expect(Array.from(ranks)).toEqual(bruteForceRanks(points, directions));
    }
  });
});

describe("paretoFrontIndices", () => {
  it("returns [] for empty input and [0] for one point", () => {
    expect(paretoFrontIndices([], MIN2)).toEqual([]);
    expect(paretoFrontIndices([[1, 1]], MIN2)).toEqual([0]);
  });

  it("returns ascending indices and keeps duplicates on the front", () => {
    expect(
      paretoFrontIndices(
        [
          [3, 3],
          [2, 2],
          [1, 4],
          [2, 2],
          [4, 1],
        ],
        MIN2,
      ),
    ).toEqual([1, 2, 3, 4]);
  });

  it("returns every index when all points are equal", () => {
    expect(
      paretoFrontIndices(
        [
          [1, 1],
          [1, 1],
        ],
        MIN2,
      ),
    ).toEqual([0, 1]);
  });

  it("excludes NaN points unless every point has NaN", () => {
    expect(
      paretoFrontIndices(
        [
          [Number.NaN, 0],
          [5, 5],
        ],
        MIN2,
      ),
    ).toEqual([1]);
    expect(
      paretoFrontIndices(
        [
          [Number.NaN, 0],
          [0, Number.NaN],
        ],
        MIN2,
      ),
    ).toEqual([0, 1]);
  });

  it("handles maximize directions", () => {
    expect(
      paretoFrontIndices(
        [
          [1, 1],
          [2, 2],
          [3, 1],
        ],
        ["maximize", "maximize"],
      ),
    ).toEqual([1, 2]);
  });
});
