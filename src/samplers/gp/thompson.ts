import { choleskyInPlace } from "../../math/cholesky.js";
import type { Rng } from "../../math/rng.js";
import type { ConstraintModel } from "./acquisition-surface.js";
import type { GpPosterior } from "./gp-posterior.js";
import { matern52Value, scaledDistance } from "./kernel.js";

/**
 * One draw of the GP's latent function jointly at `count` points (row-major GP coordinates): mean plus
 * the Cholesky factor of the posterior covariance times standard normals from `rng`. The covariance
 * Σ = K** − VᵀV (V = L⁻¹K*ᵀ) costs O(count²·n + count³/6); when it cannot be factored even with jitter
 * the points are drawn independently from their marginals.
 * @example
 * const f = jointSample(posterior, points, 512, rng);
 */
export function jointSample(post: GpPosterior, points: Float64Array, count: number, rng: Rng): Float64Array {
  const { n, d, w, cat, signal } = post;
  const means = new Float64Array(count);
  const v = new Float64Array(count * n);
  for (let c = 0; c < count; c++) {
    post.predict(points, c * d);
    means[c] = post.mean;
    const row = v.subarray(c * n, (c + 1) * n);
    for (let i = 0; i < n; i++)
      row[i] = signal * matern52Value(scaledDistance(post.x, i, points, c * d, w, cat));
    post.solveLower(row);
  }
  const sigma = new Float64Array(count * count);
  for (let a = 0; a < count; a++) {
    const ra = a * n;
    for (let b = 0; b <= a; b++) {
      const rb = b * n;
      let s = signal * matern52Value(scaledDistance(points, a, points, b * d, w, cat));
      for (let i = 0; i < n; i++) s -= (v[ra + i] as number) * (v[rb + i] as number);
      sigma[a * count + b] = s;
      sigma[b * count + a] = s;
    }
  }
  const z = Float64Array.from({ length: count }, () => rng.normal());
  const out = new Float64Array(count);
  if (choleskyInPlace(sigma, count, { initialJitter: 1e-8, maxJitter: 1e-1 }).ok) {
    for (let a = 0; a < count; a++) {
      let s = means[a] as number;
      for (let b = 0; b <= a; b++) s += (sigma[a * count + b] as number) * (z[b] as number);
      out[a] = s;
    }
  } else {
    for (let a = 0; a < count; a++) {
      post.predict(points, a * d);
      out[a] = post.mean + Math.sqrt(post.variance) * (z[a] as number);
    }
  }
  return out;
}

/**
 * Thompson sampling over a bounded candidate set: draws the objective (and each constraint) jointly at
 * the candidates and returns the index of the best draw among those whose drawn constraints all hold,
 * or, when none do, of the one with the smallest drawn total violation.
 * @example
 * const best = thompsonChoice(objective, constraints, points, count, rng);
 */
export function thompsonChoice(
  objective: GpPosterior,
  constraints: readonly ConstraintModel[],
  points: Float64Array,
  count: number,
  rng: Rng,
): number {
  const f = jointSample(objective, points, count, rng);
  const violation = new Float64Array(count);
  for (const c of constraints) {
    const g = jointSample(c.posterior, points, count, rng);
    for (let i = 0; i < count; i++)
      violation[i] = (violation[i] as number) + Math.max(0, (g[i] as number) - c.threshold);
  }
  let best = 0;
  for (let i = 1; i < count; i++) {
    const vi = violation[i] as number;
    const vb = violation[best] as number;
    if (vi < vb || (vi === vb && (f[i] as number) > (f[best] as number))) best = i;
  }
  return best;
}
