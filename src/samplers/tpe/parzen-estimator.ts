import { expNonPositive } from "../../math/fast-exp.js";
import type { Rng } from "../../math/rng.js";
import { QUANTIZE_FROM } from "./bandwidth.js";
import {
  buildParts,
  componentBase,
  cumulativeWeights,
  discreteFirstPass,
  truncationLogMass,
} from "./estimator-parts.js";
import type { KernelSpace } from "./kernel-space.js";
import {
  addCategorical,
  addContinuous,
  discreteLogMass,
  discreteLogMassBound,
  type Kernels,
  type NumericKernels,
  sampleChoice,
  sampleNumeric,
} from "./kernels.js";
import { BLOCK, SharedWidthBlock } from "./shared-width-block.js";
import type { TruncationMassCache } from "./truncation-cache.js";

/** How the estimator is built (see {@link ParzenEstimator}). */
export interface ParzenOptions {
  /** Weight of the prior component (a wide kernel at the centre of every range, uniform over choices). */
  readonly priorWeight: number;
  /** Clip kernel widths from below by range / min(100, n + 2). */
  readonly considerMagicClip: boolean;
  /** Let the domain's ends widen the outermost kernels (univariate widths only). */
  readonly considerEndpoints: boolean;
  /** Joint widths (one per parameter, shrinking with n) rather than per-observation neighbour widths. */
  readonly multivariate: boolean;
}

/** Where a joint estimator may find its observations' truncation masses from earlier trials. */
export interface TruncationMemo {
  readonly cache: TruncationMassCache;
  /** A key per parameter naming it and its range. */
  readonly keys: readonly string[];
  /** The study row of each observation. */
  readonly rows: Int32Array;
  /** Rows in the study (so the cache can size itself). */
  readonly rowCount: number;
}

/**
 * A component whose log term lies this far below the largest adds less than e^−40 ≈ 4e-18 of the total
 * each, so log-sum-exp leaves it out (relative effect below 1e-13 even for 10,000 components).
 */
const LOG_SUM_CUTOFF = 40;
/** From this many observation components on, `bestRatio` prunes points before scoring them in full. */
const PRUNE_FROM = 256;
/** The newest observation components every point is first scored against (see `prunedBestRatio`). */
const HEAD = 128;
/** Older components are added to a point this many at a time. */
const CHUNK = 128;

/**
 * A Parzen estimator: a weighted mixture of product kernels, one component per observation plus a prior
 * component. Numeric kernels are normals truncated to the parameter's support (discretized on a grid);
 * a categorical kernel puts most of its mass on its own choice and spreads a prior share evenly over all
 * choices (Aitchison–Aitken-like): row ∝ priorWeight/(n+1) everywhere, plus 1 on the own choice.
 *
 * Observations and points are in model space (see `KernelSpace`). Built once per sampling call; `sample`
 * and `logPdf` allocate nothing. `logPdf` is exact up to the log-sum-exp cutoff: truncation masses are
 * computed once per component at build time; grid masses are memoised by offset where kernels share a
 * width, and elsewhere first bounded cheaply, then evaluated only for components that can matter.
 * @example
 * const pe = ParzenEstimator.build([{ kind: "numeric", low: 0, high: 1, step: 0 }], obs, n, weights, options);
 * pe.sample(rng, 24, candidates);
 * pe.logPdf(candidates, 24, out);
 */
export class ParzenEstimator {
  /** Number of mixture components (observations after merging identical ones, plus the prior). */
  readonly size: number;
  /** Normalised cumulative weights, built on the first `sample` (g(x) is only ever evaluated). */
  private cumWeight: Float64Array | null = null;
  /**
   * Per component: log weight − log(truncation mass) − Σ log(σ√2π) over the continuous parameters, i.e.
   * every term of its log density that does not depend on the point.
   */
  private readonly base: Float64Array;
  private readonly numeric: readonly NumericKernels[];
  /** Grid parameters whose pass-1 terms are bounds for some components (all but memoised ones). */
  private readonly boundedParams: Int32Array;
  /** The continuous shared-width parameters, evaluated a block of points at a time; null if none. */
  private readonly block: SharedWidthBlock | null;
  private readonly inBlock: Uint8Array;
  private point: Float64Array | null = null;
  private pointOffset = 0;

