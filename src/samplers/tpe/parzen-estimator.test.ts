import { describe, expect, it } from "vitest";
import { normalCdf } from "../../math/normal-cdf.js";
import { Rng } from "../../math/rng.js";
import type { KernelSpace } from "./kernel-space.js";
import { ParzenEstimator, type ParzenOptions } from "./parzen-estimator.js";

const UNIVARIATE: ParzenOptions = {
  priorWeight: 1,
  considerMagicClip: true,
  considerEndpoints: false,
  multivariate: false,
};
const JOINT: ParzenOptions = { ...UNIVARIATE, multivariate: true };

/** A normal(μ, σ) truncated to [lo, hi], evaluated by the textbook formula. */
function truncatedPdf(x: number, mu: number, sigma: number, lo: number, hi: number): number {
  const z = (x - mu) / sigma;
  const mass = normalCdf((hi - mu) / sigma) - normalCdf((lo - mu) / sigma);
  return Math.exp(-0.5 * z * z) / (sigma * Math.sqrt(2 * Math.PI) * mass);
}

function logPdfAt(pe: ParzenEstimator, points: number[]): number[] {
  const out = new Float64Array(points.length / pe.dims);
  pe.logPdf(Float64Array.from(points), out.length, out);
  return Array.from(out);
}

/** The point with the largest logL − log g(x) by the full density (the first of equal ones; NaN never wins). */
function firstBestByLogPdf(
  pe: ParzenEstimator,
  points: Float64Array,
  count: number,
  logL: Float64Array,
): number {
  const logG = new Float64Array(count);
  pe.logPdf(points, count, logG);
  let best = 0;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < count; c++) {
    const score = (logL[c] as number) - (logG[c] as number);
    if (score > bestScore) {
      bestScore = score;
      best = c;
    }
  }
  return best;
}

