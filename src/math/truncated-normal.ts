import { inverseLogNormalCdf, logGaussMass, logNormalCdf, logNormalPdf } from "./normal-cdf.js";
import type { Rng } from "./rng.js";

/**
 * The standard normal truncated to [a, b] (a < b, either may be infinite), scaled by `scale` and shifted
 * by `loc` as in scipy.stats.truncnorm: X = loc + scale·Z with Z ~ N(0, 1) conditioned on a ≤ Z ≤ b.
 * Every function works in log space where it matters, so intervals deep in a tail (a = 40, b = 41,
 * whose mass underflows a double) keep full accuracy.
 */
export interface TruncatedNormal {
  /** Lower bound in standard units. */
  readonly a: number;
  /** Upper bound in standard units. */
  readonly b: number;
  readonly loc?: number;
  readonly scale?: number;
}

/**
 * log of the truncated normal's density at x; −Infinity outside [loc + a·scale, loc + b·scale].
 * @example
 * truncatedNormalLogPdf(0.5, { a: 0, b: 1 }); // log(φ(0.5) / (Φ(1) − Φ(0)))
 */
export function truncatedNormalLogPdf(x: number, d: TruncatedNormal): number {
  const loc = d.loc ?? 0;
  const scale = d.scale ?? 1;
  const z = (x - loc) / scale;
  if (z < d.a || z > d.b) return Number.NEGATIVE_INFINITY;
  return logNormalPdf(z) - logGaussMass(d.a, d.b) - Math.log(scale);
}

/**
 * log P(X ≤ x): accurate where the CDF is tiny (x near the lower bound, or an interval in the left tail).
 * @example
 * truncatedNormalLogCdf(-39.9, { a: -40, b: -39 });
 */
export function truncatedNormalLogCdf(x: number, d: TruncatedNormal): number {
  const z = (x - (d.loc ?? 0)) / (d.scale ?? 1);
  if (z <= d.a) return Number.NEGATIVE_INFINITY;
  if (z >= d.b) return 0;
  return logGaussMass(d.a, z) - logGaussMass(d.a, d.b);
}

/**
 * P(X ≤ x).
 * @example
 * truncatedNormalCdf(0, { a: -1, b: 1 }); // 0.5
 */
export function truncatedNormalCdf(x: number, d: TruncatedNormal): number {
  return Math.exp(truncatedNormalLogCdf(x, d));
}

/**
 * The quantile function: the x with P(X ≤ x) = q, for q in [0, 1]. Inverts log Φ on the side of 0 where
 * the quantile lies, so it stays accurate for intervals far out in a tail and for extreme q.
 * @example
 * truncatedNormalPpf(0.5, { a: -1, b: 1 }); // 0
 */
export function truncatedNormalPpf(q: number, d: TruncatedNormal): number {
  const loc = d.loc ?? 0;
  const scale = d.scale ?? 1;
  return loc + scale * standardPpf(q, d.a, d.b);
}

/** The quantile of the standard normal truncated to [a, b]. */
export function standardPpf(q: number, a: number, b: number): number {
  if (Number.isNaN(q) || q < 0 || q > 1 || !(a < b)) return Number.NaN;
  if (q === 0) return a;
  if (q === 1) return b;
  const logMass = logGaussMass(a, b);
  // Invert on the side of 0 where the quantile lies, where Φ (or 1 − Φ) is small and keeps its digits.
  const left = logAdd(logNormalCdf(a), Math.log(q) + logMass); // log Φ(z) = log(Φ(a) + q·mass)
  let z: number;
  if (left <= -Math.LN2) {
    z = inverseLogNormalCdf(left);
  } else {
    // By symmetry: log Φ(−z) = log(Φ(−b) + (1 − q)·mass).
    z = -inverseLogNormalCdf(Math.min(0, logAdd(logNormalCdf(-b), Math.log1p(-q) + logMass)));
  }
  return Math.min(b, Math.max(a, z));
}

/**
 * One draw. When [a, b] holds 0 and is at least 1 wide (mass ≥ Φ(1) − Φ(0) ≈ 0.34, as for every kernel
 * centred inside its range), by rejection from the normal: at most ~3 normal draws on average and no
 * quantile function. Otherwise (an interval in a tail) by inversion with one uniform.
 * @example
 * sampleTruncatedNormal(rng, { a: 2, b: Infinity }); // a draw from the upper tail beyond 2
 */
export function sampleTruncatedNormal(rng: Rng, d: TruncatedNormal): number {
  return (d.loc ?? 0) + (d.scale ?? 1) * sampleStandard(rng, d.a, d.b);
}

/** A draw of the standard normal truncated to [a, b] (see {@link sampleTruncatedNormal}). */
export function sampleStandard(rng: Rng, a: number, b: number): number {
  if (a <= 0 && b >= 0 && b - a >= 1) {
    for (;;) {
      const z = rng.normal();
      if (z >= a && z <= b) return z;
    }
  }
  return standardPpf(rng.random(), a, b);
}

/** log(eᵖ + e^q). */
function logAdd(p: number, q: number): number {
  const hi = Math.max(p, q);
  if (hi === Number.NEGATIVE_INFINITY) return hi;
  return hi + Math.log1p(Math.exp(Math.min(p, q) - hi));
}