  private constructor(
    /** Number of parameters. */
    readonly dims: number,
    private readonly kernels: readonly Kernels[],
    private readonly logWeight: Float64Array,
    memo: TruncationMemo | null,
  ) {
    const m = logWeight.length;
    this.size = m;
    this.numeric = kernels.filter((k): k is NumericKernels => k.kind === "numeric");
    this.boundedParams = Int32Array.from(
      kernels.flatMap((k, p) => (k.kind === "numeric" && k.space.step > 0 ? [p] : [])),
    );
    this.base = componentBase(this.numeric, logWeight, truncationLogMass(kernels, m, memo));
    this.block = SharedWidthBlock.of(kernels, m, memo);
    this.inBlock = new Uint8Array(kernels.length);
    for (const p of this.block?.params ?? []) this.inBlock[p] = 1;
  }

  /**
   * Builds the estimator. `observations` is parameter-major (`observations[p * n + j]` is observation j of
   * parameter p, model space); `weights` (n, non-negative) weigh the observations before the prior's
   * weight is added and the whole is normalised. With n = 0 the prior is the only component.
   */
  static build(
    spaces: readonly KernelSpace[],
    observations: Float64Array,
    n: number,
    weights: ArrayLike<number>,
    options: ParzenOptions,
    memo: TruncationMemo | null = null,
  ): ParzenEstimator {
    const parts = buildParts(spaces, observations, n, weights, options);
    const cached = memo !== null && options.multivariate && n >= QUANTIZE_FROM ? memo : null;
    return new ParzenEstimator(spaces.length, parts.kernels, parts.logWeight, cached);
  }

  /**
   * Draws `count` points into `out` (point-major, `out[c * dims + p]`, model space). Numeric draws are
   * continuous; the caller rounds them to the parameter's grid.
   */
  sample(rng: Rng, count: number, out: Float64Array): void {
    const d = this.dims;
    for (let c = 0; c < count; c++) {
      const j = this.pickComponent(rng.random());
      for (let p = 0; p < d; p++) {
        const k = this.kernels[p] as Kernels;
        out[c * d + p] = k.kind === "numeric" ? sampleNumeric(k, j, rng) : sampleChoice(k, j, rng.random());
      }
    }
  }

  /** The log density (log mass for grid and categorical parameters) of each of `count` points. */
  logPdf(points: Float64Array, count: number, out: Float64Array): void {
    const m = this.size;
    const acc = scratch(BLOCK * m);
    this.point = points;
    for (let c0 = 0; c0 < count; c0 += BLOCK) {
      const nb = Math.min(BLOCK, count - c0);
      this.firstPass(points, c0, nb, acc);
      for (let b = 0; b < nb; b++) {
        const terms = acc.subarray(b * m, b * m + m);
        this.pointOffset = (c0 + b) * this.dims;
        out[c0 + b] = sumExp(terms, m, this.exactMax(terms, m));
      }
    }
    this.point = null;
  }

