import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../../errors.js";
import { Rng } from "../../math/rng.js";
import type { Distribution } from "../../search-space/distribution.js";
import type { ImportanceInput } from "../importance-evaluator.js";
import { PedAnovaEvaluator, type PedAnovaOptions } from "./ped-anova-evaluator.js";

const U: Distribution = { type: "float", low: 0, high: 1, log: false, step: null };

/** n uniform rows over `dists` (internal scale) with y = f(row). */
function sample(
  dists: readonly Distribution[],
  n: number,
  f: (row: Float64Array) => number,
  seed = 1,
): ImportanceInput {
  const rng = new Rng(seed);
  const d = dists.length;
  const x = new Float64Array(n * d);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = x.subarray(i * d, (i + 1) * d);
    dists.forEach((dist, j) => {
      if (dist.type === "categorical") row[j] = Math.floor(rng.random() * dist.choices.length);
      else if (dist.type === "int") row[j] = dist.low + Math.floor(rng.random() * (dist.high - dist.low + 1));
      else row[j] = dist.low + rng.random() * (dist.high - dist.low);
    });
    y[i] = f(row);
  }
  return { params: dists.map((_, j) => `p${j}`), distributions: dists, n, x, y };
}

describe("PedAnovaEvaluator", () => {
  it("scores a parameter whose best trials concentrate above one whose best trials spread, and a dummy near 0", () => {
    // Sharp in p0, mild in p1, p2 unused.
    const input = sample(
      [U, U, U],
      1000,
      (r) => 20 * ((r[0] as number) - 0.3) ** 2 + ((r[1] as number) - 0.5) ** 2,
    );
    const [sharp, mild, dummy] = new PedAnovaEvaluator().evaluate(input) as unknown as number[];
    expect(sharp).toBeGreaterThan(2 * (mild as number));
    expect(mild).toBeGreaterThan(5 * (dummy as number));
    expect(dummy).toBeGreaterThanOrEqual(0);
    expect(dummy).toBeLessThan(0.1);
  });

  it("scores every column ≥ 0, and all 0 for a constant target, one trial, or no trials", () => {
    const evaluator = new PedAnovaEvaluator();
    const C: Distribution = { type: "categorical", choices: ["a", "b", "c"] };
    const random = sample([U, C], 50, () => 0, 4);
    const rng = new Rng(9);
    const noisy = { ...random, y: Float64Array.from(random.y, () => rng.random()) };
    for (const s of evaluator.evaluate(noisy)) expect(s).toBeGreaterThanOrEqual(0);
    expect([...evaluator.evaluate(random)]).toEqual([0, 0]);
    expect([...evaluator.evaluate(sample([U, C], 1, (r) => r[0] as number))]).toEqual([0, 0]);
    expect([...evaluator.evaluate(sample([U, C], 0, (r) => r[0] as number))]).toEqual([0, 0]);
  });

  it("matches the Pearson divergence of the two Parzen densities, integrated independently on a fine grid", () => {
    const lo = -2;
    const hi = 3;
    const dist: Distribution = { type: "float", low: lo, high: hi, log: false, step: null };
    const xs = [0.1, -1.5, 2.9, 0.4, 1.7, -0.2, 0.35, 2.2, -1.9, 0.05, 1.1, 0.5];
    const y = Float64Array.from(xs, (x, i) => (x - 0.2) ** 2 + 0.001 * i);
    const input: ImportanceInput = {
      params: ["x"],
      distributions: [dist],
      n: xs.length,
      x: Float64Array.from(xs),
      y,
    };
    const evaluator = new PedAnovaEvaluator({ targetQuantile: 0.25 });
    const ours = evaluator.evaluate(input)[0] as number;

    // The definition: top-γ′ = the ceil(0.25·12) = 3 best; baseline = all; Gaussian kernels, Scott's
    // bandwidth (sample sd · m^(−1/5); the baseline's no narrower than the top's), densities truncated to
    // [lo, hi]; D = ∫ (p′ − p)²/p dx.
    const order = [...xs.keys()].sort((a, b) => (y[a] as number) - (y[b] as number));
    const top = order.slice(0, 3).map((i) => xs[i] as number);
    const scott = (points: number[]) => {
      const m = points.length;
      const mean = points.reduce((a, b) => a + b, 0) / m;
      return Math.sqrt(points.reduce((a, b) => a + (b - mean) ** 2, 0) / (m - 1)) * m ** -0.2;
    };
    const density = (points: number[], h: number) => (x: number) =>
      points.reduce((a, c) => a + Math.exp(-0.5 * ((x - c) / h) ** 2), 0);
    const pTop = density(top, scott(top));
    const pAll = density(xs, Math.max(scott(xs), scott(top)));
    const steps = 200_000;
    const dx = (hi - lo) / steps;
    let zTop = 0;
    let zAll = 0;
    for (let k = 0; k < steps; k++) {
      const x = lo + (k + 0.5) * dx;
      zTop += pTop(x) * dx;
      zAll += pAll(x) * dx;
    }
    let divergence = 0;
    for (let k = 0; k < steps; k++) {
      const x = lo + (k + 0.5) * dx;
      const a = pTop(x) / zTop;
      const b = pAll(x) / zAll;
      divergence += ((a - b) ** 2 / b) * dx;
    }
    expect(divergence).toBeGreaterThan(0.3);
    expect(Math.abs(ours - divergence)).toBeLessThan(1e-3 * divergence);
  });

  it("uses smoothed frequencies for a categorical: (count + 1/k) / (m + 1)", () => {
    const C: Distribution = { type: "categorical", choices: ["a", "b"] };
    // 10 trials; the best 2 (targetQuantile 0.2) both chose "b"; overall 3 chose "b".
    const x = Float64Array.of(1, 1, 1, 0, 0, 0, 0, 0, 0, 0);
    const y = Float64Array.from(x, (_, i) => i);
    const input: ImportanceInput = { params: ["c"], distributions: [C], n: 10, x, y };
    const pTop = [(0 + 0.5) / 3, (2 + 0.5) / 3];
    const pAll = [(7 + 0.5) / 11, (3 + 0.5) / 11];
    const expected = pTop.reduce((a, p, c) => a + (p - (pAll[c] as number)) ** 2 / (pAll[c] as number), 0);
    expect(new PedAnovaEvaluator({ targetQuantile: 0.2 }).evaluate(input)[0]).toBeCloseTo(expected, 12);
    // Against the uniform distribution over the choices instead (global importance).
    const global = pTop.reduce((a, p) => a + (p - 0.5) ** 2 / 0.5, 0);
    const evaluator = new PedAnovaEvaluator({ targetQuantile: 0.2, evaluateOnLocal: false });
    expect(evaluator.evaluate(input)[0]).toBeCloseTo(global, 12);
  });

  it("compares an int at its values, in log space when log-scaled", () => {
    const N: Distribution = { type: "int", low: 1, high: 8, log: true, step: 1 };
    const input = sample([N], 400, (r) => Math.abs(Math.exp(r[0] as number) - 2), 5);
    input.x.forEach((v, i) => {
      input.x[i] = Math.log(v);
    });
    const logged = new PedAnovaEvaluator().evaluate(input)[0] as number;
    expect(logged).toBeGreaterThan(1);
    // A target unrelated to the value scores near 0 on the same grid.
    const rng = new Rng(2);
    const unrelated = { ...input, y: Float64Array.from(input.y, () => rng.random()) };
    expect(new PedAnovaEvaluator().evaluate(unrelated)[0]).toBeLessThan(0.1 * logged);
  });

  it("scores within the best region only with regionQuantile, and against the whole range with evaluateOnLocal: false", () => {
    // p0 separates the bad half from the good one; within the good half only p1 matters.
    const input = sample([U, U], 2000, (r) => 10 * ((r[0] as number) > 0.5 ? 1 : 0) + (r[1] as number), 3);
    const [globalX, globalY] = new PedAnovaEvaluator().evaluate(input) as unknown as number[];
    const [localX, localY] = new PedAnovaEvaluator({ regionQuantile: 0.5 }).evaluate(
      input,
    ) as unknown as number[];
    expect(globalX).toBeGreaterThan(0.5);
    expect(localX).toBeLessThan(0.1 * (localY as number));
    expect(localY).toBeGreaterThan(globalY as number);
    // Trials crowded into [0, 0.2] by the search, target unrelated: nothing locally, much globally.
    const rng = new Rng(8);
    const crowded = sample([U], 500, () => rng.random(), 6);
    crowded.x.forEach((v, i) => {
      crowded.x[i] = v * 0.2;
    });
    expect(new PedAnovaEvaluator().evaluate(crowded)[0]).toBeLessThan(0.2);
    expect(new PedAnovaEvaluator({ evaluateOnLocal: false }).evaluate(crowded)[0]).toBeGreaterThan(2);
  });

  it("keeps every trial tied with the cut-off value in the top set", () => {
    // 10 trials, the best 1 (targetQuantile 0.1 → 2 at least) … trials 0–3 tie at the best value.
    const C: Distribution = { type: "categorical", choices: ["a", "b"] };
    const x = Float64Array.of(1, 1, 1, 1, 0, 0, 0, 0, 0, 0);
    const y = Float64Array.of(0, 0, 0, 0, 1, 2, 3, 4, 5, 6);
    const input: ImportanceInput = { params: ["c"], distributions: [C], n: 10, x, y };
    const pTop = [0.5 / 5, 4.5 / 5];
    const pAll = [6.5 / 11, 4.5 / 11];
    const expected = pTop.reduce((a, p, c) => a + (p - (pAll[c] as number)) ** 2 / (pAll[c] as number), 0);
    expect(new PedAnovaEvaluator().evaluate(input)[0]).toBeCloseTo(expected, 12);
  });

  it("rejects quantiles out of order, a grid too small and an unknown option", () => {
    expect(() => new PedAnovaEvaluator({ targetQuantile: 0.5, regionQuantile: 0.5 })).toThrow(
      InvalidArgumentError,
    );
    expect(() => new PedAnovaEvaluator({ targetQuantile: 0 })).toThrow(
      /0 < targetQuantile < regionQuantile ≤ 1/,
    );
    expect(() => new PedAnovaEvaluator({ regionQuantile: 1.5 })).toThrow(InvalidArgumentError);
    expect(() => new PedAnovaEvaluator({ gridSize: 1 })).toThrow(/gridSize/);
    const typo = { baselineQuantile: 0.2 } as unknown as PedAnovaOptions;
    expect(() => new PedAnovaEvaluator(typo)).toThrow(/unknown option "baselineQuantile"/);
  });
});
