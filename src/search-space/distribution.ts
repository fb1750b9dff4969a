/**
 * Parameter distributions: plain JSON-serialisable records. Samplers work on the *internal* form of a
 * value (a float or int as itself, a categorical as the index of its choice); trials and storages keep
 * the *external* form the objective sees.
 */

/** A categorical choice: anything that survives JSON unchanged. */
export type Choice = string | number | boolean | null;

/** A parameter value as the objective sees it. */
export type ParamValue = number | Choice;

/** A float in [low, high]; log-uniform when `log`; on the grid low + k·step when `step` is set. */
export interface FloatDistribution {
  readonly type: "float";
  readonly low: number;
  readonly high: number;
  readonly log: boolean;
  readonly step: number | null;
}

/** An integer in [low, high] (both inclusive) on the grid low + k·step; log-uniform when `log`. */
export interface IntDistribution {
  readonly type: "int";
  readonly low: number;
  readonly high: number;
  readonly log: boolean;
  readonly step: number;
}

/** One of `choices`. Choices may grow by appending in a later run; they are never reordered. */
export interface CategoricalDistribution {
  readonly type: "categorical";
  readonly choices: readonly Choice[];
}

/** Any parameter distribution. */
export type Distribution = FloatDistribution | IntDistribution | CategoricalDistribution;

/** The distributions of a set of parameters, by name. */
export type SearchSpace = Readonly<Record<string, Distribution>>;

/** Relative tolerance used when checking that a float sits on its step grid. */
const GRID_TOLERANCE = 1e-8;

/**
 * Whether `value` (external form) is a possible value of `dist`.
 * @example
 * contains({ type: "int", low: 1, high: 9, log: false, step: 2 }, 5); // true
 */
export function contains(dist: Distribution, value: ParamValue): boolean {
  if (dist.type === "categorical") return choiceIndex(dist, value) >= 0;
  if (typeof value !== "number" || Number.isNaN(value)) return false;
  if (value < dist.low || value > dist.high) return false;
  if (dist.type === "int") {
    return Number.isInteger(value) && (value - dist.low) % dist.step === 0;
  }
  if (dist.step === null) return true;
  const k = (value - dist.low) / dist.step;
  return Math.abs(k - Math.round(k)) <= GRID_TOLERANCE * Math.max(1, Math.abs(k));
}

/**
 * Index of `value` among the categorical's choices, or −1. NaN matches NaN, so a NaN choice is found.
 * @example
 * choiceIndex({ type: "categorical", choices: ["a", "b"] }, "b"); // 1
 */
export function choiceIndex(dist: CategoricalDistribution, value: ParamValue): number {
  for (let i = 0; i < dist.choices.length; i++) {
    if (Object.is(dist.choices[i], value) || dist.choices[i] === value) return i;
  }
  return -1;
}

/**
 * External value → internal number (a categorical becomes its choice index).
 * @example
 * toInternal({ type: "categorical", choices: ["a", "b"] }, "b"); // 1
 */
export function toInternal(dist: Distribution, value: ParamValue): number {
  if (dist.type === "categorical") return choiceIndex(dist, value);
  return value as number;
}

/**
 * Internal number → external value (a categorical index becomes its choice).
 * @example
 * toExternal({ type: "categorical", choices: ["a", "b"] }, 1); // "b"
 */
export function toExternal(dist: Distribution, internal: number): ParamValue {
  if (dist.type === "categorical") return dist.choices[internal] as Choice;
  return internal;
}

/**
 * Whether `dist` has exactly one possible value (a sampler need not be asked).
 * @example
 * isSingle({ type: "float", low: 1, high: 1, log: false, step: null }); // true
 */
export function isSingle(dist: Distribution): boolean {
  if (dist.type === "categorical") return dist.choices.length === 1;
  if (dist.low === dist.high) return true;
  return dist.step !== null && dist.high - dist.low < dist.step;
}

/**
 * Structural equality of two distributions.
 * @example
 * sameDistribution(a, JSON.parse(JSON.stringify(a))); // true
 */
export function sameDistribution(a: Distribution, b: Distribution): boolean {
  if (a.type !== b.type) return false;
  if (a.type === "categorical" || b.type === "categorical") {
    const ca = (a as CategoricalDistribution).choices;
    const cb = (b as CategoricalDistribution).choices;
    return ca.length === cb.length && ca.every((c, i) => Object.is(c, cb[i]) || c === cb[i]);
  }
  return a.low === b.low && a.high === b.high && a.log === b.log && a.step === b.step;
}
