import {
  choleskyInPlace,
  choleskyInverse,
  choleskyLogDet,
  choleskySolveInPlace,
} from "../../math/cholesky.js";
import { expNonPositive } from "../../math/fast-exp.js";
import { minimizeBounded } from "../../math/lbfgsb.js";
import type { CategoricalMask } from "./kernel.js";

/**
 * Training data of one GP: n points of d coordinates (row-major, see `gp-space.ts`) and their
 * standardized outputs (mean 0, standard deviation 1).
 */
export interface GpData {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly n: number;
  readonly d: number;
  readonly cat: CategoricalMask;
  /**
   * 1 for a dimension with finitely many values (an int, a stepped float or a categorical), whose
   * lengthscale gets the weaker prior (see below); absent means every dimension is continuous.
   */
  readonly finite?: Uint8Array;
}

/** Smallest noise variance (in standardized units), and the fixed noise of a deterministic objective. */
export const MIN_NOISE = 1e-6;
const LOG_2PI = Math.log(2 * Math.PI);
const SQRT5 = Math.sqrt(5);

/*
 * Hyperparameters θ = [log ℓ_1 … log ℓ_d, log σ², log σ²_noise], with bounds and independent priors:
 * - each inverse squared lengthscale 1/ℓ² ~ Gamma(shape 2, rate 0.5) (LENGTH_PRIOR) for a continuous
 *   dimension. Its density falls off polynomially (as ℓ⁻⁴) towards long lengthscales, so the fit does not
 *   switch a dimension off on weak evidence (which would stop the search from ever exploring it), and
 *   exponentially in 1/ℓ² towards short ones; ℓ ∈ [0.01, 100] on the unit cube. It is tight (the sd
 *   of log ℓ is about 0.35 around ℓ = 0.5), which the multimodal continuous benchmarks need: Gamma(1,
 *   0.25), same mode but twice as wide, took styblinski_tang8's median best at 50/100 trials from
 *   −226/−247 to −218/−237, and Optuna's weaker prior ackley10's at 100 from 7.4 to 10.6;
 * - for a dimension with finitely many values, 1/ℓ² ~ Gamma(0.5, 0.5) (FINITE_LENGTH_PRIOR):
 *   mode ℓ = 1 and twice as wide (sd of log ℓ about 0.7, density ∝ ℓ⁻¹ towards long ones).
 *   The tight prior held such lengthscales near 0.5 for dozens of trials whatever the data said; for a
 *   categorical that puts configurations differing in one choice at correlation m(2) ≈ 0.14, so the GP
 *   learned every choice on its own and kept spending trials on the worse ones (mixed_synth at 50
 *   trials, median of 10 seeds: 2.9e-4 with the tight prior, 7.6e-6 with this one, Optuna's 2.5e-5);
 * - log σ² ~ N(0, 2²) on standardized outputs; σ² ∈ [0.01, 100];
 * - log σ²_noise ~ N(log 1e-4, 3²), noise ∈ [1e-6, 1]: weak, so a smooth deterministic objective is
 *   interpolated and a noisy one smoothed.
 */
const LENGTH_PRIOR = { shape: 2, rate: 0.5 } as const;
const FINITE_LENGTH_PRIOR = { shape: 0.5, rate: 0.5 } as const;
const SIGNAL_SD = 2;
const NOISE_MEAN = Math.log(1e-4);
const NOISE_SD = 3;

/** Number of hyperparameters for d dimensions: d lengthscales, the signal and the noise variance. */
export function thetaSize(d: number): number {
  return d + 2;
}

/** Shape and rate of the Gamma prior on dimension k's 1/ℓ² (`finite`: see {@link GpData}). */
function lengthPrior(finite: Uint8Array | undefined, k: number): { shape: number; rate: number } {
  return finite?.[k] === 1 ? FINITE_LENGTH_PRIOR : LENGTH_PRIOR;
}

/**
 * The starting point when there is no earlier fit: each lengthscale at its prior's mode (1/ℓ² =
 * shape/rate: ℓ = 0.5 for a continuous dimension, 1 for one with finitely many values), σ² = 1 and
 * noise 1e-3 (or the fixed minimum for a deterministic objective).
 * @example
 * defaultTheta(2, false, Uint8Array.of(0, 1)); // [log 0.5, log 1, 0, log 1e-3]
 */
