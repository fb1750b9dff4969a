import { describe, expect, it } from "vitest";
import { contains, type Distribution } from "../../search-space/distribution.js";
import { qmcSequence, unitToInternal } from "./qmc-sequence.js";

const BELOW_ONE = 1 - 2 ** -53;

describe("unitToInternal", () => {
  it("maps floats linearly or on the log scale, u = 0 to low and u → 1 to high", () => {
    const lin: Distribution = { type: "float", low: -5, high: 5, log: false, step: null };
    const log: Distribution = { type: "float", low: 1e-4, high: 1, log: true, step: null };
    expect(unitToInternal(lin, 0)).toBe(-5);
    expect(unitToInternal(lin, 0.25)).toBe(-2.5);
    expect(unitToInternal(lin, BELOW_ONE)).toBeCloseTo(5, 12);
    expect(unitToInternal(log, 0)).toBeCloseTo(1e-4, 15);
    expect(unitToInternal(log, 0.5)).toBeCloseTo(1e-2, 14);
    expect(unitToInternal(log, BELOW_ONE)).toBeLessThanOrEqual(1);
  });

  it("gives each step or integer an equal share of [0, 1)", () => {
    const step: Distribution = { type: "float", low: 0, high: 0.5, log: false, step: 0.1 };
    const ints: Distribution = { type: "int", low: 2, high: 20, log: false, step: 3 };
    expect([0, 0.16, 0.17, 0.5, 0.84, BELOW_ONE].map((u) => unitToInternal(step, u))).toEqual([
      0, 0, 0.1, 0.30000000000000004, 0.5, 0.5,
    ]);
    // 7 values 2, 5, …, 20: u in [k/7, (k+1)/7) gives the k-th.
    expect([0, 1 / 7, 0.5, 6 / 7, BELOW_ONE].map((u) => unitToInternal(ints, u))).toEqual([2, 5, 11, 20, 20]);
    for (let u = 0; u < 1; u += 0.01) {
      expect(contains(step, unitToInternal(step, u))).toBe(true);
      expect(contains(ints, unitToInternal(ints, u))).toBe(true);
    }
  });

  it("maps log integers on the log scale within bounds", () => {
    const units: Distribution = { type: "int", low: 8, high: 512, log: true, step: 1 };
    expect(unitToInternal(units, 0)).toBe(8);
    expect(unitToInternal(units, BELOW_ONE)).toBe(512);
    expect(unitToInternal(units, 0.5)).toBe(Math.round(Math.sqrt(7.5 * 512.5)));
  });

  it("maps a categorical to choice floor(u·n)", () => {
    const cat: Distribution = { type: "categorical", choices: ["a", "b", "c"] };
    expect([0, 0.33, 1 / 3, 0.99, BELOW_ONE].map((u) => unitToInternal(cat, u))).toEqual([0, 0, 1, 2, 2]);
    expect(unitToInternal({ type: "categorical", choices: [null] }, 0.7)).toBe(0);
  });
});

describe("qmcSequence", () => {
  it("caches one sequence per (type, scrambling, seed, dimension)", () => {
    const key = { qmcType: "sobol", scramble: true, seed: 1 } as const;
    expect(qmcSequence(key, 3)).toBe(qmcSequence(key, 3));
    expect(qmcSequence(key, 4)).not.toBe(qmcSequence(key, 3));
    expect(Array.from(qmcSequence({ ...key, qmcType: "halton", scramble: false }, 2).point(1))).toEqual([
      0.5,
      1 / 3,
    ]);
  });
});
