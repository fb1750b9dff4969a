import { describe, expect, it } from "vitest";
import { Rng } from "../../math/rng.js";
import {
  contains,
  type Distribution,
  type SearchSpace,
  toExternal,
} from "../../search-space/distribution.js";
import { mutateOne, mutateValue } from "./mutation.js";

const SPACE: SearchSpace = {
  x: { type: "float", low: -5, high: 5, log: false, step: null },
  lr: { type: "float", low: 1e-5, high: 1e-1, log: true, step: null },
  drop: { type: "float", low: 0, high: 0.5, log: false, step: 0.1 },
  n: { type: "int", low: 1, high: 9, log: false, step: 1 },
  units: { type: "int", low: 8, high: 512, log: true, step: 1 },
  k: { type: "int", low: 2, high: 20, log: false, step: 3 },
  opt: { type: "categorical", choices: ["adam", "sgd", null, 3, true] },
  fixed: { type: "int", low: 4, high: 4, log: false, step: 1 },
};

/** Parents on bounds and inside, so clipping and the bounce off a bound are exercised. */
const PARENTS: Record<string, number>[] = [
  { x: -5, lr: 1e-5, drop: 0, n: 1, units: 8, k: 2, opt: 0, fixed: 4 },
  { x: 5, lr: 1e-1, drop: 0.5, n: 9, units: 512, k: 20, opt: 4, fixed: 4 },
  { x: 0.3, lr: 1e-3, drop: 0.2, n: 5, units: 64, k: 11, opt: 2, fixed: 4 },
];

describe("mutateOne", () => {
  it("changes exactly one parameter, to a value inside its distribution, never a single-valued one", () => {
    const changed = new Set<string>();
    for (let seed = 0; seed < 400; seed++) {
      const parent = PARENTS[seed % PARENTS.length] as Record<string, number>;
      const child = mutateOne(parent, SPACE, Rng.derive(seed, "mutate"), 0.1);
      const diff = Object.keys(parent).filter((name) => child[name] !== parent[name]);
      expect(diff).toHaveLength(1);
      const name = diff[0] as string;
      const dist = SPACE[name] as Distribution;
      expect(contains(dist, toExternal(dist, child[name] as number)), `${name}=${child[name]}`).toBe(true);
      changed.add(name);
    }
    // Every mutable parameter gets its turn; the single-valued one never does.
    expect([...changed].sort()).toEqual(["drop", "k", "lr", "n", "opt", "units", "x"]);
  });

  it("returns the parameters unchanged when none can change", () => {
    expect(mutateOne({ fixed: 4 }, SPACE, new Rng(1), 0.1)).toEqual({ fixed: 4 });
  });
});

describe("mutateValue", () => {
  it("takes every other categorical choice uniformly, never the parent's", () => {
    const dist = SPACE.opt as Distribution;
    const counts = [0, 0, 0, 0, 0];
    const rng = new Rng(3);
    for (let i = 0; i < 4000; i++) {
      const v = mutateValue(dist, 2, rng, 0.1);
      counts[v] = (counts[v] as number) + 1;
    }
    expect(counts[2]).toBe(0);
    // 1,000 expected per other choice; 4 standard deviations is about ±110.
    for (const c of [counts[0], counts[1], counts[3], counts[4]])
      expect(Math.abs((c as number) - 1000)).toBeLessThan(110);
  });

  it("steps a float by N(0, scale²) on its unit interval", () => {
    const dist = SPACE.x as Distribution;
    const rng = new Rng(5);
    const steps = Array.from({ length: 4000 }, () => (mutateValue(dist, 0, rng, 0.1) - 0) / 10);
    const mean = steps.reduce((a, b) => a + b, 0) / steps.length;
    const sd = Math.sqrt(steps.reduce((a, b) => a + (b - mean) ** 2, 0) / steps.length);
    // Standard error of the mean 0.1/√4000 ≈ 0.0016; of the sd about 0.0011.
    expect(Math.abs(mean)).toBeLessThan(0.007);
    expect(Math.abs(sd - 0.1)).toBeLessThan(0.005);
  });

  it("steps a log float on the log of its range", () => {
    const dist = SPACE.lr as Distribution;
    const rng = new Rng(6);
    // The log range is 4 decades: a unit-interval step of 0.1 is 0.4 decade.
    const decades = Array.from({ length: 4000 }, () => Math.log10(mutateValue(dist, 1e-3, rng, 0.1)) + 3);
    const sd = Math.sqrt(decades.reduce((a, b) => a + b * b, 0) / decades.length);
    expect(Math.abs(sd - 0.4)).toBeLessThan(0.02);
  });

  it("moves a value on a bound inward instead of clipping it back onto the bound", () => {
    const rng = new Rng(7);
    for (let i = 0; i < 200; i++) {
      const up = mutateValue(SPACE.x as Distribution, -5, rng, 0.1);
      const down = mutateValue(SPACE.x as Distribution, 5, rng, 0.1);
      expect(up).toBeGreaterThan(-5);
      expect(down).toBeLessThan(5);
    }
  });

  it("rounds ints and stepped floats to their grid and moves at least one grid point", () => {
    const rng = new Rng(8);
    for (let i = 0; i < 500; i++) {
      const k = mutateValue(SPACE.k as Distribution, 11, rng, 0.01);
      expect([8, 14]).toContain(k);
      const drop = mutateValue(SPACE.drop as Distribution, 0.5, rng, 0.01);
      expect(drop).toBeCloseTo(0.4, 12);
      const n = mutateValue(SPACE.n as Distribution, 1, rng, 0.01);
      expect(n).toBe(2);
    }
  });

  it("a large scale is clipped to the bounds", () => {
    const rng = new Rng(9);
    const values = Array.from({ length: 500 }, () => mutateValue(SPACE.units as Distribution, 64, rng, 10));
    expect(Math.min(...values)).toBe(8);
    expect(Math.max(...values)).toBe(512);
    expect(values.every((v) => Number.isInteger(v))).toBe(true);
  });
});