export function defaultTheta(d: number, deterministic: boolean, finite?: Uint8Array): Float64Array {
  const theta = new Float64Array(thetaSize(d));
  for (let k = 0; k < d; k++) {
    const { shape, rate } = lengthPrior(finite, k);
    theta[k] = -0.5 * Math.log(shape / rate);
  }
  theta[d] = 0;
  theta[d + 1] = Math.log(deterministic ? MIN_NOISE : 1e-3);
  return theta;
}

/** Lower and upper bounds of θ (a deterministic objective pins the noise at its minimum). */
export function thetaBounds(d: number, deterministic: boolean): { lower: Float64Array; upper: Float64Array } {
  const lower = new Float64Array(thetaSize(d)).fill(Math.log(0.01));
  const upper = new Float64Array(thetaSize(d)).fill(Math.log(100));
  lower[d + 1] = Math.log(MIN_NOISE);
  upper[d + 1] = deterministic ? Math.log(MIN_NOISE) : 0;
  return { lower, upper };
}

/**
 * log prior density of θ (up to a constant), adding its gradient into `grad`; `finite` marks the
 * dimensions with finitely many values (see {@link GpData}).
 * @example
 * const lp = logPrior(theta, d, null, data.finite);
 */
export function logPrior(
  theta: Float64Array,
  d: number,
  grad: Float64Array | null,
  finite?: Uint8Array,
): number {
  let lp = 0;
  for (let k = 0; k < d; k++) {
    // With u = log(1/ℓ²) = −2θ, a Gamma(a, b) density on 1/ℓ² is ∝ exp(a·u − b·eᵘ) in u.
    const { shape, rate } = lengthPrior(finite, k);
    const u = -2 * (theta[k] as number);
    const isl = Math.exp(u);
    lp += shape * u - rate * isl;
    if (grad !== null) grad[k] = (grad[k] as number) - 2 * (shape - rate * isl);
  }
  const normal = (k: number, mean: number, sd: number) => {
    const z = ((theta[k] as number) - mean) / sd;
    lp -= 0.5 * z * z;
    if (grad !== null) grad[k] = (grad[k] as number) - z / sd;
  };
  normal(d, 0, SIGNAL_SD);
  normal(d + 1, NOISE_MEAN, NOISE_SD);
  return lp;
}

/**
 * Buffers reused across the evaluations of one fit: n² each for the matrices, and per pair of points
 * (i > j, in that order) the coordinate differences (d each: x_ik − x_jk, or 1/0 for a categorical that
 * differs or not), which no θ changes, and the kernel m(r_ij) with its derivative, which the gradient
 * reuses from the evaluation's Gram matrix. The differences take d·n(n−1)/2 numbers (20 MB at 500 points
 * in 20 dimensions).
 */
export class FitWorkspace {
  readonly k: Float64Array;
  readonly inv: Float64Array;
  readonly scratch: Float64Array;
  readonly alpha: Float64Array;
  readonly w: Float64Array;
  readonly diffs: Float64Array;
  readonly m: Float64Array;
  readonly dm: Float64Array;
  /** The θ that `k` holds the factor (and `alpha`, `m`, `dm` the values) of, and its log likelihood. */
  private readonly factoredTheta: Float64Array;
  private factored = false;
  private likelihood = Number.NaN;

  constructor(data: GpData) {
    const { n, d, x, cat } = data;
    this.k = new Float64Array(n * n);
    this.inv = new Float64Array(n * n);
    this.scratch = new Float64Array(n * n);
    this.alpha = new Float64Array(n);
    this.w = new Float64Array(d);
    const pairs = (n * (n - 1)) / 2;
    this.m = new Float64Array(pairs);
    this.dm = new Float64Array(pairs);
    this.diffs = new Float64Array(pairs * d);
    this.factoredTheta = new Float64Array(d + 2);
    let at = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) {
        for (let k = 0; k < d; k++) {
          const a = x[i * d + k] as number;
          const b = x[j * d + k] as number;
          this.diffs[at++] = cat[k] === 1 ? (a !== b ? 1 : 0) : a - b;
        }
      }
    }
  }

  /** The log likelihood at θ when the buffers hold its factorization, else null. */
  cached(theta: Float64Array): number | null {
    if (!this.factored) return null;
    for (let k = 0; k < theta.length; k++) if (theta[k] !== this.factoredTheta[k]) return null;
    return this.likelihood;
  }

  /** Marks the buffers as holding θ's factorization with log likelihood `value` (or nothing, for NaN). */
  remember(theta: Float64Array, value: number): void {
    this.factored = !Number.isNaN(value);
    this.factoredTheta.set(theta);
    this.likelihood = value;
  }
}

