import { describe, expect, it } from "vitest";
import { logNormalCdf } from "../../math/normal-cdf.js";
import { Rng } from "../../math/rng.js";
import { ANALYTIC_ACQUISITIONS } from "./acquisition.js";
import { AcquisitionSurface } from "./acquisition-surface.js";
import type { GpData } from "./gp-fit.js";
import { GpPosterior } from "./gp-posterior.js";
import { gpDims } from "./gp-space.js";
import { optimizeAcquisition } from "./optimize-acquisition.js";

/** n points in [0, 1]² plus a categorical with 3 choices, y = −(x0 − 0.3)² − (x1 − 0.7)² − 0.2·[c ≠ 1]. */
function data(n: number, seed: number): GpData {
  const rng = new Rng(seed);
  const x = new Float64Array(n * 3);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const [a, b, c] = [rng.random(), rng.random(), rng.integer(0, 2)];
    x.set([a, b, c], i * 3);
    y[i] = -((a - 0.3) ** 2) - (b - 0.7) ** 2 - (c === 1 ? 0 : 0.2);
  }
  return { x, y, n, d: 3, cat: Uint8Array.of(0, 0, 1) };
}

const theta = Float64Array.of(Math.log(0.3), Math.log(0.4), Math.log(1), 0, Math.log(1e-4));

describe("AcquisitionSurface", () => {
  const objective = GpPosterior.build(data(15, 1), theta) as GpPosterior;
  const constraint = GpPosterior.build(data(15, 2), theta) as GpPosterior;
  for (const kind of ANALYTIC_ACQUISITIONS) {
    for (const withConstraint of [false, true]) {
      it(`${kind}${withConstraint ? " × feasibility" : ""}: gradient matches finite differences`, () => {
        const surface = new AcquisitionSurface({
          objective,
          best: -0.01,
          constraints: withConstraint ? [{ posterior: constraint, threshold: -0.1 }] : [],
          kind,
          beta: 2,
        });
        const p = Float64Array.of(0.42, 0.55, 2);
        const grad = new Float64Array(3);
        const v = surface.valueAndGradient(p, grad);
        expect(v).toBeCloseTo(surface.value(p), 12);
        const h = 1e-6;
        for (let k = 0; k < 2; k++) {
          const plus = p.slice();
          const minus = p.slice();
          plus[k] = (plus[k] as number) + h;
          minus[k] = (minus[k] as number) - h;
          const fd = (surface.value(plus) - surface.value(minus)) / (2 * h);
          expect(Math.abs((grad[k] as number) - fd)).toBeLessThan(1e-5 * Math.max(1, Math.abs(fd)));
        }
        expect(grad[2]).toBe(0);
      });
    }
  }

  for (const kind of ["logei", "ei"] as const) {
    it(`${kind} per unit cost × feasibility: gradient matches finite differences`, () => {
      const surface = new AcquisitionSurface({
        objective,
        best: -0.01,
        constraints: [{ posterior: constraint, threshold: -0.1 }],
        kind,
        beta: 2,
        cost: { posterior: constraint, scale: 0.7 },
      });
      const p = Float64Array.of(0.42, 0.55, 2);
      const grad = new Float64Array(3);
      const v = surface.valueAndGradient(p, grad);
      expect(v).toBeCloseTo(surface.value(p), 12);
      const h = 1e-6;
      for (let k = 0; k < 2; k++) {
        const plus = p.slice();
        const minus = p.slice();
        plus[k] = (plus[k] as number) + h;
        minus[k] = (minus[k] as number) - h;
        const fd = (surface.value(plus) - surface.value(minus)) / (2 * h);
        expect(Math.abs((grad[k] as number) - fd)).toBeLessThan(1e-5 * Math.max(1, Math.abs(fd)));
      }
      const free = new AcquisitionSurface({ objective, best: -0.01, constraints: [], kind, beta: 2 });
      const costly = new AcquisitionSurface({
        objective,
        best: -0.01,
        constraints: [],
        kind,
        beta: 2,
        cost: { posterior: constraint, scale: 0.7 },
      });
      constraint.predict(p);
      const expected =
        kind === "ei"
          ? free.value(p) * Math.exp(-0.7 * constraint.mean)
          : free.value(p) - 0.7 * constraint.mean;
      expect(costly.value(p)).toBeCloseTo(expected, 12);
    });
  }

  it("without a feasible observation only the probability of feasibility counts", () => {
    const surface = new AcquisitionSurface({
      objective,
      best: null,
      constraints: [{ posterior: constraint, threshold: 0 }],
      kind: "logei",
      beta: 2,
    });
    const p = Float64Array.of(0.3, 0.7, 1);
    constraint.predict(p);
    const z = (0 - constraint.mean) / Math.sqrt(constraint.variance);
    expect(surface.value(p)).toBeCloseTo(logNormalCdf(z), 12);
  });
});

