/**
 * Kernel widths of the Parzen estimator's numeric components (Optuna's rules, which follow Bergstra et
 * al. 2011 and, for the joint estimator, the Scott-like rule of BOHB, Falkner et al. 2018).
 */

/** Smallest width when the magic clip is off, so no kernel degenerates. */
const MIN_SIGMA = 1e-12;
/** The joint estimator's width: this fraction of the range, shrinking like n^(−1/(d+4)). */
const SIGMA0_MAGNITUDE = 0.2;

/** What the width rules need to know about one numeric parameter (model space). */
export interface BandwidthDomain {
  readonly low: number;
  readonly high: number;
  /** Grid spacing, 0 for continuous. */
  readonly step: number;
}

/**
 * The bounds every numeric kernel width is clipped to: at most the range; with the "magic clip" at
 * least range / min(100, n + 2), so early kernels stay wide and later ones cannot collapse onto a point.
 * @example
 * sigmaBounds({ low: 0, high: 1, step: 0 }, 8, true); // { min: 0.1, max: 1 }
 */
export function sigmaBounds(
  d: BandwidthDomain,
  n: number,
  magicClip: boolean,
): { readonly min: number; readonly max: number } {
  const range = d.high - d.low + d.step;
  return { min: magicClip ? range / Math.min(100, n + 2) : MIN_SIGMA, max: range };
}

/** From this many observations on, the joint width's n moves in steps of 2^(1/8) (see {@link jointSigma}). */
export const QUANTIZE_FROM = 256;

/**
 * The n the joint width uses: n itself below {@link QUANTIZE_FROM}, else n rounded down to a power of
 * 2^(1/8). The width then changes only every ~9% of growth in n (by under 1%, as n^(−1/(dims+4))), so
 * the truncation masses of the observations' kernels stay valid across trials and can be cached.
 * @example
 * jointCount(1000); // 2^(79/8) ≈ 939.1
 */
export function jointCount(n: number): number {
  if (n < QUANTIZE_FROM) return Math.max(n, 1);
  return 2 ** (Math.floor(8 * Math.log2(n)) / 8);
}

/**
 * The joint (multivariate) estimator's width for one parameter: 0.2·n^(−1/(dims+4))·range (n as
 * {@link jointCount} gives it), the same for every component, then clipped by {@link sigmaBounds}.
 * @example
 * jointSigma({ low: 0, high: 1, step: 0 }, 100, 2, true); // 0.2 · 100^(−1/6) ≈ 0.0928
 */
export function jointSigma(d: BandwidthDomain, n: number, dims: number, magicClip: boolean): number {
  const range = d.high - d.low + d.step;
  const sigma = SIGMA0_MAGNITUDE * jointCount(n) ** (-1 / (dims + 4)) * range;
  const { min, max } = sigmaBounds(d, n, magicClip);
  return Math.min(max, Math.max(min, sigma));
}

/**
 * Per-observation widths of the univariate estimator: each observation's distance to its farther
 * neighbour among the sorted observations, the domain's ends acting as neighbours of the outermost
 * points (unless `considerEndpoints` is false and there are at least two observations, when the
 * outermost points take the distance to their one inner neighbour), then clipped by {@link sigmaBounds}.
 * The prior's centre is not a neighbour: Optuna dropped that hyperopt legacy (PR #6574, in the v4.9 we
 * compare with): a fixed point at the centre of the range says nothing about how densely observations lie.
 *
 * Equal observations occupy consecutive sorted places in trial order: the first takes the gap to the
 * next smaller value, the last the gap to the next larger one, and the ones between a zero gap (so the
 * minimum width), as a stable sort would give. `position[j]` receives observation j's sorted place,
 * which lets the caller merge identical kernels.
 *
 * O(n log n): one native sort of the values and a binary search per observation.
 */
export function neighbourSigmas(
  mu: Float64Array,
  d: BandwidthDomain,
  considerEndpoints: boolean,
  magicClip: boolean,
  sigma: Float64Array,
  position: Int32Array,
): void {
  const n = mu.length;
  const sorted = Float64Array.from(mu).sort();
  const lowEnd = d.low - d.step / 2;
  const highEnd = d.high + d.step / 2;
  const { min, max } = sigmaBounds(d, n, magicClip);
  const taken = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    const v = mu[j] as number;
    const first = lowerBound(sorted, v);
    const i = first + (taken[first] as number);
    taken[first] = (taken[first] as number) + 1;
    const left = (sorted[i] as number) - (i > 0 ? (sorted[i - 1] as number) : lowEnd);
    const right = (i < n - 1 ? (sorted[i + 1] as number) : highEnd) - (sorted[i] as number);
    let s = Math.max(left, right);
    if (!considerEndpoints && n >= 2) {
      if (i === 0) s = right;
      else if (i === n - 1) s = left;
    }
    sigma[j] = Math.min(max, Math.max(min, s));
    position[j] = i;
  }
}

/** The first index whose value is ≥ v in an ascending array. */
function lowerBound(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
