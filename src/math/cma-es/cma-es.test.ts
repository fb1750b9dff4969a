import { describe, expect, it } from "vitest";
import { Rng } from "../rng.js";
import {
  type CmaEsState,
  cmaEsParams,
  cmaEsStateFromJson,
  cmaEsStateToJson,
  defaultPopsize,
  initCmaEs,
  isDegenerate,
  sample,
  update,
} from "./cma-es.js";

type Objective = (u: Float64Array) => number;

/** Sphere on [−5, 5]ⁿ (u ∈ [0, 1]ⁿ mapped linearly), optimum 0 at x = 1. */
const sphere: Objective = (u) => u.reduce((s, ui) => s + (10 * ui - 5 - 1) ** 2, 0);

/** Axis-parallel ellipsoid with condition number 10⁶ on [−5, 5]ⁿ, optimum 0 at x = 1. */
const ellipsoid: Objective = (u) =>
  u.reduce((s, ui, i) => s + 10 ** ((6 * i) / (u.length - 1)) * (10 * ui - 5 - 1) ** 2, 0);

/** Rosenbrock on [−2, 2]ⁿ, optimum 0 at x = 1 (u = 0.75). */
const rosenbrock: Objective = (u) => {
  let s = 0;
  for (let i = 0; i + 1 < u.length; i++) {
    const a = 4 * (u[i] as number) - 2;
    const b = 4 * (u[i + 1] as number) - 2;
    s += 100 * (b - a * a) ** 2 + (1 - a) ** 2;
  }
  return s;
};

/** Runs generations until f < target or the budget of evaluations is spent; returns the evaluations used. */
function minimise(f: Objective, dim: number, seed: number, budget: number, target: number) {
  let state = initCmaEs({ mean: new Float64Array(dim).fill(0.5), sigma: 0.2 });
  let evaluations = 0;
  let best = Number.POSITIVE_INFINITY;
  while (evaluations < budget && best >= target) {
    const solutions = Array.from({ length: state.popsize }, (_, k) => {
      const x = sample(state, Rng.derive(seed, state.generation, k));
      const value = f(x);
      best = Math.min(best, value);
      return { x, value };
    });
    evaluations += solutions.length;
    state = update(state, solutions);
  }
  return { evaluations, best, state };
}

describe("cmaEsParams", () => {
  it("has the tutorial's defaults for n = 10: λ = 10, μ = 5, μ_eff ≈ 3.17, c₁ ≈ 0.0153", () => {
    const p = cmaEsParams(10, defaultPopsize(10));
    expect(p.popsize).toBe(10);
    expect(p.mu).toBe(5);
    expect(p.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 15);
    // w'ᵢ = ln 5.5 − ln i, normalised; μ_eff = (Σw')²/Σw'².
    const raw = [1, 2, 3, 4, 5].map((i) => Math.log(5.5) - Math.log(i));
    const sum = raw.reduce((a, b) => a + b, 0);
    expect(p.muEff).toBeCloseTo(sum ** 2 / raw.reduce((a, b) => a + b * b, 0), 12);
    expect(p.muEff).toBeCloseTo(3.1673, 4);
    expect(p.cSigma).toBeCloseTo((p.muEff + 2) / (10 + p.muEff + 5), 15);
    expect(p.dSigma).toBeCloseTo(1 + p.cSigma, 15); // √((μ_eff − 1)/11) < 1
    expect(p.cC).toBeCloseTo((4 + p.muEff / 10) / (14 + (2 * p.muEff) / 10), 15);
    expect(p.c1).toBeCloseTo(2 / (11.3 ** 2 + p.muEff), 15);
    expect(p.c1).toBeCloseTo(0.0153, 4);
    expect(p.cMu).toBeCloseTo((2 * (p.muEff - 2 + 1 / p.muEff)) / (144 + p.muEff), 15);
    expect(p.chiN).toBeCloseTo(3.0847, 4);
  });

  it("has λ = 4, μ = 2 for n = 1 and grows λ logarithmically", () => {
    expect(defaultPopsize(1)).toBe(4);
    expect(cmaEsParams(1, 4).mu).toBe(2);
    expect(defaultPopsize(5)).toBe(8);
    expect(defaultPopsize(100)).toBe(17);
  });
});

