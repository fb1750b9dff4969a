/**
 * How many of n finished trials form the "below" (good) group, and how much each observation weighs.
 * These are Optuna's defaults (Bergstra et al. 2011; 2013 for the weights), named so that a sampler's
 * `toJSON()` can record them.
 */

/** A gamma: the number of "below" trials for `n` finished trials (clamped to [0, n] by the caller). */
export type GammaFunction = (n: number) => number;

/** Observation weights for `n` observations in trial order (oldest first); non-negative, finite. */
export type WeightsFunction = (n: number) => ArrayLike<number>;

/** The named gammas, as recorded in `toJSON()`. */
export const GAMMAS = ["default", "hyperopt"] as const;
/** One of {@link GAMMAS}. */
export type GammaName = (typeof GAMMAS)[number];

/** The named weight rules, as recorded in `toJSON()`. */
export const WEIGHTS = ["default", "uniform"] as const;
/** One of {@link WEIGHTS}. */
export type WeightsName = (typeof WEIGHTS)[number];

/**
 * Optuna's default gamma: the best 10% of finished trials, at most 25.
 * @example
 * defaultGamma(100); // 10
 */
export function defaultGamma(n: number): number {
  return Math.min(Math.ceil(0.1 * n), 25);
}

/**
 * Hyperopt's gamma: ⌈¼·√n⌉, at most 25.
 * @example
 * hyperoptGamma(100); // 3
 */
export function hyperoptGamma(n: number): number {
  return Math.min(Math.ceil(0.25 * Math.sqrt(n)), 25);
}

/**
 * Optuna's default weights: the newest 25 observations weigh 1; older ones ramp linearly from 1/n (the
 * oldest) up to 1, so the density forgets early, exploratory trials. Fewer than 25: all 1.
 * @example
 * defaultWeights(27); // [1/27, 1, 1, ..., 1]
 */
export function defaultWeights(n: number): Float64Array {
  const w = new Float64Array(n).fill(1);
  const ramp = n - 25;
  if (ramp <= 0) return w;
  // As numpy.linspace(1/n, 1, ramp): evenly spaced, both ends included.
  const first = 1 / n;
  if (ramp === 1) w[0] = first;
  else for (let i = 0; i < ramp; i++) w[i] = first + ((1 - first) * i) / (ramp - 1);
  return w;
}

/**
 * Every observation weighs 1.
 * @example
 * uniformWeights(3); // [1, 1, 1]
 */
export function uniformWeights(n: number): Float64Array {
  return new Float64Array(n).fill(1);
}

/** The gamma function of a name. */
export function gammaByName(name: GammaName): GammaFunction {
  return name === "hyperopt" ? hyperoptGamma : defaultGamma;
}

/** The weights function of a name. */
export function weightsByName(name: WeightsName): WeightsFunction {
  return name === "uniform" ? uniformWeights : defaultWeights;
}
