import {
  choleskyInPlace,
  choleskyInverse,
  choleskyLogDet,
  choleskySolveInPlace,
} from "../../math/cholesky.js";
import { minimizeBounded } from "../../math/lbfgsb.js";
import { type CategoricalMask, gram, matern52, scaledDistance } from "./kernel.js";

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
}

/** Smallest noise variance (in standardized units), and the fixed noise of a deterministic objective. */
export const MIN_NOISE = 1e-6;
const LOG_2PI = Math.log(2 * Math.PI);

/*
 * Hyperparameters θ = [log ℓ_1 … log ℓ_d, log σ², log σ²_noise], with bounds and independent priors:
 * - each inverse squared lengthscale 1/ℓ² ~ Gamma(shape LENGTH_SHAPE, rate LENGTH_RATE). Its density
 *   falls off polynomially (as ℓ⁻⁴) towards long lengthscales, so the fit does not switch a dimension off
 *   on weak evidence (which would stop the search from ever exploring it), and exponentially in 1/ℓ²
 *   towards short ones; ℓ ∈ [0.01, 100] on the unit cube;
 * - log σ² ~ N(0, 2²) on standardized outputs; σ² ∈ [0.01, 100];
 * - log σ²_noise ~ N(log 1e-4, 3²), noise ∈ [1e-6, 1]: weak, so a smooth deterministic objective is
 *   interpolated and a noisy one smoothed.
 */
const LENGTH_SHAPE = 2;
const LENGTH_RATE = 0.5;
const SIGNAL_SD = 2;
const NOISE_MEAN = Math.log(1e-4);
const NOISE_SD = 3;

/** Number of hyperparameters for d dimensions: d lengthscales, the signal and the noise variance. */
export function thetaSize(d: number): number {
  return d + 2;
}

/**
 * The starting point when there is no earlier fit: lengthscales at the prior's mode (1/ℓ² = shape/rate,
 * ℓ = 0.5), σ² = 1 and noise 1e-3 (or the fixed minimum for a deterministic objective).
 */