  /**
   * The point c maximising `logL[c] − log p(point c)` under this estimator (ties and all-NaN scores go
   * to the first): what comparing every `logPdf` gives, bit for bit, but the log-sum-exp runs only for
   * points that can still win. log p(x) ≥ the largest component term, so `logL[c]` minus that term
   * bounds point c's score from above; points are finished in order of that bound until it falls below
   * the best exact score.
   */
  bestRatio(points: Float64Array, count: number, logL: Float64Array): number {
    const m = this.size;
    if (m - 1 >= PRUNE_FROM && this.boundedParams.length === 0)
      return this.prunedBestRatio(points, count, logL);
    const acc = scratch(count * m);
    const bound = new Float64Array(count);
    const max = new Float64Array(count);
    this.point = points;
    for (let c0 = 0; c0 < count; c0 += BLOCK) {
      const nb = Math.min(BLOCK, count - c0);
      this.firstPass(points, c0, nb, acc.subarray(c0 * m));
      for (let c = c0; c < c0 + nb; c++) {
        this.pointOffset = c * this.dims;
        max[c] = this.exactMax(acc.subarray(c * m, c * m + m), m);
        bound[c] = (logL[c] as number) - (max[c] as number);
      }
    }
    this.point = null;
    // A NaN bound means a NaN score (see `sumExp`), which never wins, so such points drop out.
    const order = byBoundDescending(bound, count);
    let best = 0;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < order.length; i++) {
      const c = order[i] as number;
      if ((bound[c] as number) < bestScore) break;
      const score = (logL[c] as number) - sumExp(acc.subarray(c * m, c * m + m), m, max[c] as number);
      if (score > bestScore || (score === bestScore && c < best)) {
        bestScore = score;
        best = c;
      }
    }
    return best;
  }

  /**
   * {@link bestRatio} without scoring every point against every component. Any set of component terms
   * bounds log p(x) from below by its largest, so `logL[c]` minus the largest term seen so far bounds
   * point c's score from above. Every point starts with the newest {@link HEAD} components (which weigh
   * most and lie where the search went last, so they usually hold the largest term); then, best first,
   * the point with the highest bound either takes the next {@link CHUNK} older components (its bound can
   * only fall) or, once it has them all, its exact score, until the highest bound falls below the best
   * score. The winner is the full pass's, bit for bit: each term is the same double in whatever range
   * it is computed, the max and log-sum-exp of a scored point run over all its terms as there, and a
   * point left out has a bound, hence a score, below the best. Only for estimators whose pass-1 terms
   * are exact (no grid parameter, whose offset memo fills in evaluation order).
   */
  private prunedBestRatio(points: Float64Array, count: number, logL: Float64Array): number {
    const m = this.size;
    const acc = scratch(count * m);
    const head = m - 1 - HEAD;
    // Per point: the largest term so far, its bound, and the oldest component it has (0: all; −1: scored).
    const max = new Float64Array(count);
    const bound = new Float64Array(count);
    const from = new Int32Array(count);
    for (let c0 = 0; c0 < count; c0 += BLOCK) {
      const nb = Math.min(BLOCK, count - c0);
      this.firstPass(points, c0, nb, acc.subarray(c0 * m), head, m - 1);
      for (let c = c0; c < c0 + nb; c++) {
        max[c] = largest(acc, c * m + head, c * m + m - 1);
        bound[c] = (logL[c] as number) - (max[c] as number);
        // A NaN bound means a NaN score (see `sumExp`), which never wins, so such points drop out.
        from[c] = Number.isNaN(bound[c] as number) ? -1 : head;
      }
    }
    let best = 0;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (;;) {
      let c = -1;
      for (let i = 0; i < count; i++) {
        if ((from[i] as number) >= 0 && (c < 0 || (bound[i] as number) > (bound[c] as number))) c = i;
      }
      if (c < 0 || (bound[c] as number) < bestScore) break;
      const terms = acc.subarray(c * m, c * m + m);
      const start = from[c] as number;
      if (start > 0) {
        const next = Math.max(0, start - CHUNK);
        this.firstPass(points, c, 1, terms, next, start);
        let chunkMax = largest(terms, next, start);
        if (next === 0) {
          this.firstPass(points, c, 1, terms, m - 1, m);
          chunkMax = Math.max(chunkMax, largest(terms, m - 1, m));
        }
        // `largest` leaves NaN terms out, as the full pass's max does.
        max[c] = Math.max(max[c] as number, chunkMax);
        bound[c] = (logL[c] as number) - (max[c] as number);
        from[c] = next;
        continue;
      }
      from[c] = -1;
      const score = (logL[c] as number) - sumExp(terms, m, max[c] as number);
      if (score > bestScore || (score === bestScore && c < best)) {
        bestScore = score;
        best = c;
      }
    }
    return best;
  }

  /**
   * Pass 1 for points c0..c0+nb−1 and components from..to−1 into `acc` (`acc[b * size + j]`): every
   * term without special functions; grid masses by an upper bound (or their memo).
   */
  private firstPass(
    points: Float64Array,
    c0: number,
    nb: number,
    acc: Float64Array,
    from = 0,
    to = this.size,
  ): void {
    const d = this.dims;
    const m = this.size;
    const block = this.block;
    if (block !== null) block.evaluate(points, d, c0, nb, this.base, acc, m, from, to);
    for (let b = 0; b < nb; b++) {
      const c = c0 + b;
      const terms = acc.subarray(b * m, b * m + m);
      if (block === null) terms.set(this.base.subarray(from, to), from);
      for (let p = 0; p < d; p++) {
        if (this.inBlock[p] === 1) continue;
        const k = this.kernels[p] as Kernels;
        const x = points[c * d + p] as number;
        if (k.kind === "categorical") addCategorical(k, x, terms, from, to);
        else if (k.space.step === 0) addContinuous(k, x, terms, from, to);
        else for (let j = from; j < to; j++) terms[j] = (terms[j] as number) + discreteFirstPass(k, x, j, m);
      }
    }
  }

  /**
   * Makes the pass-1 terms of the current point exact and returns the largest. Pass 1 left an upper
   * bound in place of each grid mass it did not memoise; those components are made exact unless even
   * their bound lies more than the cutoff below the exact term of the pass-1 leader (a safe threshold,
   * as exact terms never exceed bounds), which drop out as −Infinity.
   */
  private exactMax(acc: Float64Array, m: number): number {
    if (this.boundedParams.length > 0) {
      let leader = 0;
      for (let j = 1; j < m; j++) if ((acc[j] as number) > (acc[leader] as number)) leader = j;
      const floor = this.exactTerm(leader, acc[leader] as number) - LOG_SUM_CUTOFF;
      for (let j = 0; j < m; j++) {
        const v = acc[j] as number;
        acc[j] = v > floor ? this.exactTerm(j, v) : Number.NEGATIVE_INFINITY;
      }
    }
    let max = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < m; j++) if ((acc[j] as number) > max) max = acc[j] as number;
    return max;
  }

  /** Component j's exact log term at the current point, from its pass-1 value. */
  private exactTerm(j: number, firstPass: number): number {
    let term = firstPass;
    const point = this.point as Float64Array;
    for (let i = 0; i < this.boundedParams.length; i++) {
      const p = this.boundedParams[i] as number;
      const k = this.kernels[p] as NumericKernels;
      if (k.offsetTable !== null && j < this.size - 1) continue; // pass 1 used the exact memo
      const x = point[this.pointOffset + p] as number;
      term += discreteLogMass(k, x, j) - discreteLogMassBound(k, x, j);
    }
    return term;
  }

  /** The component whose cumulative weight first exceeds u. */
  private pickComponent(u: number): number {
    this.cumWeight ??= cumulativeWeights(this.logWeight);
    const cum = this.cumWeight;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cum[mid] as number) > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/** log-sum-exp of exact component terms whose largest is `max`, leaving out those past the cutoff. */
