import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeObjective } from "./objective.js";
import { loadProblems } from "./problems.js";
import { rosenbrock } from "./synthetic.js";
import {
  beale,
  dixonPrice,
  EXTRA_VECTOR_FUNCTIONS,
  goldsteinPrice,
  hartmann3,
  himmelblau,
  michalewicz,
  pointNormal,
  powell,
  rastrigin,
  sixHumpCamel,
  threeHumpCamel,
  zakharov,
} from "./synthetic-extra.js";

const EXTRA = join(import.meta.dirname, "../extra");
const SET = loadProblems(EXTRA);

describe("extra closed-form objectives at their published minima", () => {
  it("two dimensions", () => {
    expect(beale([3, 0.5])).toBe(0);
    expect(goldsteinPrice([0, -1])).toBe(3);
    expect(sixHumpCamel([0.0898, -0.7126])).toBeCloseTo(-1.0316, 4);
    expect(sixHumpCamel([-0.0898, 0.7126])).toBeCloseTo(-1.0316, 4);
    expect(threeHumpCamel([0, 0])).toBe(0);
    for (const p of [
      [3, 2],
      [-2.805118, 3.131312],
      [-3.77931, -3.283186],
      [3.584428, -1.848126],
    ])
      expect(himmelblau(p)).toBeCloseTo(0, 8);
    // Away from the minima: values by hand.
    expect(beale([0, 0])).toBeCloseTo(1.5 ** 2 + 2.25 ** 2 + 2.625 ** 2, 12);
    expect(himmelblau([0, 0])).toBe(121 + 49);
  });

  it("more dimensions", () => {
    expect(hartmann3([0.114614, 0.555649, 0.852547])).toBeCloseTo(-3.86278, 5);
    const dixon = [1, 2, 3, 4, 5].map((i) => 2 ** (-(2 ** i - 2) / 2 ** i));
    expect(dixonPrice(dixon)).toBeCloseTo(0, 12);
    expect(dixonPrice([0, 0])).toBe(1);
    expect(zakharov([0, 0, 0])).toBe(0);
    expect(zakharov([1, 1])).toBe(2 + 1.5 ** 2 + 1.5 ** 4);
    expect(rastrigin([0, 0, 0, 0, 0])).toBe(0);
    expect(rastrigin([1, 0])).toBeCloseTo(1, 12);
    expect(powell(new Array(8).fill(0))).toBe(0);
    expect(powell([1, 1, 1, 1])).toBe(121 + 0 + 1 + 0);
    expect(michalewicz([2.202906, 1.570796, 1.284992, 1.923058, 1.72047])).toBeCloseTo(-4.687658, 5);
  });

  it("noisy variants: a fixed log-normal factor per point, about N(0, 1) in the log", () => {
    const f = EXTRA_VECTOR_FUNCTIONS.noisy_rosenbrock as (x: readonly number[]) => number;
    const x = [0.3, -1.2, 2, 0.5, 1];
    expect(f(x)).toBe(f([...x]));
    expect(Math.log(f(x) / rosenbrock(x)) / 0.2).toBeCloseTo(pointNormal(x), 10);
    const z = Array.from({ length: 20_000 }, (_, i) => pointNormal([i * 1e-3, 1 - i * 1e-4]));
    const mean = z.reduce((a, b) => a + b, 0) / z.length;
    const variance = z.reduce((a, b) => a + (b - mean) ** 2, 0) / z.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.04);
    expect(pointNormal([0.5, 0.25])).not.toBe(pointNormal([0.5, 0.2500000001]));
  });
});

describe("extra/problems.json", () => {
  it("implements every problem; rosenbrock2 has its own bounds", () => {
    for (const p of SET.problems) expect(() => makeObjective(p, EXTRA), p.id).not.toThrow();
    expect(SET.problems.map((p) => p.id)).toContain("rosenbrock2");
    const rosenbrock2 = SET.problems.find((p) => p.id === "rosenbrock2");
    expect(rosenbrock2?.space.map((s) => [s.low, s.high])).toEqual([
      [-2, 2],
      [-1, 3],
    ]);
  });
});
