import {
  ERFCX_ASYMPTOTIC_FROM,
  ERFCX_ASYMPTOTIC_TERMS,
  ERFCX_K,
  erfcxPolynomial,
} from "./erfcx-chebyshev.js";

const INV_SQRT_PI = 0.5641895835477563;
const TWO_OVER_SQRT_PI = 1.1283791670955126;
/** Below this |x|, erf uses its Maclaurin series (which has no cancellation there). */
const ERF_SERIES_BELOW = 0.5;

/** erfcx on x ≥ 0: a polynomial in t = (x − K)/(x + K), or the asymptotic expansion for large x. */
function erfcxNonNegative(x: number): number {
  if (x >= ERFCX_ASYMPTOTIC_FROM) {
    if (x === Number.POSITIVE_INFINITY) return 0;
    const v = 1 / (2 * x * x);
    let acc = 1;
    for (let n = ERFCX_ASYMPTOTIC_TERMS - 1; n > 0; n--) acc = 1 - (2 * n - 1) * v * acc;
    return (acc * INV_SQRT_PI) / x;
  }
  return erfcxPolynomial((x - ERFCX_K) / (x + ERFCX_K));
}

/**
 * The scaled complementary error function erfcx(x) = exp(x²)·erfc(x), to about 1e-15 relative for
 * x ≥ 0 (finite for every x ≥ 0, ~1/(x√π) for large x). For x < 0 it is 2·exp(x²) − erfcx(−x), which
 * overflows below x ≈ −26.6.
 * @example
 * erfcx(30); // 0.018795888861416751 (erfc(30) itself underflows)
 */
export function erfcx(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x >= 0) return erfcxNonNegative(x);
  return 2 * Math.exp(x * x) - erfcxNonNegative(-x);
}

/**
 * The complementary error function erfc(x) = 1 − erf(x), with full relative accuracy in the right tail
 * (down to its underflow near x ≈ 26.5).
 * @example
 * erfc(10); // 2.088487583762545e-45
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x >= 0) return Math.exp(-x * x) * erfcxNonNegative(x);
  if (x > -ERF_SERIES_BELOW) return 1 - erfSeries(x);
  return 2 - Math.exp(-x * x) * erfcxNonNegative(-x);
}

/**
 * The error function, with full relative accuracy near 0 (a Maclaurin series) and elsewhere 1 − erfc.
 * @example
 * erf(1e-20); // 1.1283791670955126e-20
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (Math.abs(x) < ERF_SERIES_BELOW) return erfSeries(x);
  return x > 0 ? 1 - erfc(x) : erfc(-x) - 1;
}

/** erf(x) = 2/√π · Σ (−1)ⁿ x²ⁿ⁺¹ / (n!(2n+1)) for |x| < 0.5, where 18 terms reach double precision. */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 18; n++) {
    term *= -x2 / n;
    sum += term / (2 * n + 1);
  }
  return TWO_OVER_SQRT_PI * sum;
}