describe("ParzenEstimator against hand-computed densities", () => {
  const unit: KernelSpace = { kind: "numeric", low: 0, high: 1, step: 0 };

  it("univariate: neighbour widths, the prior, weights and truncation", () => {
    // Sorted: 0.1, 0.3, 0.8 (the prior's centre 0.5 is no neighbour, as in Optuna 4.9). Widths:
    // 0.1 → 0.2 (its inner gap, endpoints off), 0.3 → max(0.2, 0.5), 0.8 → 0.5 (its inner gap); all
    // within [1/min(100, 5), 1] = [0.2, 1].
    const pe = ParzenEstimator.build([unit], Float64Array.from([0.1, 0.3, 0.8]), 3, [1, 1, 2], UNIVARIATE);
    const components = [
      { w: 1 / 5, mu: 0.1, sigma: 0.2 },
      { w: 1 / 5, mu: 0.3, sigma: 0.5 },
      { w: 2 / 5, mu: 0.8, sigma: 0.5 },
      { w: 1 / 5, mu: 0.5, sigma: 1 }, // the prior
    ];
    for (const x of [0, 0.05, 0.3, 0.55, 0.99, 1]) {
      const expected = components.reduce((s, c) => s + c.w * truncatedPdf(x, c.mu, c.sigma, 0, 1), 0);
      expect(logPdfAt(pe, [x])[0]).toBeCloseTo(Math.log(expected), 12);
    }
  });

  it("univariate, one observation: its width is the distance to the farther end of the range", () => {
    // With fewer than two observations the endpoints rule does not apply: max(0.3 − 0, 1 − 0.3) = 0.7.
    const pe = ParzenEstimator.build([unit], Float64Array.from([0.3]), 1, [1], UNIVARIATE);
    for (const x of [0, 0.3, 0.9]) {
      const expected = (truncatedPdf(x, 0.3, 0.7, 0, 1) + truncatedPdf(x, 0.5, 1, 0, 1)) / 2;
      expect(logPdfAt(pe, [x])[0]).toBeCloseTo(Math.log(expected), 12);
    }
  });

  it("joint: one width per parameter, 0.2·n^(−1/(d+4))·range, a product over parameters", () => {
    const space: KernelSpace = { kind: "numeric", low: -5, high: 5, step: 0 };
    const n = 300;
    const rng = new Rng(1);
    const obs = new Float64Array(2 * n).map(() => rng.uniform(-5, 5));
    const pe = ParzenEstimator.build([space, space], obs, n, new Float64Array(n).fill(1), JOINT);
    const sigma = 0.2 * 2 ** (Math.floor(8 * Math.log2(n)) / 8 / -6) * 10; // n quantized from 256 on
    const at = (x: number, y: number) => {
      let sum = truncatedPdf(x, 0, 10, -5, 5) * truncatedPdf(y, 0, 10, -5, 5); // the prior
      for (let j = 0; j < n; j++) {
        sum +=
          truncatedPdf(x, obs[j] as number, sigma, -5, 5) *
          truncatedPdf(y, obs[n + j] as number, sigma, -5, 5);
      }
      return Math.log(sum / (n + 1));
    };
    const points = [0, 0, -4.9, 3.3, 4.99, -4.99, 1.234, -2.5];
    const got = logPdfAt(pe, points);
    for (let c = 0; c < 4; c++) {
      expect(got[c]).toBeCloseTo(at(points[2 * c] as number, points[2 * c + 1] as number), 11);
    }
  });

  it("grid parameters: the mass of the value's cell under kernels truncated to [low − ½, high + ½]", () => {
    const grid: KernelSpace = { kind: "numeric", low: 0, high: 4, step: 1 };
    const pe = ParzenEstimator.build([grid], Float64Array.from([1, 3]), 2, [1, 1], JOINT);
    // Joint width 0.2·2^(−1/5)·5 ≈ 0.870 is below the magic clip's floor 5/min(100, n + 2) = 1.25.
    const sigma = Math.max(0.2 * 2 ** (-1 / 5) * 5, 5 / 4);
    const cell = (x: number, mu: number, s: number) =>
      (normalCdf((x + 0.5 - mu) / s) - normalCdf((x - 0.5 - mu) / s)) /
      (normalCdf((4.5 - mu) / s) - normalCdf((-0.5 - mu) / s));
    let total = 0;
    for (let x = 0; x <= 4; x++) {
      const expected = (cell(x, 1, sigma) + cell(x, 3, sigma) + cell(x, 2, 5)) / 3;
      const got = Math.exp(logPdfAt(pe, [x])[0] as number);
      expect(got).toBeCloseTo(expected, 13);
      total += got;
    }
    expect(total).toBeCloseTo(1, 13); // the grid's masses add up to 1
  });

  it("categorical: own choice weighs 1 + prior/(n+1), every choice prior/(n+1), rows normalised", () => {
    const pe = ParzenEstimator.build(
      [{ kind: "categorical", nChoices: 3 }],
      Float64Array.from([0, 0, 2]),
      3,
      [1, 1, 1],
      UNIVARIATE,
    );
    const spread = 1 / 4;
    const own = (1 + spread) / (1 + 3 * spread);
    const other = spread / (1 + 3 * spread);
    const expected = [(2 * own + other + 1 / 3) / 4, (3 * other + 1 / 3) / 4, (2 * other + own + 1 / 3) / 4];
    const got = logPdfAt(pe, [0, 1, 2]).map(Math.exp);
    got.forEach((p, c) => {
      expect(p).toBeCloseTo(expected[c] as number, 14);
    });
    expect(got.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
  });

  it("no observations: the prior alone", () => {
    const pe = ParzenEstimator.build([unit], new Float64Array(0), 0, [], UNIVARIATE);
    expect(pe.size).toBe(1);
    expect(logPdfAt(pe, [0.25])[0]).toBeCloseTo(Math.log(truncatedPdf(0.25, 0.5, 1, 0, 1)), 13);
  });

  it("identical univariate kernels are merged without changing the density", () => {
    const grid: KernelSpace = { kind: "numeric", low: 0, high: 4, step: 1 };
    const obs = Float64Array.from([2, 2, 2, 2, 1, 2, 3, 2]);
    const pe = ParzenEstimator.build([grid], obs, obs.length, new Float64Array(8).fill(1), UNIVARIATE);
    expect(pe.size).toBeLessThan(obs.length + 1);
    let total = 0;
    for (let x = 0; x <= 4; x++) total += Math.exp(logPdfAt(pe, [x])[0] as number);
    expect(total).toBeCloseTo(1, 13);
  });

  it("draws lie in the support and follow the density (seeded)", () => {
    const pe = ParzenEstimator.build(
      [{ kind: "categorical", nChoices: 3 }, unit],
      Float64Array.from([0, 0, 2, 0.1, 0.2, 0.9]),
      3,
      [1, 1, 1],
      JOINT,
    );
    const rng = new Rng(5);
    const count = 6000;
    const out = new Float64Array(count * 2);
    pe.sample(rng, count, out);
    const seen = [0, 0, 0];
    for (let c = 0; c < count; c++) {
      const choice = out[2 * c] as number;
      const x = out[2 * c + 1] as number;
      expect(x >= 0 && x <= 1).toBe(true);
      seen[choice] = (seen[choice] as number) + 1;
    }
    const marginal = [0, 1, 2].map((choice) => {
      let p = 0;
      for (let i = 0; i < 200; i++) p += Math.exp(logPdfAt(pe, [choice, (i + 0.5) / 200])[0] as number) / 200;
      return p;
    });
    seen.forEach((k, choice) => {
      const p = marginal[choice] as number;
      expect(Math.abs(k / count - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / count));
    });
  });

  it("bestRatio picks what comparing every logPdf picks, ties to the first (joint, grid, categorical)", () => {
    const spaces: KernelSpace[] = [
      { kind: "numeric", low: -5, high: 5, step: 0 },
      { kind: "numeric", low: 0, high: 10, step: 1 },
      { kind: "categorical", nChoices: 3 },
      { kind: "numeric", low: 0, high: 1, step: 0 },
    ];
    const rng = new Rng(11);
    const n = 300;
    const obs = new Float64Array(4 * n);
    for (let j = 0; j < n; j++) {
      obs[j] = rng.uniform(-5, 5);
      obs[n + j] = Math.floor(rng.random() * 11);
      obs[2 * n + j] = Math.floor(rng.random() * 3);
      obs[3 * n + j] = rng.random();
    }
    const weights = new Float64Array(n).map(() => 0.5 + rng.random());
    for (const options of [JOINT, UNIVARIATE]) {
      const pe = ParzenEstimator.build(spaces, obs, n, weights, options);
      for (let trial = 0; trial < 20; trial++) {
        const count = 24;
        const points = new Float64Array(count * 4);
        pe.sample(rng, count, points);
        for (let c = 0; c < count; c++) points[c * 4 + 1] = Math.round(points[c * 4 + 1] as number);
        const logL = new Float64Array(count).map(() => rng.uniform(-20, 0));
        if (trial % 5 === 0) logL.fill(-3); // many near-ties
        expect(pe.bestRatio(points, count, logL)).toBe(firstBestByLogPdf(pe, points, count, logL));
      }
    }
  });

  it("bestRatio prunes points on large joint estimators and still picks what every logPdf picks", () => {
    // No grid parameter and ≥ 256 observations: the pruned route (newest components first).
    const spaces: KernelSpace[] = [
      { kind: "numeric", low: -5, high: 5, step: 0 },
      { kind: "categorical", nChoices: 3 },
      { kind: "numeric", low: 0, high: 1, step: 0 },
      { kind: "numeric", low: -1, high: 1, step: 0 },
    ];
    const rng = new Rng(12);
    const n = 700;
    const obs = new Float64Array(4 * n);
    for (let j = 0; j < n; j++) {
      // The newest observations cluster, as a search's do; older ones spread out.
      const spread = j > n - 100 ? 0.1 : 1;
      obs[j] = rng.uniform(-5, 5) * spread;
      obs[n + j] = Math.floor(rng.random() * 3);
      obs[2 * n + j] = 0.5 + (rng.random() - 0.5) * spread;
      obs[3 * n + j] = rng.uniform(-1, 1) * spread;
    }
    const weights = new Float64Array(n).map((_, j) => (j + 1) / n);
    const pe = ParzenEstimator.build(spaces, obs, n, weights, JOINT);
    for (let trial = 0; trial < 20; trial++) {
      const count = trial % 4 === 3 ? 13 : 24;
      const points = new Float64Array(count * 4);
      pe.sample(rng, count, points);
      const logL = new Float64Array(count).map(() => rng.uniform(-8, 0));
      if (trial % 5 === 0) logL.fill(-3); // many near-ties
      if (trial % 7 === 1) logL[0] = Number.NaN;
      expect(pe.bestRatio(points, count, logL)).toBe(firstBestByLogPdf(pe, points, count, logL));
    }
  });

  it("bestRatio with equal scores and NaN takes the first finite best", () => {
    const pe = ParzenEstimator.build([unit], Float64Array.from([0.5]), 1, [1], JOINT);
    const points = Float64Array.from([0.3, 0.3, 0.3]);
    expect(pe.bestRatio(points, 3, Float64Array.from([Number.NaN, -1, -1]))).toBe(1);
    expect(pe.bestRatio(points, 3, Float64Array.from([Number.NaN, Number.NaN, Number.NaN]))).toBe(0);
  });
});
