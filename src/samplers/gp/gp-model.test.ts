import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Rng } from "../../math/rng.js";
import {
  defaultTheta,
  FitWorkspace,
  fitGp,
  type GpData,
  logPosterior,
  logPrior,
  MIN_NOISE,
  thetaSize,
} from "./gp-fit.js";
import { GpPosterior } from "./gp-posterior.js";

interface ReferenceCase {
  name: string;
  x: number[];
  y: number[];
  n: number;
  d: number;
  cat: number[];
  theta: number[];
  tests: number[];
  mean: number[];
  variance: number[];
  logMarginalLikelihood: number;
}

const reference = JSON.parse(
  readFileSync(new URL("../../../test/fixtures/gp/gp-reference.json", import.meta.url), "utf8"),
) as { cases: ReferenceCase[] };

function dataOf(c: ReferenceCase): GpData {
  return {
    x: Float64Array.from(c.x),
    y: Float64Array.from(c.y),
    n: c.n,
    d: c.d,
    cat: Uint8Array.from(c.cat),
  };
}

/** A random data set: n points in d dims (the last `nCat` categorical with 3 choices), y from a smooth function. */
function randomData(n: number, d: number, nCat: number, seed: number): GpData {
  const rng = new Rng(seed);
  const x = new Float64Array(n * d);
  const y = new Float64Array(n);
  const cat = new Uint8Array(d);
  for (let k = d - nCat; k < d; k++) cat[k] = 1;
  for (let i = 0; i < n; i++) {
    let v = 0;
    for (let k = 0; k < d; k++) {
      const u = cat[k] === 1 ? rng.integer(0, 2) : rng.random();
      x[i * d + k] = u;
      v += cat[k] === 1 ? 0.3 * u : Math.sin(3 * u + k);
    }
    y[i] = v;
  }
  let mean = 0;
  for (const v of y) mean += v / n;
  let sd = 0;
  for (const v of y) sd += (v - mean) ** 2 / n;
  for (let i = 0; i < n; i++) y[i] = ((y[i] as number) - mean) / Math.sqrt(sd);
  return { x, y, n, d, cat };
}

describe("GP posterior against numpy/scipy reference values (test/fixtures/gp)", () => {
  for (const c of reference.cases) {
    it(`${c.name}: mean and variance to 1e-9, log marginal likelihood to 1e-10 relative`, () => {
      const data = dataOf(c);
      const theta = Float64Array.from(c.theta);
      const post = GpPosterior.build(data, theta);
      expect(post).not.toBeNull();
      for (let t = 0; t < c.mean.length; t++) {
        post?.predict(Float64Array.from(c.tests.slice(t * c.d, (t + 1) * c.d)));
        expect(Math.abs((post?.mean as number) - (c.mean[t] as number))).toBeLessThan(1e-9);
        // The reference variance may be below our floor (1e-12 σ²) at an observed point.
        expect(Math.abs((post?.variance as number) - Math.max(c.variance[t] as number, 0))).toBeLessThan(
          1e-9,
        );
      }
      const lml = logPosterior(data, theta, null) - logPrior(theta, c.d, null);
      expect(Math.abs(lml - c.logMarginalLikelihood)).toBeLessThan(1e-10 * Math.max(1, Math.abs(lml)));
    });
  }
});

describe("log posterior gradient", () => {
  it.each([
    ["every numeric dimension continuous", undefined],
    [
      "with the finite-value lengthscale prior on a numeric and the categorical dimension",
      Uint8Array.of(0, 1, 0, 1),
    ],
  ])(
    "matches central finite differences (numeric and categorical lengthscales, signal, noise), %s",
    (_, finite) => {
      const data: GpData = { ...randomData(15, 4, 1, 3), ...(finite === undefined ? {} : { finite }) };
      const rng = new Rng(4);
      const theta = Float64Array.from({ length: thetaSize(4) }, (_, k) =>
        k < 4 ? Math.log(rng.uniform(0.2, 1.5)) : k === 4 ? 0.3 : Math.log(1e-2),
      );
      const grad = new Float64Array(theta.length);
      logPosterior(data, theta, grad);
      const h = 1e-6;
      for (let k = 0; k < theta.length; k++) {
        const plus = theta.slice();
        const minus = theta.slice();
        plus[k] = (plus[k] as number) + h;
        minus[k] = (minus[k] as number) - h;
        const fd = (logPosterior(data, plus, null) - logPosterior(data, minus, null)) / (2 * h);
        expect(Math.abs((grad[k] as number) - fd)).toBeLessThan(1e-5 * Math.max(1, Math.abs(fd)));
      }
    },
  );
});