describe("AcquisitionSurface.screen", () => {
  const objective = GpPosterior.build(data(80, 5), theta) as GpPosterior;
  const constraint = GpPosterior.build(data(30, 6), theta) as GpPosterior;
  const rng = new Rng(7);
  const count = 400;
  const points = Float64Array.from({ length: count * 3 }, (_, i) =>
    i % 3 === 2 ? rng.integer(0, 2) : rng.random(),
  );
  const top = (values: Float64Array, keep: number) =>
    Array.from(values.keys())
      .filter((c) => Number.isFinite(values[c] as number))
      .sort((a, b) => (values[b] as number) - (values[a] as number) || a - b)
      .slice(0, keep)
      .map((c) => [c, values[c]]);
  const cases = [
    ...ANALYTIC_ACQUISITIONS.map((kind) => ({ kind, constrained: false, costly: false })),
    { kind: "logei" as const, constrained: true, costly: true },
    { kind: "ucb" as const, constrained: true, costly: false },
  ];
  for (const { kind, constrained, costly } of cases) {
    const label = `${kind}${constrained ? " × feasibility" : ""}${costly ? " per unit cost" : ""}`;
    it(`${label}: the best values are a full evaluation's, every kept value exact`, () => {
      const surface = new AcquisitionSurface({
        objective,
        best: 0.5,
        constraints: constrained ? [{ posterior: constraint, threshold: 0.2 }] : [],
        kind,
        beta: 2,
        cost: costly ? { posterior: constraint, scale: 0.7 } : null,
      });
      const full = Float64Array.from({ length: count }, (_, c) => surface.value(points, c * 3));
      for (const keep of [1, 5]) {
        const screened = surface.screen(points, count, keep);
        expect(top(screened, keep)).toEqual(top(full, keep));
        screened.forEach((v, c) => {
          if (!Number.isNaN(v)) expect(v).toBe(full[c]);
        });
        // logei and ucb prune most candidates; the others are evaluated everywhere.
        const evaluated = screened.filter((v) => !Number.isNaN(v)).length;
        if (kind === "logei" || kind === "ucb") expect(evaluated).toBeLessThan(count / 2);
        else expect(evaluated).toBe(count);
      }
    });
  }
});

/** The posterior mean (UCB with β = 0) of a GP on 40 points over a, b in [0, 1] and a 3-way choice c. */
function meanSurface(): { dims: ReturnType<typeof gpDims>; surface: AcquisitionSurface } {
  const post = GpPosterior.build(data(40, 3), theta) as GpPosterior;
  const dims = gpDims({
    a: { type: "float", low: 0, high: 1, log: false, step: null },
    b: { type: "float", low: 0, high: 1, log: false, step: null },
    c: { type: "categorical", choices: ["x", "y", "z"] },
  });
  const surface = new AcquisitionSurface({ objective: post, best: 0, constraints: [], kind: "ucb", beta: 0 });
  return { dims, surface };
}

describe("optimizeAcquisition", () => {
  it("finds the maximum of the posterior mean's optimum region and the right choice", () => {
    const { dims, surface } = meanSurface();
    const best = optimizeAcquisition({
      dims,
      surface,
      rng: new Rng(1),
      nCandidates: 256,
      nLocalSearch: 5,
      extraStarts: [],
    });
    expect(best[0]).toBeCloseTo(0.3, 1);
    expect(best[1]).toBeCloseTo(0.7, 1);
    expect(best[2]).toBe(1);
    // Local search improves on the best candidate alone.
    const coarse = optimizeAcquisition({
      dims,
      surface,
      rng: new Rng(1),
      nCandidates: 256,
      nLocalSearch: 0,
      extraStarts: [],
    });
    expect(surface.value(best)).toBeGreaterThanOrEqual(surface.value(coarse));
  });

  it("keeps fixed coordinates and optimizes the others given them", () => {
    const { dims, surface } = meanSurface();
    // a held at 0.6 (away from its optimum 0.3) and c at choice 2 (not the best, 1), even though the
    // best start sits elsewhere; b is still optimized given them.
    const best = optimizeAcquisition({
      dims,
      surface,
      rng: new Rng(1),
      nCandidates: 256,
      nLocalSearch: 5,
      extraStarts: [Float64Array.of(0.3, 0.7, 1)],
      fixed: Float64Array.of(0.6, Number.NaN, 2),
    });
    expect(best[0]).toBe(0.6);
    expect(best[2]).toBe(2);
    let gridBest = Number.NEGATIVE_INFINITY;
    for (let i = 0; i <= 1000; i++)
      gridBest = Math.max(gridBest, surface.value(Float64Array.of(0.6, i / 1000, 2)));
    expect(surface.value(best)).toBeGreaterThanOrEqual(gridBest - 1e-9);
  });

  it("snaps discrete coordinates to their grid and searches them", () => {
    const dims = gpDims({ n: { type: "int", low: 1, high: 100, log: false, step: 1 } });
    const rng = new Rng(4);
    const n = 12;
    const x = Float64Array.from({ length: n }, () => rng.random());
    const y = Float64Array.from(x, (u) => -((u - 0.62) ** 2));
    const post = GpPosterior.build(
      { x, y, n, d: 1, cat: new Uint8Array(1) },
      Float64Array.of(Math.log(0.3), 0, Math.log(1e-6)),
    ) as GpPosterior;
    const surface = new AcquisitionSurface({
      objective: post,
      best: 0,
      constraints: [],
      kind: "ucb",
      beta: 0,
    });
    const best = optimizeAcquisition({
      dims,
      surface,
      rng: new Rng(2),
      nCandidates: 8,
      nLocalSearch: 3,
      extraStarts: [],
    });
    const dim = dims[0] as (typeof dims)[number];
    const value = 1 + Math.round((best[0] as number) * 100 - 0.5);
    expect(Math.abs((best[0] as number) - (value - 0.5) / 100)).toBeLessThan(1e-12);
    expect(Math.abs(value - 62)).toBeLessThanOrEqual(2);
    expect(dim.kind).toBe("discrete");
  });
});
