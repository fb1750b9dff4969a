import { erfcx } from "../../math/erf.js";
import { logNormalCdf, logNormalPdf, normalCdf } from "../../math/normal-cdf.js";

/** The acquisition functions with a closed form and a gradient (see {@link acquisitionValue}). */
export const ANALYTIC_ACQUISITIONS = ["logei", "ei", "pi", "ucb"] as const;
/** One of {@link ANALYTIC_ACQUISITIONS}. */
export type AnalyticAcquisition = (typeof ANALYTIC_ACQUISITIONS)[number];
/** The acquisition functions `GPSampler` offers: the analytic ones and Thompson sampling (`"ts"`). */
export const GP_ACQUISITIONS = [...ANALYTIC_ACQUISITIONS, "ts"] as const;
/** One of {@link GP_ACQUISITIONS}. */
export type GpAcquisition = (typeof GP_ACQUISITIONS)[number];

const SQRT_HALF_PI = Math.sqrt(Math.PI / 2);
/** Below −this, log h(z) uses its asymptotic series (see {@link logH}). */
const ASYMPTOTIC_FROM = 30;

/**
 * log h(z) with h(z) = φ(z) + z·Φ(z), the expected improvement of a standard normal over z, accurate for
 * every z (Ament et al. 2023, "Unexpected improvements to expected improvement"): directly for z > −1;
 * as log φ(z) + log1p(z·Φ(z)/φ(z)) with the Mills ratio Φ(z)/φ(z) = √(π/2)·erfcx(−z/√2) down to z = −30;
 * below that from 1 + z·Φ(z)/φ(z) = z⁻² − 3z⁻⁴ + 15z⁻⁶ − 105z⁻⁸ + 945z⁻¹⁰ − …, so that log EI stays
 * finite, smooth and informative where EI itself underflows (z < −38).
 * @example
 * logH(-100); // ≈ −5008.3 (h(−100) underflows)
 */
export function logH(z: number): number {
  if (z > -1) return Math.log(Math.exp(logNormalPdf(z)) + z * normalCdf(z));
  if (z > -ASYMPTOTIC_FROM) return logNormalPdf(z) + Math.log1p(z * SQRT_HALF_PI * erfcx(-z * Math.SQRT1_2));
  const u = 1 / (z * z);
  const series = u * (1 + u * (-3 + u * (15 + u * (-105 + u * 945))));
  return logNormalPdf(z) + Math.log(series);
}

/** The value and the partial derivatives of an acquisition with respect to the posterior mean and sd. */
export interface AcquisitionPartials {
  value: number;
  dMean: number;
  dSd: number;
}

/**
 * One acquisition at a point with posterior mean `mean` and standard deviation `sd` (standardized
 * outputs, larger is better), against the best observed value `best`, into `out` with its partial
 * derivatives. With z = (mean − best)/sd:
 * - `logei`: log EI = log sd + log h(z) (see {@link logH});
 * - `ei`: EI = sd·h(z);
 * - `pi`: log PI = log Φ(z) (the log of the probability of improvement: the same maximizer, stable);
 * - `ucb`: mean + √beta·sd (for a minimized objective this is its lower confidence bound).
 * @example
 * const out = { value: 0, dMean: 0, dSd: 0 };
 * acquisitionValue("logei", 0.2, 0.5, 1, 2, out);
 */
export function acquisitionValue(
  kind: AnalyticAcquisition,
  mean: number,
  sd: number,
  best: number,
  beta: number,
  out: AcquisitionPartials,
): AcquisitionPartials {
  if (kind === "ucb") {
    const s = Math.sqrt(beta);
    out.value = mean + s * sd;
    out.dMean = 1;
    out.dSd = s;
    return out;
  }
  const z = (mean - best) / sd;
  if (kind === "ei") {
    const cdf = normalCdf(z);
    const pdf = Math.exp(logNormalPdf(z));
    out.value = sd * (pdf + z * cdf);
    out.dMean = cdf;
    out.dSd = pdf;
    return out;
  }
  if (kind === "pi") {
    const logCdf = logNormalCdf(z);
    const ratio = Math.exp(logNormalPdf(z) - logCdf);
    out.value = logCdf;
    out.dMean = ratio / sd;
    out.dSd = (-ratio * z) / sd;
    return out;
  }
  // d log h/dz = Φ(z)/h(z), in logs so neither over- nor underflows.
  const lh = logH(z);
  const ratio = Math.exp(logNormalCdf(z) - lh);
  out.value = Math.log(sd) + lh;
  out.dMean = ratio / sd;
  out.dSd = 1 / sd - (ratio * z) / sd;
  return out;
}

/**
 * log P(c ≤ threshold) for a constraint with posterior mean `mean` and sd `sd`, into `out` with its
 * partial derivatives (the log probability of feasibility that multiplies the acquisition).
 * @example
 * logFeasibility(-1, 0.5, 0, out); // log Φ(2)
 */
export function logFeasibility(
  mean: number,
  sd: number,
  threshold: number,
  out: AcquisitionPartials,
): AcquisitionPartials {
  const z = (threshold - mean) / sd;
  const logCdf = logNormalCdf(z);
  const ratio = Math.exp(logNormalPdf(z) - logCdf);
  out.value = logCdf;
  out.dMean = -ratio / sd;
  out.dSd = (-ratio * z) / sd;
  return out;
}