// Budgets: published runs of the default (μ/μ_w, λ)-CMA-ES need about 1.5e3 evaluations for the 10-D
// sphere to 1e-10, about 6e3 for the 10-D ellipsoid (condition 1e6) and 6e3–8e3 for the 10-D Rosenbrock.
// This implementation, seed 1, σ₀ = a fifth of the range, used 768 / 1590 (sphere 5-D / 10-D),
// 2240 / 6130 (ellipsoid) and 2232 / 6060 (Rosenbrock); each budget leaves about 1.3–1.8× headroom.
describe("CMA-ES convergence (f < 1e-10)", () => {
  it.each([
    ["sphere", 5, 1200, sphere],
    ["sphere", 10, 2500, sphere],
    ["ellipsoid", 5, 3000, ellipsoid],
    ["ellipsoid", 10, 9000, ellipsoid],
    ["rosenbrock", 5, 4000, rosenbrock],
    ["rosenbrock", 10, 9000, rosenbrock],
  ] as const)("solves %s in %i dimensions within %i evaluations", (_name, dim, budget, f) => {
    const { best, evaluations, state } = minimise(f, dim, 1, budget, 1e-10);
    expect(best).toBeLessThan(1e-10);
    expect(evaluations).toBeLessThanOrEqual(budget);
    expect(state.sigma).toBeLessThan(1e-4);
  });

  it("adapts C to the ellipsoid: the axis lengths span about the square root of its condition number", () => {
    const { state } = minimise(ellipsoid, 5, 2, 3000, 1e-10);
    const d = Array.from(state.axisLengths);
    expect(Math.max(...d) / Math.min(...d)).toBeGreaterThan(300); // √1e6 = 1000
  });

  it("solves the 1-D sphere, and sphere runs need no clipping far from the bounds", () => {
    const { best, evaluations } = minimise(sphere, 1, 3, 400, 1e-10);
    expect(best).toBeLessThan(1e-10);
    expect(evaluations).toBeLessThanOrEqual(400);
  });
});

describe("CMA-ES determinism and state", () => {
  it("repeats a run exactly with the same seed and differs with another", () => {
    const a = minimise(rosenbrock, 5, 7, 300, 0);
    const b = minimise(rosenbrock, 5, 7, 300, 0);
    const c = minimise(rosenbrock, 5, 8, 300, 0);
    expect(cmaEsStateToJson(a.state)).toEqual(cmaEsStateToJson(b.state));
    expect(a.state.mean).not.toEqual(c.state.mean);
  });

  it("round-trips its state through JSON text exactly, and the restored state continues the same run", () => {
    let state: CmaEsState = minimise(ellipsoid, 4, 5, 200, 0).state;
    const restored = cmaEsStateFromJson(JSON.parse(JSON.stringify(cmaEsStateToJson(state))));
    expect(restored).toEqual(state);
    const step = (s: CmaEsState) =>
      update(
        s,
        Array.from({ length: s.popsize }, (_, k) => {
          const x = sample(s, Rng.derive(9, k));
          return { x, value: ellipsoid(x) };
        }),
      );
    state = step(state);
    expect(step(restored as CmaEsState)).toEqual(state);
  });

  it("rejects a JSON value of another format or with wrong lengths", () => {
    const json = cmaEsStateToJson(initCmaEs({ mean: [0.5, 0.5], sigma: 0.1 })) as Record<string, unknown>;
    expect(cmaEsStateFromJson({ ...json, format: 2 } as never)).toBeNull();
    expect(cmaEsStateFromJson({ ...json, mean: [0.5] } as never)).toBeNull();
    expect(cmaEsStateFromJson({ ...json, sigma: -1 } as never)).toBeNull();
    expect(cmaEsStateFromJson(null)).toBeNull();
  });

  it("keeps candidates in the unit cube, clipping when the mean sits outside it", () => {
    const inside = initCmaEs({ mean: [0.9, 0.1, 0.5], sigma: 0.3 });
    const outside = initCmaEs({ mean: [3, -3, 0.5], sigma: 0.01 });
    for (let k = 0; k < 200; k++) {
      for (const v of sample(inside, Rng.derive(1, k))) expect(v >= 0 && v <= 1).toBe(true);
      const x = sample(outside, Rng.derive(1, k));
      expect([x[0], x[1]]).toEqual([1, 0]);
    }
  });

  it("refuses a generation of the wrong size, and a non-positive σ", () => {
    const state = initCmaEs({ mean: [0.5, 0.5], sigma: 0.1 });
    expect(() => update(state, [{ x: [0.5, 0.5], value: 1 }])).toThrow(/exactly popsize = 6/);
    expect(() => initCmaEs({ mean: [0.5], sigma: 0 })).toThrow(/sigma must be a finite number > 0/);
  });

  it("calls a state degenerate once its spread collapses or an entry is not finite", () => {
    const state = initCmaEs({ mean: [0.5, 0.5], sigma: 0.1 });
    expect(isDegenerate(state)).toBe(false);
    expect(isDegenerate({ ...state, sigma: 1e-15 })).toBe(true);
    expect(isDegenerate({ ...state, sigma: 1e-13 })).toBe(false);
    expect(isDegenerate({ ...state, mean: Float64Array.from([0.5, Number.NaN]) })).toBe(true);
    // A sphere run to f < 1e-28 shrinks σ·D to ~1e-15 in the unit cube.
    expect(isDegenerate(minimise(sphere, 2, 1, 20000, 1e-29).state)).toBe(true);
  });

  it("ranks NaN values last", () => {
    const state = initCmaEs({ mean: [0.5], sigma: 0.1 });
    const next = update(state, [
      { x: [0.1], value: Number.NaN },
      { x: [0.6], value: 1 },
      { x: [0.7], value: 2 },
      { x: [0.2], value: Number.NaN },
    ]);
    // μ = 2: the mean moves to a weighted mean of 0.6 and 0.7 only.
    expect(next.mean[0] as number).toBeGreaterThan(0.6);
    expect(next.mean[0] as number).toBeLessThan(0.7);
  });
});