/**
 * log p(y | X, θ) + log p(θ), and (when `grad` is given) its gradient with respect to θ:
 * ∂/∂θ = ½·tr((ααᵀ − K⁻¹)·∂K/∂θ) with α = K⁻¹y, plus the prior's gradient. NaN when K cannot be
 * factored even with jitter. A call at the θ of the previous call with the same workspace reuses its
 * factorization, so a value and then its gradient cost one factorization.
 * @example
 * const value = logPosterior(data, theta, grad, new FitWorkspace(data));
 */
export function logPosterior(
  data: GpData,
  theta: Float64Array,
  grad: Float64Array | null,
  ws: FitWorkspace = new FitWorkspace(data),
): number {
  const { n, d } = data;
  const signal = Math.exp(theta[d] as number);
  const noise = Math.exp(theta[d + 1] as number);
  let value = ws.cached(theta) ?? logLikelihood(data, theta, ws, signal, noise);
  if (Number.isNaN(value)) return value;
  if (grad !== null) {
    grad.fill(0);
    accumulateGradient(ws, n, d, ws.k, signal, noise, grad);
  }
  value += logPrior(theta, d, grad, data.finite);
  return value;
}

/** log p(y | X, θ), leaving its factorization in `ws` (NaN when K cannot be factored). */
function logLikelihood(
  data: GpData,
  theta: Float64Array,
  ws: FitWorkspace,
  signal: number,
  noise: number,
): number {
  const { n, d, y } = data;
  const w = ws.w;
  for (let k = 0; k < d; k++) w[k] = Math.exp(-2 * (theta[k] as number));
  const l = cachedGram(ws, n, d, signal, noise);
  if (!choleskyInPlace(l, n).ok) {
    ws.remember(theta, Number.NaN);
    return Number.NaN;
  }
  const alpha = ws.alpha;
  alpha.set(y);
  choleskySolveInPlace(l, n, alpha);
  let fit = 0;
  for (let i = 0; i < n; i++) fit += (y[i] as number) * (alpha[i] as number);
  const value = -0.5 * fit - 0.5 * choleskyLogDet(l, n) - 0.5 * n * LOG_2PI;
  ws.remember(theta, value);
  return value;
}

/**
 * The lower triangle of K = σ²·M + noise·I into `ws.k` from the cached differences (the same sums as
 * `scaledDistance`), keeping m(r) (as `matern52Value`) and dm/dr² = −5/6·(1 + √5 r)·e^{−√5 r} of each
 * pair for the gradient.
 */
function cachedGram(ws: FitWorkspace, n: number, d: number, signal: number, noise: number): Float64Array {
  const { k: out, w, diffs } = ws;
  let pair = 0;
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    out[ri + i] = signal + noise;
    let j = 0;
    // Four pairs at a time: each sum in `scaledDistance`'s order, four independent add chains.
    for (; j + 3 < i; j += 4, pair += 4) {
      const base = pair * d;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let k = 0; k < d; k++) {
        const wk = w[k] as number;
        const e0 = diffs[base + k] as number;
        const e1 = diffs[base + d + k] as number;
        const e2 = diffs[base + 2 * d + k] as number;
        const e3 = diffs[base + 3 * d + k] as number;
        s0 += wk * e0 * e0;
        s1 += wk * e1 * e1;
        s2 += wk * e2 * e2;
        s3 += wk * e3 * e3;
      }
      storeKernel(ws, pair, s0, ri + j, signal);
      storeKernel(ws, pair + 1, s1, ri + j + 1, signal);
      storeKernel(ws, pair + 2, s2, ri + j + 2, signal);
      storeKernel(ws, pair + 3, s3, ri + j + 3, signal);
    }
    for (; j < i; j++, pair++) {
      const base = pair * d;
      let r2 = 0;
      for (let k = 0; k < d; k++) {
        const diff = diffs[base + k] as number;
        r2 += (w[k] as number) * diff * diff;
      }
      storeKernel(ws, pair, r2, ri + j, signal);
    }
  }
  return out;
}