describe("lengthscale priors", () => {
  it("peak at ℓ = 0.5 on a continuous dimension and at ℓ = 1 on one with finitely many values, where defaultTheta starts", () => {
    const finite = Uint8Array.of(0, 1);
    const start = defaultTheta(2, false, finite);
    expect(start[0]).toBeCloseTo(Math.log(0.5), 12);
    expect(start[1]).toBeCloseTo(0, 12);
    const grad = new Float64Array(thetaSize(2));
    logPrior(start, 2, grad, finite);
    expect(Math.abs(grad[0] as number)).toBeLessThan(1e-12);
    expect(Math.abs(grad[1] as number)).toBeLessThan(1e-12);
  });

  it("is weaker on a dimension with finitely many values: a long lengthscale costs less", () => {
    const at = (logL: number, finite: Uint8Array) =>
      logPrior(Float64Array.of(logL, 0, 0), 1, null, finite) -
      logPrior(defaultTheta(1, false, finite), 1, null, finite);
    expect(at(Math.log(3), Uint8Array.of(1))).toBeGreaterThan(at(Math.log(3), Uint8Array.of(0)) + 1);
  });
});

describe("log posterior workspace", () => {
  it("a value and then its gradient at the same θ give exactly a fresh evaluation's numbers", () => {
    const data = randomData(15, 4, 1, 3);
    const theta = Float64Array.of(-0.5, -0.2, 0.1, -1, 0.3, Math.log(1e-2));
    const fresh = new Float64Array(theta.length);
    const expected = logPosterior(data, theta, fresh);
    const ws = new FitWorkspace(data);
    const other = theta.map((t) => t + 0.1);
    logPosterior(data, other, null, ws);
    expect(logPosterior(data, theta, null, ws)).toBe(expected);
    const grad = new Float64Array(theta.length);
    expect(logPosterior(data, theta, grad, ws)).toBe(expected);
    expect(Array.from(grad)).toEqual(Array.from(fresh));
  });
});

describe("posterior gradient with respect to the point", () => {
  it("mean and variance gradients match finite differences; categorical coordinates get 0", () => {
    const data = randomData(20, 3, 1, 5);
    const theta = Float64Array.of(Math.log(0.4), Math.log(0.6), Math.log(1.2), 0.1, Math.log(1e-4));
    const post = GpPosterior.build(data, theta) as GpPosterior;
    const gm = new Float64Array(3);
    const gv = new Float64Array(3);
    const p = Float64Array.of(0.37, 0.61, 1);
    post.predictWithGradient(p, gm, gv);
    const h = 1e-6;
    for (let k = 0; k < 2; k++) {
      const plus = p.slice();
      const minus = p.slice();
      plus[k] = (plus[k] as number) + h;
      minus[k] = (minus[k] as number) - h;
      post.predict(plus);
      const [mp, vp] = [post.mean, post.variance];
      post.predict(minus);
      expect(gm[k]).toBeCloseTo((mp - post.mean) / (2 * h), 6);
      expect(gv[k]).toBeCloseTo((vp - post.variance) / (2 * h), 6);
    }
    expect(gm[2]).toBe(0);
    expect(gv[2]).toBe(0);
  });

  it("reuses a prediction at the same point, and not after the point or the gradient changed it", () => {
    const data = randomData(20, 3, 1, 5);
    const theta = Float64Array.of(Math.log(0.4), Math.log(0.6), Math.log(1.2), 0.1, Math.log(1e-4));
    const post = GpPosterior.build(data, theta) as GpPosterior;
    const p = Float64Array.of(0.37, 0.61, 1);
    const q = Float64Array.of(0.2, 0.9, 0);
    const fresh = GpPosterior.build(data, theta) as GpPosterior;
    const [gm, gv, fm, fv] = [1, 2, 3, 4].map(() => new Float64Array(3)) as [
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
    ];
    fresh.predictWithGradient(p, fm, fv);
    post.predict(q);
    post.predict(p);
    post.predictWithGradient(p, gm, gv);
    expect([post.mean, post.variance, ...gm, ...gv]).toEqual([fresh.mean, fresh.variance, ...fm, ...fv]);
    post.predictWithGradient(p, gm, gv);
    expect([post.mean, post.variance, ...gm, ...gv]).toEqual([fresh.mean, fresh.variance, ...fm, ...fv]);
    post.predict(p);
    fresh.predict(p);
    expect([post.mean, post.variance]).toEqual([fresh.mean, fresh.variance]);
  });

  it("varianceBound is an upper bound on the variance, and the pieces of predict give its numbers", () => {
    const data = randomData(60, 3, 1, 11);
    const theta = Float64Array.of(Math.log(0.3), Math.log(0.5), Math.log(1), 0.2, Math.log(1e-3));
    const post = GpPosterior.build(data, theta) as GpPosterior;
    const rng = new Rng(12);
    const kStar = new Float64Array(data.n);
    const sums = new Float64Array(2);
    for (let t = 0; t < 50; t++) {
      // Half the points next to a training point, where the variance is small.
      const row = rng.integer(0, data.n - 1);
      const p = Float64Array.from({ length: 3 }, (_, k) =>
        k === 2 ? rng.integer(0, 2) : t % 2 === 0 ? (data.x[row * 3 + k] as number) + 1e-3 : rng.random(),
      );
      post.predict(p);
      const mean = post.meanAt(p, 0, kStar);
      expect(mean).toBe(post.mean);
      expect(post.varianceBound(kStar)).toBeGreaterThanOrEqual(post.variance);
      sums.fill(0);
      for (const [from, to] of [
        [0, 16],
        [16, 18],
        [18, data.n],
      ] as const) {
        post.solveRows(kStar, from, to);
        post.addSquares(kStar, from, to, sums);
        expect(post.varianceOf(sums)).toBeGreaterThanOrEqual(post.variance);
      }
      expect(post.varianceOf(sums)).toBe(post.variance);
    }
  });
});

