/**
 * A monotone power transform of the losses before the GP sees them, with its exponent chosen by maximum
 * likelihood so the transformed values look as Gaussian as a power can make them (Box & Cox 1964;
 * Yeo & Johnson 2000; HEBO applies the same to its outputs, Cowen-Rivers et al. 2022). Losses that span
 * orders of magnitude — an MSE from 3e-5 to 0.5, Rosenbrock from 1 to 1e6 — otherwise leave the best
 * trials indistinguishable to a stationary GP on standardized values. Order is kept, so the best trial
 * stays the best.
 *
 * All losses > 0: Box-Cox of loss / (geometric mean) with λ ∈ [−2, 2]. Otherwise: Yeo-Johnson of the
 * standardized losses with λ ∈ [−2, 2].
 * @example
 * powerWarp(Float64Array.of(1e-4, 1e-3, 1e-2, 1e-1)).lambda; // ≈ 0 (a log)
 */
export function powerWarp(loss: Float64Array): {
  y: Float64Array;
  lambda: number;
  method: "box-cox" | "yeo-johnson";
  /** log |dy/dloss| summed over the observations. */
  logJacobian: number;
} {
  const n = loss.length;
  if (n < 3) return { y: loss.slice(), lambda: 1, method: "yeo-johnson", logJacobian: 0 };
  let positive = true;
  for (const v of loss) if (!(v > 0)) positive = false;
  if (positive) {
    let logMean = 0;
    for (const v of loss) logMean += Math.log(v) / n;
    const logs = Float64Array.from(loss, (v) => Math.log(v) - logMean);
    // Box-Cox of x = v / geometric mean: the Jacobian term Σ log x is 0 by construction.
    const transform = (lambda: number, out: Float64Array) => {
      for (let i = 0; i < n; i++) out[i] = boxCox(logs[i] as number, lambda);
    };
    const lambda = bestLambda(n, transform, () => 0);
    const y = new Float64Array(n);
    transform(lambda, y);
    // dy/dv = x^(λ−1) / g with x = v / g, and Σ log x = 0.
    return { y, lambda, method: "box-cox", logJacobian: -n * logMean };
  }
  let mean = 0;
  for (const v of loss) mean += v / n;
  let variance = 0;
  for (const v of loss) variance += (v - mean) ** 2 / n;
  const sd = variance > 1e-300 && Number.isFinite(variance) ? Math.sqrt(variance) : 1;
  const z = Float64Array.from(loss, (v) => (v - mean) / sd);
  let jacobianBase = 0;
  for (const v of z) jacobianBase += Math.sign(v) * Math.log1p(Math.abs(v));
  const transform = (lambda: number, out: Float64Array) => {
    for (let i = 0; i < n; i++) out[i] = yeoJohnson(z[i] as number, lambda);
  };
  const lambda = bestLambda(n, transform, (l) => (l - 1) * jacobianBase);
  const y = new Float64Array(n);
  transform(lambda, y);
  // dy/dv = (1 + |z|)^(±(λ − 1)) / sd.
  return { y, lambda, method: "yeo-johnson", logJacobian: (lambda - 1) * jacobianBase - n * Math.log(sd) };
}

/** Box-Cox of x = exp(logX). */
function boxCox(logX: number, lambda: number): number {
  return Math.abs(lambda) < 1e-8 ? logX : Math.expm1(lambda * logX) / lambda;
}

/** Yeo-Johnson of z. */
function yeoJohnson(z: number, lambda: number): number {
  if (z >= 0) {
    return Math.abs(lambda) < 1e-8 ? Math.log1p(z) : Math.expm1(lambda * Math.log1p(z)) / lambda;
  }
  const m = 2 - lambda;
  return Math.abs(m) < 1e-8 ? -Math.log1p(-z) : -Math.expm1(m * Math.log1p(-z)) / m;
}

const LAMBDA_LOW = -2;
const LAMBDA_HIGH = 2;

/**
 * The λ in [−2, 2] maximizing the profile log-likelihood −n/2 · log var(ψ_λ) + jacobian(λ): a grid of
 * 41 points, then golden-section search around the best (the likelihood is unimodal in practice, and
 * the grid guards against the rare case where it is not).
 */
function bestLambda(
  n: number,
  transform: (lambda: number, out: Float64Array) => void,
  jacobian: (lambda: number) => number,
): number {
  const buffer = new Float64Array(n);
  const score = (lambda: number) => {
    transform(lambda, buffer);
    let mean = 0;
    for (const v of buffer) mean += v / n;
    let variance = 0;
    for (const v of buffer) variance += (v - mean) ** 2 / n;
    if (!(variance > 0) || !Number.isFinite(variance)) return Number.NEGATIVE_INFINITY;
    return -0.5 * n * Math.log(variance) + jacobian(lambda);
  };
  const steps = 40;
  const width = (LAMBDA_HIGH - LAMBDA_LOW) / steps;
  let best = 1;
  let bestScore = score(1);
  for (let i = 0; i <= steps; i++) {
    const lambda = LAMBDA_LOW + i * width;
    const s = score(lambda);
    if (s > bestScore) {
      bestScore = s;
      best = lambda;
    }
  }
  let a = Math.max(LAMBDA_LOW, best - width);
  let b = Math.min(LAMBDA_HIGH, best + width);
  const phi = (Math.sqrt(5) - 1) / 2;
  let c = b - phi * (b - a);
  let d = a + phi * (b - a);
  let sc = score(c);
  let sd = score(d);
  for (let i = 0; i < 30; i++) {
    if (sc >= sd) {
      b = d;
      d = c;
      sd = sc;
      c = b - phi * (b - a);
      sc = score(c);
    } else {
      a = c;
      c = d;
      sc = sd;
      d = a + phi * (b - a);
      sd = score(d);
    }
  }
  const refined = (a + b) / 2;
  return score(refined) >= bestScore ? refined : best;
}
