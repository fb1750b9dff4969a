import { describe, expect, it } from "vitest";
import { firstPrimes, HALTON_MAX_DIMENSION, HaltonSequence } from "./halton.js";

describe("firstPrimes", () => {
  it("lists the primes in order: the 25th is 97, the 168th 997, the 1000th 7919", () => {
    expect(Array.from(firstPrimes(10))).toEqual([2, 3, 5, 7, 11, 13, 17, 19, 23, 29]);
    expect(firstPrimes(25)[24]).toBe(97);
    expect(firstPrimes(168)[167]).toBe(997);
    const thousand = firstPrimes(1000);
    expect(thousand[999]).toBe(7919);
    expect(firstPrimes(1)).toEqual(Int32Array.from([2]));
    for (let i = 1; i < thousand.length; i++)
      expect(thousand[i] as number).toBeGreaterThan(thousand[i - 1] as number);
  });
});

describe("HaltonSequence, unscrambled", () => {
  it("gives the radical inverses by hand: bases 2, 3, 5", () => {
    const halton = new HaltonSequence({ dimension: 3 });
    const base2 = [0, 1 / 2, 1 / 4, 3 / 4, 1 / 8, 5 / 8, 3 / 8, 7 / 8];
    const base3 = [0, 1 / 3, 2 / 3, 1 / 9, 4 / 9, 7 / 9, 2 / 9, 5 / 9];
    const base5 = [0, 1 / 5, 2 / 5, 3 / 5, 4 / 5, 1 / 25, 6 / 25, 11 / 25];
    for (let n = 0; n < 8; n++) {
      const [x, y, z] = halton.point(n);
      expect(x).toBe(base2[n]);
      expect(y).toBeCloseTo(base3[n] as number, 15);
      expect(z).toBeCloseTo(base5[n] as number, 15);
    }
    // 100 = 10201 in base 3 → 1/3 + 0/9 + 2/27 + 0/81 + 1/243.
    expect(halton.point(100)[1]).toBeCloseTo(1 / 3 + 2 / 27 + 1 / 243, 15);
  });

  it("uses the 1000th prime for the last coordinate", () => {
    const halton = new HaltonSequence({ dimension: HALTON_MAX_DIMENSION });
    expect(halton.point(1)[HALTON_MAX_DIMENSION - 1]).toBeCloseTo(1 / 7919, 15);
    expect(halton.point(7920)[HALTON_MAX_DIMENSION - 1]).toBeCloseTo(1 / 7919 + 1 / 7919 ** 2, 15);
  });

  it("rejects bad dimensions and indices by name", () => {
    expect(() => new HaltonSequence({ dimension: 0 })).toThrow(/dimension must be an integer from 1 to 1000/);
    expect(() => new HaltonSequence({ dimension: 1001 })).toThrow(/but got 1001/);
    const halton = new HaltonSequence({ dimension: 1 });
    expect(() => halton.point(-1)).toThrow(/index/);
    expect(() => halton.point(0.5)).toThrow(/index/);
    expect(() => halton.point(2 ** 53)).toThrow(/index/);
  });
});

describe("HaltonSequence, scrambled (random digit permutations)", () => {
  it("keeps one point per interval: the first b^k points fill the b^k cells of base b once each", () => {
    for (const seed of [0, 5]) {
      const halton = new HaltonSequence({ dimension: 3, scramble: true, seed });
      [2, 3, 5].forEach((base, j) => {
        for (const k of [1, 2, 3]) {
          const cells = new Set<number>();
          for (let n = 0; n < base ** k; n++)
            cells.add(Math.floor((halton.point(n)[j] as number) * base ** k));
          expect(cells.size, `seed ${seed}, base ${base}, k ${k}`).toBe(base ** k);
        }
      });
    }
  });

  it("is seeded, moves point 0 off the origin and stays in [0, 1)", () => {
    const a = new HaltonSequence({ dimension: 4, scramble: true, seed: 1 });
    const b = new HaltonSequence({ dimension: 4, scramble: true, seed: 1 });
    const c = new HaltonSequence({ dimension: 4, scramble: true, seed: 2 });
    for (const n of [0, 1, 17, 2 ** 40]) {
      expect(Array.from(b.point(n))).toEqual(Array.from(a.point(n)));
      expect(Array.from(a.point(n)).every((x) => x >= 0 && x < 1)).toBe(true);
    }
    expect(Array.from(c.point(3))).not.toEqual(Array.from(a.point(3)));
    expect(Array.from(a.point(0)).some((x) => x > 0)).toBe(true);
  });

  it("gives each coordinate independently of the dimension asked for", () => {
    const small = new HaltonSequence({ dimension: 2, scramble: true, seed: 3 }).point(41);
    const large = new HaltonSequence({ dimension: 6, scramble: true, seed: 3 }).point(41);
    expect(Array.from(large.subarray(0, 2))).toEqual(Array.from(small));
  });
});
