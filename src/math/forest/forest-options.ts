import { InvalidArgumentError } from "../../errors.js";
import type { KnownKeys } from "../../options/option-keys.js";
import { randomSeed } from "../rng.js";

/**
 * Options of a {@link RandomForest}; every one has a default.
 * - `nTrees` (64): trees grown; predictions average them.
 * - `maxDepth` (64): deepest node; the root has depth 0.
 * - `minSamplesSplit` (2): a node with fewer training rows (bootstrap copies counted) stays a leaf.
 * - `minSamplesLeaf` (1): every leaf keeps at least this many rows (bootstrap copies counted).
 * - `maxFeatures` (1.0): columns tried per split — a fraction of the columns when in (0, 1], a count
 *   when an integer > 1. All columns by default, as scikit-learn's and Optuna's regression forests:
 *   the trees then rarely split on a dummy column, which keeps importances sharp on the few dozen
 *   columns tunekit studies have; bootstrapping alone decorrelates the trees enough for a surrogate.
 * - `bootstrap` (true): each tree sees n rows drawn with replacement; false gives every tree all rows.
 * - `seed` (random): the forest is a function of the data and the seed.
 */
export interface RandomForestOptions {
  readonly nTrees?: number;
  readonly maxDepth?: number;
  readonly minSamplesSplit?: number;
  readonly minSamplesLeaf?: number;
  readonly maxFeatures?: number;
  readonly bootstrap?: boolean;
  readonly seed?: number;
}

/** The keys of {@link RandomForestOptions}, checked at runtime (JavaScript callers have no types). */
export const RANDOM_FOREST_KEYS = {
  nTrees: true,
  maxDepth: true,
  minSamplesSplit: true,
  minSamplesLeaf: true,
  maxFeatures: true,
  bootstrap: true,
  seed: true,
} satisfies KnownKeys<RandomForestOptions>;

/** {@link RandomForestOptions} with every default filled in. */
export type ResolvedForestOptions = {
  readonly [K in keyof RandomForestOptions]-?: NonNullable<RandomForestOptions[K]>;
};

/**
 * The options with their defaults, after checking each; throws an `InvalidArgumentError` naming the
 * option, the rule and the value.
 * @example
 * resolveForestOptions({ nTrees: 16 }).maxDepth; // 64
 */
export function resolveForestOptions(options: RandomForestOptions): ResolvedForestOptions {
  const fail = (name: string, value: unknown, rule: string): never => {
    throw new InvalidArgumentError(`RandomForest: ${name} ${rule}, but got ${String(value)}.`, {
      name,
      value,
    });
  };
  const int = (
    name: "nTrees" | "maxDepth" | "minSamplesSplit" | "minSamplesLeaf",
    min: number,
    dflt: number,
  ) => {
    const v = options[name];
    if (v === undefined) return dflt;
    if (!(Number.isInteger(v) && v >= min)) fail(name, v, `must be an integer ≥ ${min}`);
    return v;
  };
  const maxFeatures = options.maxFeatures ?? 1;
  if (
    !(
      typeof maxFeatures === "number" &&
      maxFeatures > 0 &&
      (maxFeatures <= 1 || Number.isInteger(maxFeatures))
    )
  )
    fail("maxFeatures", maxFeatures, "must be a fraction in (0, 1] or an integer count ≥ 1 of the columns");
  const bootstrap = options.bootstrap ?? true;
  if (typeof bootstrap !== "boolean") fail("bootstrap", bootstrap, "must be true or false");
  const seed = options.seed ?? randomSeed();
  if (!Number.isInteger(seed)) fail("seed", seed, "must be an integer");
  return {
    nTrees: int("nTrees", 1, 64),
    maxDepth: int("maxDepth", 0, 64),
    minSamplesSplit: int("minSamplesSplit", 2, 2),
    minSamplesLeaf: int("minSamplesLeaf", 1, 1),
    maxFeatures,
    bootstrap,
    seed,
  };
}

/**
 * How many columns a split tries, out of `d`, for a resolved `maxFeatures`: a fraction rounds down but
 * never below one, a count is capped at `d`.
 * @example
 * featuresPerSplit(0.3, 10); // 3
 */
export function featuresPerSplit(maxFeatures: number, d: number): number {
  if (maxFeatures <= 1) return Math.max(1, Math.floor(maxFeatures * d));
  return Math.min(d, maxFeatures);
}
