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

/**
 * m(r) from r², and the derivative of m with respect to r² (−5/6·(1 + √5 r)·e^{−√5 r}, finite at 0),
 * written to `out` as [m, dm/dr²].
 */
export function matern52(r2: number, out: Float64Array): void {
  const r = Math.sqrt(r2);
  const e = expNonPositive(-SQRT5 * r);
  out[0] = (1 + SQRT5 * r + (5 / 3) * r2) * e;
  out[1] = (-5 / 6) * (1 + SQRT5 * r) * e;
}

/** m(r) from r² alone. */
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

/**
 * The n × n kernel matrix σ²·m(r_ij) of the rows of `x` (row-major, full symmetric), plus `diagonal` on
 * the diagonal (the noise variance).
 */
export function gram(
  x: Float64Array,
  n: number,
  w: Float64Array,
  cat: CategoricalMask,
  signal: number,
  diagonal: number,
  out: Float64Array,
): Float64Array {
  for (let i = 0; i < n; i++) {
    out[i * n + i] = signal + diagonal;
    for (let j = 0; j < i; j++) {
      const v = signal * matern52Value(scaledDistance(x, i, x, j * w.length, w, cat));
      out[i * n + j] = v;
      out[j * n + i] = v;
    }
  }
  return out;
}
