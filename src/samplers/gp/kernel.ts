/**
 * The GP's covariance: a Matérn 5/2 kernel with one lengthscale per dimension (ARD) and a signal
 * variance, k(x, x') = σ²·m(r), m(r) = (1 + √5·r + 5r²/3)·exp(−√5·r), where
 * r² = Σ_d (x_d − x'_d)²/ℓ_d² over numeric dimensions plus Σ_c [x_c ≠ x'_c]/ℓ_c² over categorical ones.
 * The categorical term is a Hamming (overlap) distance: two configurations are as far apart as the
 * number of categoricals they differ in, each weighted by its own lengthscale, and the order of the
 * choices plays no part (unlike a one-hot or index encoding).
 */

import { expNonPositive } from "../../math/fast-exp.js";

const SQRT5 = Math.sqrt(5);

/** Which dimensions are categorical (1) or numeric (0). */
export type CategoricalMask = Uint8Array;

/** m(r) from r². */
export function matern52Value(r2: number): number {
  const r = Math.sqrt(r2);
  return (1 + SQRT5 * r + (5 / 3) * r2) * expNonPositive(-SQRT5 * r);
}

/**
 * The scaled squared distance r² between row i of `x` (n × d, row-major) and the point `p` (length d,
 * read from `p` at `offset`), with inverse squared lengthscales `w`.
 */
export function scaledDistance(
  x: Float64Array,
  i: number,
  p: Float64Array,
  offset: number,
  w: Float64Array,
  cat: CategoricalMask,
): number {
  const d = w.length;
  const ri = i * d;
  let r2 = 0;
  for (let k = 0; k < d; k++) {
    const a = x[ri + k] as number;
    const b = p[offset + k] as number;
    if (cat[k] === 1) {
      if (a !== b) r2 += w[k] as number;
    } else {
      const diff = a - b;
      r2 += (w[k] as number) * diff * diff;
    }
  }
  return r2;
}