/** m(r) and dm/dr² of one pair from its r², and σ²·m into K at `at`. */
function storeKernel(ws: FitWorkspace, pair: number, r2: number, at: number, signal: number): void {
  const r = Math.sqrt(r2);
  const e = expNonPositive(-SQRT5 * r);
  const mij = (1 + SQRT5 * r + (5 / 3) * r2) * e;
  ws.m[pair] = mij;
  ws.dm[pair] = (-5 / 6) * (1 + SQRT5 * r) * e;
  ws.k[at] = signal * mij;
}

/** The likelihood part of the gradient, from the factor `l` (left as it is, so the workspace stays valid). */
function accumulateGradient(
  ws: FitWorkspace,
  n: number,
  d: number,
  l: Float64Array,
  signal: number,
  noise: number,
  grad: Float64Array,
): void {
  const { alpha } = ws;
  const inv = choleskyInverse(l, n, ws.inv, ws.scratch);
  let gSignal = 0;
  let gNoise = 0;
  for (let i = 0; i < n; i++) {
    const ai = alpha[i] as number;
    const ri = i * n;
    // W = ααᵀ − K⁻¹; the diagonal of K is σ² + noise.
    const wii = ai * ai - (inv[ri + i] as number);
    gSignal += 0.5 * wii * signal;
    gNoise += 0.5 * wii * noise;
    gSignal = addRowPairs(ws, inv, i, d, signal, gSignal, grad);
  }
  grad[d] = (grad[d] as number) + gSignal;
  grad[d + 1] = (grad[d + 1] as number) + gNoise;
}

/**
 * The pairs (i, j < i) of the gradient: adds ∂/∂log ℓ_k into grad and returns the running signal term
 * `gSignal` with theirs added, pair by pair in order. Both (i, j) and (j, i) count (the ½ of the trace
 * formula cancels); ∂K_ij/∂log ℓ_k = σ²·m'(r²)·(−2·w_k·δ_k²). Four pairs share a pass over the
 * coordinates, each grad[k] still receiving them in order.
 */
function addRowPairs(
  ws: FitWorkspace,
  inv: Float64Array,
  i: number,
  d: number,
  signal: number,
  gSignal: number,
  grad: Float64Array,
): number {
  const { w, alpha, diffs, m, dm } = ws;
  const ai = alpha[i] as number;
  const ri = i * alpha.length;
  let pair = (i * (i - 1)) / 2;
  let j = 0;
  for (; j + 3 < i; j += 4, pair += 4) {
    const w0 = ai * (alpha[j] as number) - (inv[ri + j] as number);
    const w1 = ai * (alpha[j + 1] as number) - (inv[ri + j + 1] as number);
    const w2 = ai * (alpha[j + 2] as number) - (inv[ri + j + 2] as number);
    const w3 = ai * (alpha[j + 3] as number) - (inv[ri + j + 3] as number);
    gSignal += w0 * signal * (m[pair] as number);
    gSignal += w1 * signal * (m[pair + 1] as number);
    gSignal += w2 * signal * (m[pair + 2] as number);
    gSignal += w3 * signal * (m[pair + 3] as number);
    const c0 = -2 * w0 * signal * (dm[pair] as number);
    const c1 = -2 * w1 * signal * (dm[pair + 1] as number);
    const c2 = -2 * w2 * signal * (dm[pair + 2] as number);
    const c3 = -2 * w3 * signal * (dm[pair + 3] as number);
    const base = pair * d;
    for (let k = 0; k < d; k++) {
      const wk = w[k] as number;
      const e0 = diffs[base + k] as number;
      const e1 = diffs[base + d + k] as number;
      const e2 = diffs[base + 2 * d + k] as number;
      const e3 = diffs[base + 3 * d + k] as number;
      let g = grad[k] as number;
      g += c0 * wk * (e0 * e0);
      g += c1 * wk * (e1 * e1);
      g += c2 * wk * (e2 * e2);
      g += c3 * wk * (e3 * e3);
      grad[k] = g;
    }
  }
  for (; j < i; j++, pair++) {
    const wij = ai * (alpha[j] as number) - (inv[ri + j] as number);
    gSignal += wij * signal * (m[pair] as number);
    const c = -2 * wij * signal * (dm[pair] as number);
    const base = pair * d;
    for (let k = 0; k < d; k++) {
      const diff = diffs[base + k] as number;
      grad[k] = (grad[k] as number) + c * (w[k] as number) * (diff * diff);
    }
  }
  return gSignal;
}