describe("fitGp", () => {
  it("raises the log posterior over the default start and stays in bounds", () => {
    const data = randomData(25, 2, 0, 7);
    const fit = fitGp(data, { deterministic: false, warmStart: null });
    expect(fit.ok).toBe(true);
    const start = fitGp(data, { deterministic: false, warmStart: null, maxIterations: 0 });
    expect(fit.value).toBeGreaterThan(start.value);
    for (const t of fit.theta) expect(Number.isFinite(t)).toBe(true);
    expect(fit.theta[3]).toBeGreaterThanOrEqual(Math.log(MIN_NOISE) - 1e-12);
  });

  it("warm-started from its own optimum it stops almost at once with the same value", () => {
    const data = randomData(25, 3, 1, 8);
    const first = fitGp(data, { deterministic: false, warmStart: null });
    const again = fitGp(data, { deterministic: false, warmStart: first.theta });
    expect(again.value).toBeGreaterThanOrEqual(first.value - 1e-6 * Math.abs(first.value));
  });

  it("a deterministic objective pins the noise at its minimum", () => {
    const fit = fitGp(randomData(10, 2, 0, 9), { deterministic: true, warmStart: null });
    expect(fit.theta[3]).toBeCloseTo(Math.log(MIN_NOISE), 12);
  });

  it("edge cases: one observation, duplicate points, a constant objective", () => {
    const one: GpData = {
      x: Float64Array.of(0.3, 0.3),
      y: Float64Array.of(0),
      n: 1,
      d: 2,
      cat: new Uint8Array(2),
    };
    expect(fitGp(one, { deterministic: false, warmStart: null }).ok).toBe(true);
    const dup: GpData = {
      x: Float64Array.of(0.5, 0.5, 0.5, 0.1),
      y: Float64Array.of(1, -1, 1, 0),
      n: 4,
      d: 1,
      cat: new Uint8Array(1),
    };
    for (const deterministic of [false, true]) {
      const fit = fitGp(dup, { deterministic, warmStart: null });
      expect(fit.ok).toBe(true);
      const post = GpPosterior.build(dup, fit.theta) as GpPosterior;
      post.predict(Float64Array.of(0.5));
      expect(Number.isFinite(post.mean)).toBe(true);
      expect(post.variance).toBeGreaterThan(0);
    }
    const flat: GpData = {
      x: Float64Array.of(0.1, 0.4, 0.9),
      y: new Float64Array(3),
      n: 3,
      d: 1,
      cat: new Uint8Array(1),
    };
    const fit = fitGp(flat, { deterministic: false, warmStart: null });
    expect(fit.ok).toBe(true);
    const post = GpPosterior.build(flat, fit.theta) as GpPosterior;
    post.predict(Float64Array.of(0.6));
    expect(Math.abs(post.mean)).toBeLessThan(1e-9);
  });

  it("a bad warm start (wrong length) is ignored", () => {
    const fit = fitGp(randomData(8, 2, 0, 10), { deterministic: false, warmStart: Float64Array.of(1, 2) });
    expect(fit.ok).toBe(true);
  });
});
