import { describe, expect, it } from "vitest";
import { minimizeBounded } from "./lbfgsb.js";

/** Rosenbrock in n dimensions with its gradient. */
function rosenbrock(x: Float64Array, g: Float64Array): number {
  let f = 0;
  g.fill(0);
  for (let i = 0; i + 1 < x.length; i++) {
    const a = x[i] as number;
    const b = x[i + 1] as number;
    f += 100 * (b - a * a) ** 2 + (1 - a) ** 2;
    g[i] = (g[i] as number) - 400 * a * (b - a * a) - 2 * (1 - a);
    g[i + 1] = (g[i + 1] as number) + 200 * (b - a * a);
  }
  return f;
}

describe("minimizeBounded", () => {
  it("Rosenbrock (2-D and 5-D) with inactive bounds reaches the minimum at (1, …, 1)", () => {
    for (const n of [2, 5]) {
      const x0 = Float64Array.from({ length: n }, (_, i) => (i % 2 === 0 ? -1.2 : 1));
      const r = minimizeBounded(rosenbrock, x0, {
        lower: new Array(n).fill(-5),
        upper: new Array(n).fill(10),
        maxIterations: 2000,
        pgtol: 1e-8,
        ftol: 0,
      });
      expect(r.converged).toBe(true);
      for (const v of r.x) expect(v).toBeCloseTo(1, 5);
      expect(r.f).toBeLessThan(1e-10);
    }
  });

  it("Rosenbrock with an active bound stops on the bound at its constrained minimum", () => {
    // x ≤ 0.5 binds: along y = x² the best is x = 0.5, y = 0.25 (f = 0.25).
    const r = minimizeBounded(rosenbrock, Float64Array.of(-1.2, 1), {
      lower: [-2, -2],
      upper: [0.5, 2],
      maxIterations: 1000,
      pgtol: 1e-9,
      ftol: 0,
    });
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBe(0.5);
    expect(r.x[1]).toBeCloseTo(0.25, 6);
    expect(r.f).toBeCloseTo(0.25, 10);
  });

  it("a bounded quadratic with its optimum on a corner finds the corner exactly", () => {
    // f = Σ (xᵢ − cᵢ)² with c outside the box [0, 1]³ on two coordinates.
    const c = [2, -3, 0.25];
    const fg = (x: Float64Array, g: Float64Array) => {
      let f = 0;
      for (let i = 0; i < 3; i++) {
        const d = (x[i] as number) - (c[i] as number);
        f += d * d;
        g[i] = 2 * d;
      }
      return f;
    };
    const r = minimizeBounded(fg, Float64Array.of(0.5, 0.5, 0.5), { lower: [0, 0, 0], upper: [1, 1, 1] });
    expect(r.converged).toBe(true);
    expect([...r.x].map((v) => Number(v.toFixed(8)))).toEqual([1, 0, 0.25]);
  });

  it("an ill-conditioned quadratic converges in few iterations (curvature pairs are used)", () => {
    const scales = [1, 10, 100, 1000, 1e4];
    const fg = (x: Float64Array, g: Float64Array) => {
      let f = 0;
      for (let i = 0; i < 5; i++) {
        f += 0.5 * (scales[i] as number) * (x[i] as number) ** 2;
        g[i] = (scales[i] as number) * (x[i] as number);
      }
      return f;
    };
    const r = minimizeBounded(fg, Float64Array.of(1, 1, 1, 1, 1), {
      lower: new Array(5).fill(-10),
      upper: new Array(5).fill(10),
      pgtol: 1e-10,
      ftol: 0,
    });
    expect(r.converged).toBe(true);
    expect(r.iterations).toBeLessThan(60);
    for (const v of r.x) expect(Math.abs(v)).toBeLessThan(1e-8);
  });

  it("backs off NaN regions: f is NaN for x > 1, the minimum of (x − 3)² over the rest is at the edge", () => {
    const seen: number[] = [];
    const fg = (x: Float64Array, g: Float64Array) => {
      const v = x[0] as number;
      seen.push(v);
      if (v > 1) {
        g[0] = Number.NaN;
        return Number.NaN;
      }
      g[0] = 2 * (v - 3);
      return (v - 3) ** 2;
    };
    const r = minimizeBounded(fg, Float64Array.of(0), { lower: [-10], upper: [10], maxIterations: 100 });
    expect(Number.isFinite(r.f)).toBe(true);
    expect(r.x[0]).toBeLessThanOrEqual(1);
    expect(r.x[0]).toBeGreaterThan(0.99);
    expect(r.reason === "line-search-failed" || r.converged).toBe(true);
  });

  it("reports a non-finite start without iterating, and projects x0 into the box", () => {
    const nan = minimizeBounded(() => Number.NaN, Float64Array.of(0), { lower: [0], upper: [1] });
    expect(nan.reason).toBe("non-finite-start");
    expect(nan.iterations).toBe(0);
    const r = minimizeBounded(
      (x, g) => {
        g[0] = 1;
        return x[0] as number;
      },
      Float64Array.of(5),
      { lower: [-1], upper: [2] },
    );
    expect(r.x[0]).toBe(-1);
    expect(r.reason).toBe("projected-gradient");
  });

  it("respects maxIterations and maxEvaluations", () => {
    const r = minimizeBounded(rosenbrock, Float64Array.of(-1.2, 1), {
      lower: [-5, -5],
      upper: [5, 5],
      maxIterations: 3,
    });
    expect(r.iterations).toBe(3);
    expect(r.reason).toBe("max-iterations");
    const e = minimizeBounded(rosenbrock, Float64Array.of(-1.2, 1), {
      lower: [-5, -5],
      upper: [5, 5],
      maxEvaluations: 5,
    });
    expect(e.evaluations).toBeLessThanOrEqual(5);
    expect(e.reason).toBe("max-evaluations");
  });

  it("with a value-only function takes the same steps and computes gradients only at accepted points", () => {
    const options = { lower: [-2, -2], upper: [0.5, 2], maxIterations: 200, pgtol: 1e-8, ftol: 0 };
    let plainCalls = 0;
    const plain = minimizeBounded(
      (x, g) => {
        plainCalls++;
        return rosenbrock(x, g);
      },
      Float64Array.of(-1.2, 1),
      options,
    );
    let gradientCalls = 0;
    const scratch = new Float64Array(2);
    const split = minimizeBounded(
      (x, g) => {
        gradientCalls++;
        return rosenbrock(x, g);
      },
      Float64Array.of(-1.2, 1),
      { ...options, value: (x) => rosenbrock(x, scratch) },
    );
    expect(Array.from(split.x)).toEqual(Array.from(plain.x));
    expect(split.f).toBe(plain.f);
    expect(split.iterations).toBe(plain.iterations);
    expect(split.evaluations).toBe(plain.evaluations);
    expect(split.reason).toBe(plain.reason);
    // One gradient at the start and one per accepted step; the rejected trials cost values only.
    expect(gradientCalls).toBe(split.iterations + 1);
    expect(plainCalls).toBeGreaterThan(gradientCalls);
  });
});