/** Options of {@link fitGp}. */
export interface FitOptions {
  /** Pin the noise at {@link MIN_NOISE}. */
  readonly deterministic: boolean;
  /** θ of an earlier fit to start from (ignored when its length does not match). */
  readonly warmStart: Float64Array | null;
  /** L-BFGS-B iterations. Default 200 from the default start, {@link WARM_START_ITERATIONS} from a warm start. */
  readonly maxIterations?: number;
}

/**
 * Iterations of a warm-started fit: the previous trial's optimum is close, one more observation moves it
 * a little, and at n = 200 in 20 dimensions a full refit took 20–30 evaluations of O(n³) each (up to n = 100
 * a warm refit usually converges within about 10 iterations anyway).
 */
export const WARM_START_ITERATIONS = 10;

/** A fitted θ with its log posterior; `ok` is false when every start failed (θ is then the default). */
export interface FitResult {
  readonly theta: Float64Array;
  readonly value: number;
  readonly ok: boolean;
}

/**
 * Maximizes {@link logPosterior} over the bounded log-hyperparameters by L-BFGS-B with the analytic
 * gradient, from `warmStart` when given (the previous trial's fit, which is usually close; at most
 * {@link WARM_START_ITERATIONS} iterations), and again from {@link defaultTheta} when that start fails.
 * @example
 * const { theta } = fitGp(data, { deterministic: false, warmStart: null });
 */
export function fitGp(data: GpData, options: FitOptions): FitResult {
  const { d } = data;
  const { lower, upper } = thetaBounds(d, options.deterministic);
  const ws = new FitWorkspace(data);
  const scale = 1 / Math.max(1, data.n);
  const objective = (theta: Float64Array, grad: Float64Array) => {
    const v = logPosterior(data, theta, grad, ws);
    for (let k = 0; k < grad.length; k++) grad[k] = -(grad[k] as number) * scale;
    return -v * scale;
  };
  // The line search's trial points need no gradient (K⁻¹ costs twice the factorization).
  const value = (theta: Float64Array) => -logPosterior(data, theta, null, ws) * scale;
  const starts: Float64Array[] = [];
  if (options.warmStart !== null && options.warmStart.length === thetaSize(d)) starts.push(options.warmStart);
  starts.push(defaultTheta(d, options.deterministic, data.finite));
  for (const start of starts) {
    const warm = start === options.warmStart;
    const result = minimizeBounded(objective, start, {
      lower,
      upper,
      maxIterations: options.maxIterations ?? (warm ? WARM_START_ITERATIONS : 200),
      pgtol: 1e-5,
      ftol: 1e-9,
      value,
    });
    if (result.reason !== "non-finite-start" && Number.isFinite(result.f)) {
      return { theta: Float64Array.from(result.x), value: -result.f / scale, ok: true };
    }
  }
  return { theta: defaultTheta(d, options.deterministic, data.finite), value: Number.NaN, ok: false };
}

/** Refits start at every trial; past this many observations only at every ⌈n / this⌉-th. */
const REFIT_EVERY_TRIAL_UP_TO = 100;

/**
 * Whether the hyperparameters are refitted with n observations: always up to 100, then when n is a
 * multiple of ⌈n/100⌉ (every 2nd trial past 100, every 5th near 500), since one more observation
 * barely moves them while a fit costs O(n³) per step. Depends on n alone, so resumed and uninterrupted
 * runs refit at the same trials.
 * @example
 * shouldRefit(250); // false: past 100 observations only every ⌈n/100⌉-th
 */
export function shouldRefit(n: number): boolean {
  return n <= REFIT_EVERY_TRIAL_UP_TO || n % Math.ceil(n / REFIT_EVERY_TRIAL_UP_TO) === 0;
}
