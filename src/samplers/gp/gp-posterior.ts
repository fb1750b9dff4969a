import {
  choleskyInPlace,
  choleskySolveInPlace,
  solveLowerInPlace,
  solveUpperTransposedInPlace,
} from "../../math/cholesky.js";
import { expNonPositive } from "../../math/fast-exp.js";
import type { GpData } from "./gp-fit.js";
import { type CategoricalMask, matern52Value, scaledDistance } from "./kernel.js";

/** Floor of the posterior variance relative to σ², so the standard deviation and its gradient stay finite. */
const MIN_VARIANCE = 1e-12;
const SQRT5 = Math.sqrt(5);

/**
 * The GP posterior of the latent function given data and hyperparameters θ (see `gp-fit.ts`): mean and
 * variance at any point, with their gradients with respect to the point's numeric coordinates. Holds the
 * Cholesky factor of K = σ²·M + σ²_noise·I and α = K⁻¹y; a prediction costs O(n·d + n²/2).
 * @example
 * const post = GpPosterior.build(data, theta);
 * post?.predict(point); // { mean, variance } in post.mean / post.variance
 */
export class GpPosterior {
  /** Mean and variance of the last {@link predict} / {@link predictWithGradient}. */
  mean = 0;
  variance = 0;
  private readonly kStar: Float64Array;
  private readonly v: Float64Array;
  /** σ²·∂m/∂r² of each training point at the last predicted point. */
  private readonly dmStar: Float64Array;
  /** Indices of the numeric coordinates (the gradient's non-zero entries). */
  private readonly numeric: Int32Array;

  private constructor(
    readonly x: Float64Array,
    readonly n: number,
    readonly d: number,
    readonly cat: CategoricalMask,
    readonly w: Float64Array,
    readonly signal: number,
    private readonly l: Float64Array,
    private readonly alpha: Float64Array,
  ) {
    this.kStar = new Float64Array(n);
    this.v = new Float64Array(n);
    this.dmStar = new Float64Array(n);
    this.numeric = Int32Array.from(Array.from(cat).flatMap((c, k) => (c === 1 ? [] : [k])));
  }

  /** The posterior for `data` under θ, or null when K cannot be factored even with jitter. */
  static build(data: GpData, theta: Float64Array): GpPosterior | null {
    const { n, d, x, cat, y } = data;
    const w = new Float64Array(d);
    for (let k = 0; k < d; k++) w[k] = Math.exp(-2 * (theta[k] as number));
    const signal = Math.exp(theta[d] as number);
    const noise = Math.exp(theta[d + 1] as number);
    const l = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      l[i * n + i] = signal + noise;
      for (let j = 0; j < i; j++) {
        const v = signal * matern52Value(scaledDistance(x, i, x, j * d, w, cat));
        l[i * n + j] = v;
        l[j * n + i] = v;
      }
    }
    if (!choleskyInPlace(l, n).ok) return null;
    const alpha = Float64Array.from(y);
    choleskySolveInPlace(l, n, alpha);
    return new GpPosterior(x, n, d, cat, w, signal, l, alpha);
  }

  /** Replaces `b` (length n) with L⁻¹b, L the Cholesky factor of the training covariance. */
  solveLower(b: Float64Array): void {
    solveLowerInPlace(this.l, this.n, b);
  }

  /** Mean and variance at `p` (d coordinates from `offset`) into {@link mean} and {@link variance}. */
  predict(p: Float64Array, offset = 0): void {
    const { n, x, w, cat, signal, kStar, v, dmStar, alpha } = this;
    let mean = 0;
    for (let i = 0; i < n; i++) {
      const r2 = scaledDistance(x, i, p, offset, w, cat);
      const r = Math.sqrt(r2);
      const e = expNonPositive(-SQRT5 * r);
      // k and ∂k/∂r² (kept for predictWithGradient), as in `matern52`.
      const k = signal * (1 + SQRT5 * r + (5 / 3) * r2) * e;
      dmStar[i] = signal * (-5 / 6) * (1 + SQRT5 * r) * e;
      kStar[i] = k;
      mean += (alpha[i] as number) * k;
    }
    v.set(kStar);
    solveLowerInPlace(this.l, n, v);
    let e0 = 0;
    let e1 = 0;
    let i = 0;
    for (; i + 1 < n; i += 2) {
      e0 += (v[i] as number) * (v[i] as number);
      e1 += (v[i + 1] as number) * (v[i + 1] as number);
    }
    if (i < n) e0 += (v[i] as number) * (v[i] as number);
    this.mean = mean;
    this.variance = Math.max(signal - (e0 + e1), MIN_VARIANCE * signal);
  }

  /**
   * {@link predict} plus ∂mean/∂p and ∂variance/∂p for the numeric coordinates (0 for categoricals),
   * written into `gradMean` and `gradVariance` (length d). The variance gradient is 0 where the floor binds.
   */
  predictWithGradient(p: Float64Array, gradMean: Float64Array, gradVariance: Float64Array): void {
    const { n, d, x, w, signal, v, dmStar, numeric, alpha } = this;
    gradMean.fill(0);
    gradVariance.fill(0);
    this.predict(p);
    const floored = this.variance <= MIN_VARIANCE * signal;
    // u = K⁻¹k*, reusing v = L⁻¹k*.
    solveUpperTransposedInPlace(this.l, n, v);
    for (let i = 0; i < n; i++) {
      const a = alpha[i] as number;
      const u = floored ? 0 : (v[i] as number);
      // ∂k_i/∂p_k = σ²·m'(r²)·2·w_k·(p_k − x_ik).
      const c = 2 * (dmStar[i] as number);
      const row = i * d;
      for (let j = 0; j < numeric.length; j++) {
        const k = numeric[j] as number;
        const dk = c * (w[k] as number) * ((p[k] as number) - (x[row + k] as number));
        gradMean[k] = (gradMean[k] as number) + a * dk;
        gradVariance[k] = (gradVariance[k] as number) - 2 * u * dk;
      }
    }
  }
}
