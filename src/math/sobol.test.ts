import { describe, expect, it } from "vitest";
import reference from "./fixtures/sobol-reference.json" with { type: "json" };
import { SOBOL_MAX_DIMENSION, SobolSequence, sobolDirections } from "./sobol.js";

/** Coordinate j of every point in `points` (row-major, `d` per row). */
function column(points: Float64Array, d: number, j: number): number[] {
  return Array.from({ length: points.length / d }, (_, i) => points[i * d + j] as number);
}

/** Whether each of the 2^k intervals [i/2^k, (i+1)/2^k) holds exactly one of `xs` (2^k values). */
function oneInEachInterval(xs: readonly number[], k: number): boolean {
  const counts = new Uint32Array(2 ** k);
  for (const x of xs) counts[Math.floor(x * 2 ** k)] = (counts[Math.floor(x * 2 ** k)] as number) + 1;
  return counts.every((c) => c === 1);
}

describe("SobolSequence, unscrambled", () => {
  it("matches SciPy's first 256 points exactly in 1, 2, 10 and 40 dimensions", () => {
    expect(reference.cases.map((c) => c.dimension)).toEqual([1, 2, 10, 40]);
    for (const { dimension, points } of reference.cases) {
      const sobol = new SobolSequence({ dimension });
      const ours = sobol.points(0, points.length);
      const expected = points.flatMap((row) => row.split(" ").map((k) => Number(k) / reference.scale));
      expect(Array.from(ours), `dimension ${dimension}`).toEqual(expected);
      points.forEach((row, i) => {
        expect(Array.from(sobol.point(i)), `point ${i}`).toEqual(
          row.split(" ").map((k) => Number(k) / reference.scale),
        );
      });
    }
  });

  it("starts with the published first points (0, 1/2, 3/4, 1/4, …)", () => {
    const sobol = new SobolSequence({ dimension: 3 });
    expect(Array.from(sobol.points(0, 4))).toEqual([
      0, 0, 0, 0.5, 0.5, 0.5, 0.75, 0.25, 0.25, 0.25, 0.75, 0.75,
    ]);
  });

  it("computes any point directly, equal to walking the Gray code up to it", () => {
    const sobol = new SobolSequence({ dimension: 5 });
    const walked = sobol.points(1000, 40);
    for (let i = 0; i < 40; i++)
      expect(Array.from(sobol.point(1000 + i))).toEqual(Array.from(walked.subarray(i * 5, i * 5 + 5)));
    expect(Array.from(sobol.point(2 ** 32 - 1))).toEqual(Array.from(sobol.points(2 ** 32 - 1, 1)));
  });

  it("builds direction numbers for the last committed dimension", () => {
    const v = sobolDirections(SOBOL_MAX_DIMENSION - 1);
    expect(v).toHaveLength(32);
    // Every direction number m_k is odd and below 2^k, so bit 31 − k of v_k is set and nothing below it.
    v.forEach((x, k) => {
      expect(x % 2 ** (32 - k)).toBe(2 ** (31 - k));
    });
    expect(new SobolSequence({ dimension: SOBOL_MAX_DIMENSION }).point(12345)).toHaveLength(
      SOBOL_MAX_DIMENSION,
    );
  });

  it("rejects bad dimensions and indices by name", () => {
    expect(() => new SobolSequence({ dimension: 0 })).toThrow(/dimension must be an integer from 1 to 1024/);
    expect(() => new SobolSequence({ dimension: SOBOL_MAX_DIMENSION + 1 })).toThrow(/but got 1025/);
    const sobol = new SobolSequence({ dimension: 1 });
    expect(() => sobol.point(-1)).toThrow(/index/);
    expect(() => sobol.point(2 ** 32)).toThrow(/index/);
    expect(() => sobol.point(1.5)).toThrow(/index/);
    expect(() => sobol.points(2 ** 32 - 1, 2)).toThrow(/index/);
    expect(sobol.points(0, 0)).toHaveLength(0);
  });
});

describe("SobolSequence, scrambled (LMS + digital shift)", () => {
  it("keeps one point in each of the 2^k elementary intervals of every coordinate", () => {
    for (const seed of [0, 1, 42]) {
      const d = 8;
      const sobol = new SobolSequence({ dimension: d, scramble: true, seed });
      for (const k of [0, 1, 4, 8, 10]) {
        const points = sobol.points(0, 2 ** k);
        for (let j = 0; j < d; j++)
          expect(oneInEachInterval(column(points, d, j), k), `seed ${seed}, k ${k}, j ${j}`).toBe(true);
      }
      // And for every aligned block of 2^k points, not only the first.
      const block = sobol.points(3 * 64, 64);
      for (let j = 0; j < d; j++) expect(oneInEachInterval(column(block, d, j), 6)).toBe(true);
    }
  });

  it("keeps the two-dimensional net: 2^k points fill the 2^a × 2^(k−a) boxes once each", () => {
    const sobol = new SobolSequence({ dimension: 2, scramble: true, seed: 7 });
    const k = 8;
    const points = sobol.points(0, 2 ** k);
    for (let a = 0; a <= k; a++) {
      const cells = new Set<number>();
      for (let i = 0; i < 2 ** k; i++) {
        const x = Math.floor((points[2 * i] as number) * 2 ** a);
        const y = Math.floor((points[2 * i + 1] as number) * 2 ** (k - a));
        cells.add(x * 2 ** (k - a) + y);
      }
      expect(cells.size, `a = ${a}`).toBe(2 ** k);
    }
  });

  it("is seeded: same seed, same points; another seed, other points; first point not 0", () => {
    const a = new SobolSequence({ dimension: 4, scramble: true, seed: 3 }).points(0, 16);
    const b = new SobolSequence({ dimension: 4, scramble: true, seed: 3 }).points(0, 16);
    const c = new SobolSequence({ dimension: 4, scramble: true, seed: 4 }).points(0, 16);
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(Array.from(c)).not.toEqual(Array.from(a));
    expect(Array.from(a.subarray(0, 4)).every((x) => x > 0 && x < 1)).toBe(true);
  });

  it("gives each coordinate independently of the dimension asked for", () => {
    const small = new SobolSequence({ dimension: 3, scramble: true, seed: 9 }).point(77);
    const large = new SobolSequence({ dimension: 10, scramble: true, seed: 9 }).point(77);
    expect(Array.from(large.subarray(0, 3))).toEqual(Array.from(small));
  });

  it("has a mean close to 1/2 and stays in [0, 1)", () => {
    const points = new SobolSequence({ dimension: 3, scramble: true, seed: 11 }).points(0, 4096);
    for (let j = 0; j < 3; j++) {
      const xs = column(points, 3, j);
      expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...xs)).toBeLessThan(1);
      // A 2^12-point net integrates x exactly up to the 2^-12 cell width.
      expect(Math.abs(xs.reduce((s, x) => s + x, 0) / xs.length - 0.5)).toBeLessThan(2 ** -12);
    }
  });
});
