import type { FloatDistribution, IntDistribution } from "../../search-space/distribution.js";

/** A parameter CMA-ES searches: a float or an int (categoricals go to the fallback sampler). */
export type NumericDistribution = FloatDistribution | IntDistribution;

/**
 * The interval of the search coordinate, before scaling to [0, 1]: the (log-)range, widened by half a
 * step on each side for stepped parameters so that every grid value owns an equal share of it (as
 * Optuna's search-space transform does) and the end values are not half as likely as the others.
 */
function span(dist: NumericDistribution): readonly [number, number] {
  const half = dist.step === null ? 0 : dist.step / 2;
  const low = dist.low - half;
  const high = dist.high + half;
  // A log-scaled int's widened low may reach 0 (low = 1, step 1 → 0.5 stays positive; step is 1 for log).
  return dist.log ? [Math.log(low), Math.log(high)] : [low, high];
}

/**
 * The unit-cube coordinate of an internal value.
 * @example
 * toUnit({ type: "float", low: 0, high: 10, log: false, step: null }, 2.5); // 0.25
 */
export function toUnit(dist: NumericDistribution, value: number): number {
  const [a, b] = span(dist);
  if (b === a) return 0.5;
  const v = dist.log ? Math.log(value) : value;
  return (v - a) / (b - a);
}

/**
 * The internal value at a unit-cube coordinate: mapped back to the (log-)range, rounded to the step
 * grid, and clamped into [low, high].
 * @example
 * fromUnit({ type: "int", low: 1, high: 3, log: false, step: 1 }, 0.5); // 2
 */
export function fromUnit(dist: NumericDistribution, u: number): number {
  const [a, b] = span(dist);
  const v = a + Math.min(1, Math.max(0, u)) * (b - a);
  let x = dist.log ? Math.exp(v) : v;
  if (dist.step !== null) x = dist.low + Math.round((x - dist.low) / dist.step) * dist.step;
  return Math.min(dist.high, Math.max(dist.low, x));
}