export function defaultTheta(d: number, deterministic: boolean): Float64Array {
  const theta = new Float64Array(thetaSize(d));
  const length = -0.5 * Math.log(LENGTH_SHAPE / LENGTH_RATE);
  for (let k = 0; k < d; k++) theta[k] = length;
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

/** log prior density of θ (up to a constant), adding its gradient into `grad`. */
export function logPrior(theta: Float64Array, d: number, grad: Float64Array | null): number {
  let lp = 0;
  for (let k = 0; k < d; k++) {
    // With u = log(1/ℓ²) = −2θ, a Gamma(a, b) density on 1/ℓ² is ∝ exp(a·u − b·eᵘ) in u.
    const u = -2 * (theta[k] as number);
    const isl = Math.exp(u);
    lp += LENGTH_SHAPE * u - LENGTH_RATE * isl;
    if (grad !== null) grad[k] = (grad[k] as number) - 2 * (LENGTH_SHAPE - LENGTH_RATE * isl);
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

/** Buffers reused across the evaluations of one fit (n² each for the matrices). */
export class FitWorkspace {
  readonly k: Float64Array;
  readonly inv: Float64Array;
  readonly scratch: Float64Array;
  readonly alpha: Float64Array;
  readonly w: Float64Array;
  readonly dm = new Float64Array(2);

  constructor(n: number, d: number) {
    this.k = new Float64Array(n * n);
    this.inv = new Float64Array(n * n);
    this.scratch = new Float64Array(n * n);
    this.alpha = new Float64Array(n);
    this.w = new Float64Array(d);
  }
}

/**
 * log p(y | X, θ) + log p(θ), and (when `grad` is given) its gradient with respect to θ:
 * ∂/∂θ = ½·tr((ααᵀ − K⁻¹)·∂K/∂θ) with α = K⁻¹y, plus the prior's gradient. NaN when K cannot be
 * factored even with jitter.
 * @example
 * const value = logPosterior(data, theta, grad, new FitWorkspace(data.n, data.d));
 */
export function logPosterior(
  data: GpData,
  theta: Float64Array,
  grad: Float64Array | null,
  ws: FitWorkspace = new FitWorkspace(data.n, data.d),
): number {
  const { n, d, x, y, cat } = data;
  const w = ws.w;
  for (let k = 0; k < d; k++) w[k] = Math.exp(-2 * (theta[k] as number));
  const signal = Math.exp(theta[d] as number);
  const noise = Math.exp(theta[d + 1] as number);
  const l = gram(x, n, w, cat, signal, noise, ws.k);
  if (!choleskyInPlace(l, n).ok) return Number.NaN;
  const alpha = ws.alpha;
  alpha.set(y);
  choleskySolveInPlace(l, n, alpha);
  let fit = 0;
  for (let i = 0; i < n; i++) fit += (y[i] as number) * (alpha[i] as number);
  let value = -0.5 * fit - 0.5 * choleskyLogDet(l, n) - 0.5 * n * LOG_2PI;
  if (grad !== null) {
    grad.fill(0);
    accumulateGradient(data, ws, l, signal, noise, grad);
  }
  value += logPrior(theta, d, grad);
  return value;
}

/** The likelihood part of the gradient, from the factor `l` (overwritten by K⁻¹'s computation). */
function accumulateGradient(
  data: GpData,
  ws: FitWorkspace,
  l: Float64Array,
  signal: number,
  noise: number,
  grad: Float64Array,
): void {
  const { n, d, x, cat } = data;
  const { w, alpha, dm } = ws;
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
    for (let j = 0; j < i; j++) {
      const wij = ai * (alpha[j] as number) - (inv[ri + j] as number);
      matern52(scaledDistance(x, i, x, j * d, w, cat), dm);
      // Both (i, j) and (j, i): the ½ of the trace formula cancels.
      gSignal += wij * signal * (dm[0] as number);
      // ∂K_ij/∂log ℓ_k = σ²·m'(r²)·(−2·w_k·δ_k²).
      const c = -2 * wij * signal * (dm[1] as number);
      const rowI = i * d;
      const rowJ = j * d;
      for (let k = 0; k < d; k++) {
        const a = x[rowI + k] as number;
        const b = x[rowJ + k] as number;
        const delta2 = cat[k] === 1 ? (a !== b ? 1 : 0) : (a - b) * (a - b);
        grad[k] = (grad[k] as number) + c * (w[k] as number) * delta2;
      }
    }
  }
  grad[d] = (grad[d] as number) + gSignal;
  grad[d + 1] = (grad[d + 1] as number) + gNoise;
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
  const ws = new FitWorkspace(data.n, d);
  const scale = 1 / Math.max(1, data.n);
  const objective = (theta: Float64Array, grad: Float64Array) => {
    const v = logPosterior(data, theta, grad, ws);
    for (let k = 0; k < grad.length; k++) grad[k] = -(grad[k] as number) * scale;
    return -v * scale;
  };
  const starts: Float64Array[] = [];
  if (options.warmStart !== null && options.warmStart.length === thetaSize(d)) starts.push(options.warmStart);
  starts.push(defaultTheta(d, options.deterministic));
  for (const start of starts) {
    const warm = start === options.warmStart;
    const result = minimizeBounded(objective, start, {
      lower,
      upper,
      maxIterations: options.maxIterations ?? (warm ? WARM_START_ITERATIONS : 200),
      pgtol: 1e-5,
      ftol: 1e-9,
    });
    if (result.reason !== "non-finite-start" && Number.isFinite(result.f)) {
      return { theta: Float64Array.from(result.x), value: -result.f / scale, ok: true };
    }
  }
  return { theta: defaultTheta(d, options.deterministic), value: Number.NaN, ok: false };
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
