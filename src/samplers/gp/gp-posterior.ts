import {
  choleskyInPlace,
  choleskySolveInPlace,
  solveLowerInPlace,
  solveLowerRows,
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
  private readonly sums = new Float64Array(2);
  private readonly allNumeric: boolean;
  /** Scaled squared distances of the point being predicted to the training points. */
  private readonly r2s: Float64Array;
  /** The point of the last {@link predict}, while kStar, v and dmStar still hold its numbers. */
  private readonly last: Float64Array;
  private lastValid = false;
  private readonly boundV: Float64Array;

  private constructor(
    readonly x: Float64Array,
    readonly n: number,
    readonly d: number,
    readonly cat: CategoricalMask,
    readonly w: Float64Array,
    readonly signal: number,
    private readonly l: Float64Array,
    private readonly alpha: Float64Array,
    /** The training points of {@link varianceBound} and the Cholesky factor of their covariance. */
    private readonly boundRows: Int32Array,
    private readonly boundFactor: Float64Array | null,
  ) {
    this.boundV = new Float64Array(boundRows.length);
    this.allNumeric = cat.every((c) => c === 0);
    this.last = new Float64Array(d);
    this.r2s = new Float64Array(n);
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
    const factored = choleskyInPlace(l, n);
    if (!factored.ok) return null;
    const alpha = Float64Array.from(y);
    choleskySolveInPlace(l, n, alpha);
    const rows = boundRows(y);
    const m = rows.length;
    // The same covariance (jitter included) restricted to the best points, for varianceBound.
    const sub = new Float64Array(m * m);
    for (let a = 0; a < m; a++) {
      sub[a * m + a] = signal + noise + factored.jitter;
      for (let b = 0; b < a; b++) {
        sub[a * m + b] =
          signal * matern52Value(scaledDistance(x, rows[a] as number, x, (rows[b] as number) * d, w, cat));
      }
    }
    const boundFactor = choleskyInPlace(sub, m, { maxJitter: 0 }).ok ? sub : null;
    return new GpPosterior(x, n, d, cat, w, signal, l, alpha, rows, boundFactor);
  }

  /** Replaces `b` (length n) with L⁻¹b, L the Cholesky factor of the training covariance. */
  solveLower(b: Float64Array): void {
    solveLowerInPlace(this.l, this.n, b);
  }

  /** Mean and variance at `p` (d coordinates from `offset`) into {@link mean} and {@link variance}. */
  predict(p: Float64Array, offset = 0): void {
    const { n, d, v, last } = this;
    this.mean = this.kernelRow(p, offset, this.kStar, true);
    for (let k = 0; k < d; k++) last[k] = p[offset + k] as number;
    this.lastValid = true;
    v.set(this.kStar);
    solveLowerInPlace(this.l, n, v);
    const sums = this.sums;
    sums[0] = 0;
    sums[1] = 0;
    this.addSquares(v, 0, n, sums);
    this.variance = this.varianceOf(sums);
  }

  /**
   * The posterior mean at `p` (exactly as {@link predict} computes it), with k* (the prior covariances
   * with the n training points) written to `kStar`; the variance then
   * follows from {@link solveRows}, {@link addSquares} and {@link varianceOf}, which a caller may stop
   * early once {@link varianceBound} or a partial sum settles what it needs.
   */
  meanAt(p: Float64Array, offset: number, kStar: Float64Array): number {
    return this.kernelRow(p, offset, kStar, false);
  }

  /** Rows `from` to `to − 1` of v = L⁻¹k* in place in `v` (rows before `from` already solved). */
  solveRows(v: Float64Array, from: number, to: number): void {
    solveLowerRows(this.l, this.n, v, from, to);
  }

  /**
   * Adds v_i² for i in [from, to) into `sums` ([even i, odd i] partial sums, in the order of one whole
   * pass, so that pieces give exactly {@link predict}'s numbers). `from` must be even.
   */
  addSquares(v: Float64Array, from: number, to: number, sums: Float64Array): void {
    let e0 = sums[0] as number;
    let e1 = sums[1] as number;
    let i = from;
    for (; i + 1 < to; i += 2) {
      e0 += (v[i] as number) * (v[i] as number);
      e1 += (v[i + 1] as number) * (v[i + 1] as number);
    }
    if (i < to) e0 += (v[i] as number) * (v[i] as number);
    sums[0] = e0;
    sums[1] = e1;
  }

  /**
   * σ² − ‖v‖² from the partial sums of {@link addSquares}, floored: the variance once every row is in,
   * and before that an upper bound on it (adding a square never lowers a rounded sum).
   */
  varianceOf(sums: Float64Array): number {
    const signal = this.signal;
    return Math.max(signal - ((sums[0] as number) + (sums[1] as number)), MIN_VARIANCE * signal);
  }

  /**
   * An upper bound on the posterior variance at a point with prior covariances `kStar` (from
   * {@link meanAt}): the variance given only the training points with the largest outputs (conditioning
   * on more points only lowers it), where a candidate of the acquisition that is worth its full variance
   * is likely to lie. Costs O(m²) for m ≤ 32 such points; a slack of 1e-6·σ² covers the rounding of
   * both computations.
   */
  varianceBound(kStar: Float64Array): number {
    const { signal, boundRows, boundFactor, boundV } = this;
    if (boundFactor === null) return signal;
    const m = boundRows.length;
    for (let a = 0; a < m; a++) boundV[a] = kStar[boundRows[a] as number] as number;
    solveLowerInPlace(boundFactor, m, boundV);
    let s = 0;
    for (let a = 0; a < m; a++) s += (boundV[a] as number) * (boundV[a] as number);
    return Math.min(signal, Math.max(signal - s + 1e-6 * signal, MIN_VARIANCE * signal));
  }

  /** Whether the last {@link predict} was at `p` (its buffers then still hold k*, v and the kernel derivatives). */
  private isLast(p: Float64Array): boolean {
    if (!this.lastValid) return false;
    for (let k = 0; k < this.d; k++) if (p[k] !== this.last[k]) return false;
    return true;
  }

  /** k* into `kStar` (and σ²·∂m/∂r² into dmStar when `derivative`), returning the mean αᵀk*. */
  private kernelRow(p: Float64Array, offset: number, kStar: Float64Array, derivative: boolean): number {
    const { n, x, w, cat, signal, dmStar, alpha, r2s } = this;
    const from = this.allNumeric ? this.numericDistances(p, offset) : 0;
    for (let i = from; i < n; i++) r2s[i] = scaledDistance(x, i, p, offset, w, cat);
    let mean = 0;
    for (let i = 0; i < n; i++) {
      const r2 = r2s[i] as number;
      const r = Math.sqrt(r2);
      const e = expNonPositive(-SQRT5 * r);
      // k and ∂k/∂r² (kept for predictWithGradient).
      const k = signal * (1 + SQRT5 * r + (5 / 3) * r2) * e;
      if (derivative) dmStar[i] = signal * (-5 / 6) * (1 + SQRT5 * r) * e;
      kStar[i] = k;
      mean += (alpha[i] as number) * k;
    }
    return mean;
  }

  /**
   * r² to the training points into r2s, four rows at a time, when every coordinate is numeric: each
   * row's sum is `scaledDistance`'s in the same order, but four independent sums hide the add latency
   * that bounds one. Returns the number of rows done (a multiple of 4; the caller finishes the rest).
   */
  private numericDistances(p: Float64Array, offset: number): number {
    const { n, d, x, w, r2s } = this;
    let i = 0;
    for (; i + 3 < n; i += 4) {
      const r0 = i * d;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let k = 0; k < d; k++) {
        const pk = p[offset + k] as number;
        const wk = w[k] as number;
        const d0 = (x[r0 + k] as number) - pk;
        const d1 = (x[r0 + d + k] as number) - pk;
        const d2 = (x[r0 + 2 * d + k] as number) - pk;
        const d3 = (x[r0 + 3 * d + k] as number) - pk;
        s0 += wk * d0 * d0;
        s1 += wk * d1 * d1;
        s2 += wk * d2 * d2;
        s3 += wk * d3 * d3;
      }
      r2s[i] = s0;
      r2s[i + 1] = s1;
      r2s[i + 2] = s2;
      r2s[i + 3] = s3;
    }
    return i;
  }

  /**
   * {@link predict} plus ∂mean/∂p and ∂variance/∂p for the numeric coordinates (0 for categoricals),
   * written into `gradMean` and `gradVariance` (length d). The variance gradient is 0 where the floor binds.
   * Right after a {@link predict} at the same point it reuses that prediction (a line search evaluates
   * the value first and the gradient only where it accepts).
   */
  predictWithGradient(p: Float64Array, gradMean: Float64Array, gradVariance: Float64Array): void {
    const { n, d, x, w, signal, v, dmStar, numeric, alpha } = this;
    gradMean.fill(0);
    gradVariance.fill(0);
    if (!this.isLast(p)) this.predict(p);
    const floored = this.variance <= MIN_VARIANCE * signal;
    // u = K⁻¹k*, reusing v = L⁻¹k* (which no longer holds it).
    solveUpperTransposedInPlace(this.l, n, v);
    this.lastValid = false;
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

/** Training points behind {@link GpPosterior.varianceBound}. */
const BOUND_POINTS = 16;

/** The indices of the (at most {@link BOUND_POINTS}) largest outputs, ties by index. */
function boundRows(y: Float64Array): Int32Array {
  const order = Array.from(y.keys()).sort((a, b) => (y[b] as number) - (y[a] as number) || a - b);
  return Int32Array.from(order.slice(0, BOUND_POINTS));
}