function sumExp(acc: Float64Array, m: number, max: number): number {
  if (max === Number.NEGATIVE_INFINITY || Number.isNaN(max)) return max;
  const cut = max - LOG_SUM_CUTOFF;
  let sum = 0;
  for (let j = 0; j < m; j++) {
    const v = acc[j] as number;
    if (v > cut) sum += expNonPositive(v - max);
  }
  return max + Math.log(sum);
}

/** The largest of acc[from..to−1], NaN left out; −Infinity when there is none. */
function largest(acc: Float64Array, from: number, to: number): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let j = from; j < to; j++) if ((acc[j] as number) > max) max = acc[j] as number;
  return max;
}

/** Indices 0..count−1 with a non-NaN bound, by bound descending, ties by index (insertion sort). */
function byBoundDescending(bound: Float64Array, count: number): Int32Array {
  const order = new Int32Array(count);
  let size = 0;
  for (let c = 0; c < count; c++) {
    const v = bound[c] as number;
    if (Number.isNaN(v)) continue;
    let i = size++;
    while (i > 0 && (bound[order[i - 1] as number] as number) < v) {
      order[i] = order[i - 1] as number;
      i--;
    }
    order[i] = c;
  }
  return order.subarray(0, size);
}

let shared = new Float64Array(0);

/**
 * A work buffer of at least `size` entries, shared by all estimators: pass-1 terms live only within one
 * synchronous `logPdf` or `bestRatio` call, so one buffer serves every call and trial.
 */
function scratch(size: number): Float64Array {
  if (shared.length < size) shared = new Float64Array(Math.max(size, 2 * shared.length));
  return shared;
}
