import { describe, expect, it } from "vitest";
import type { Distribution } from "../../search-space/distribution.js";
import { fromUnit, gpDims, gridIndex, gridUnit, snapUnit, toUnit } from "./gp-space.js";

const SPACE: Record<string, Distribution> = {
  a: { type: "float", low: -5, high: 5, log: false, step: null },
  b: { type: "float", low: 1e-5, high: 1e-1, log: true, step: null },
  c: { type: "float", low: 0, high: 0.5, log: false, step: 0.1 },
  d: { type: "int", low: 8, high: 512, log: true, step: 1 },
  e: { type: "int", low: 2, high: 20, log: false, step: 3 },
  f: { type: "categorical", choices: ["x", null, 3] },
};

describe("gpDims", () => {
  const dims = gpDims(SPACE);
  const [a, b, c, d, e, f] = dims as [
    (typeof dims)[0],
    (typeof dims)[0],
    (typeof dims)[0],
    (typeof dims)[0],
    (typeof dims)[0],
    (typeof dims)[0],
  ];

  it("classifies parameters and counts grid points", () => {
    expect(dims.map((dim) => dim.kind)).toEqual([
      "continuous",
      "continuous",
      "discrete",
      "discrete",
      "discrete",
      "categorical",
    ]);
    expect([c.size, d.size, e.size, f.size]).toEqual([6, 505, 7, 3]);
  });

  it("maps floats linearly or in log space onto [0, 1]", () => {
    expect(toUnit(a, 0)).toBe(0.5);
    expect(toUnit(b, 1e-3)).toBeCloseTo(0.5, 12);
    expect(fromUnit(b, 0.5)).toBeCloseTo(1e-3, 15);
    expect(fromUnit(a, 1.7)).toBe(5);
  });

  it("gives every grid point an equal share and snaps to the grid", () => {
    expect(toUnit(c, 0)).toBeCloseTo(1 / 12, 12);
    expect(fromUnit(c, 0.99)).toBe(0.5);
    expect(fromUnit(e, 0.5)).toBe(11);
    for (const u of [0, 0.13, 0.5, 0.77, 1]) {
      const v = fromUnit(e, u);
      expect((v - 2) % 3).toBe(0);
      expect(snapUnit(e, u)).toBe(toUnit(e, v));
      expect(gridUnit(e, gridIndex(e, snapUnit(e, u)))).toBe(snapUnit(e, u));
    }
    const v = fromUnit(d, 0.5);
    expect(Number.isInteger(v) && v >= 8 && v <= 512).toBe(true);
  });

  it("keeps categorical indices as they are", () => {
    expect(toUnit(f, 2)).toBe(2);
    expect(fromUnit(f, 1.2)).toBe(1);
    expect(snapUnit(f, 5)).toBe(2);
  });
});
