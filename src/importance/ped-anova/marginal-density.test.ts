import { describe, expect, it } from "vitest";
import { Rng } from "../../math/rng.js";
import { marginalGrid, parzenOnGrid, scottBandwidth } from "./marginal-density.js";

describe("marginalGrid", () => {
  it("uses an int's or a stepped float's own values when they fit, in log space when log-scaled", () => {
    expect([...marginalGrid({ type: "int", low: 2, high: 8, log: false, step: 3 }, 64).points]).toEqual([
      2, 5, 8,
    ]);
    const logInt = marginalGrid({ type: "int", low: 1, high: 4, log: true, step: 1 }, 64);
    expect([...logInt.points]).toEqual([0, Math.log(2), Math.log(3), Math.log(4)]);
    expect(logInt.spacing).toBeCloseTo(Math.log(4 / 3), 12);
    expect(logInt.discrete).toBe(true);
    const stepped = marginalGrid({ type: "float", low: 0, high: 1, log: false, step: 0.25 }, 64);
    expect([...stepped.points]).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it("uses cell midpoints over the (log) range otherwise", () => {
    const grid = marginalGrid({ type: "float", low: 1, high: Math.E ** 4, log: true, step: null }, 4);
    expect([...grid.points].map((p) => +p.toFixed(12))).toEqual([0.5, 1.5, 2.5, 3.5]);
    expect(grid.discrete).toBe(false);
    const wide = marginalGrid({ type: "int", low: 0, high: 1000, log: false, step: 1 }, 8);
    expect(wide.points.length).toBe(8);
    expect(wide.spacing).toBe(125);
  });
});

describe("parzenOnGrid", () => {
  it("sums to 1, and binning many values moves the density by a tiny fraction", () => {
    const grid = marginalGrid({ type: "float", low: 0, high: 1, log: false, step: null }, 128);
    const rng = new Rng(1);
    const values = Float64Array.from({ length: 5000 }, () => rng.random() ** 2);
    const h = scottBandwidth(values, values.length, grid.spacing);
    const binned = new Float64Array(128);
    parzenOnGrid(values, values.length, h, grid, binned);
    expect(binned.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const direct = grid.points.map((p) =>
      values.reduce((a, v) => a + Math.exp(-0.5 * ((p - v) / h) ** 2), 0),
    );
    const total = direct.reduce((a, b) => a + b, 0);
    for (let g = 0; g < 128; g++) {
      const exact = (direct[g] as number) / total;
      expect(Math.abs((binned[g] as number) - exact)).toBeLessThan(1e-3 * exact);
    }
  });

  it("puts one kernel per distinct value on a discrete grid", () => {
    const grid = marginalGrid({ type: "int", low: 0, high: 2, log: false, step: 1 }, 64);
    const out = new Float64Array(3);
    parzenOnGrid(Float64Array.of(0, 0, 2), 3, 1, grid, out);
    const raw = [0, 1, 2].map((p) => 2 * Math.exp(-0.5 * p * p) + Math.exp(-0.5 * (p - 2) ** 2));
    const sum = raw.reduce((a, b) => a + b, 0);
    raw.forEach((r, g) => {
      expect(out[g]).toBeCloseTo(r / sum, 12);
    });
  });

  it("floors Scott's bandwidth for one value or equal values", () => {
    expect(scottBandwidth(Float64Array.of(3), 1, 0.1)).toBe(0.1);
    expect(scottBandwidth(Float64Array.of(3, 3, 3), 3, 0.1)).toBe(0.1);
    expect(scottBandwidth(Float64Array.of(0, 2), 2, 0.1)).toBeCloseTo(Math.SQRT2 * 2 ** -0.2, 12);
  });
});
