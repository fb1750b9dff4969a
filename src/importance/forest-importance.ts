import { InvalidArgumentError } from "../errors.js";
import { RandomForest } from "../math/forest/random-forest.js";
import type { ForestFeature } from "../math/forest/regression-tree.js";
import { randomSeed } from "../math/rng.js";
import { checkOptionKeys, type KnownKeys } from "../options/option-keys.js";
import type { Distribution } from "../search-space/distribution.js";
import type { ImportanceInput } from "./importance-evaluator.js";

/**
 * Options of the forest-based evaluators (fANOVA, mean decrease in impurity), as Optuna's: 64 trees of
 * depth ≤ 64, every column tried per split, a random seed unless one is given (fixed when the evaluator
 * is built, so one evaluator scores the same trials the same way every time).
 */
export interface ForestImportanceOptions {
  readonly nTrees?: number;
  readonly maxDepth?: number;
  readonly seed?: number;
}

/** The keys of {@link ForestImportanceOptions}, checked at runtime. */
export const FOREST_IMPORTANCE_KEYS = {
  nTrees: true,
  maxDepth: true,
  seed: true,
} satisfies KnownKeys<ForestImportanceOptions>;

/**
 * The options with their defaults (a fresh random seed when none is given), after refusing unknown keys
 * and checking each value; throws an `InvalidArgumentError` naming the evaluator, the option and the rule.
 * @example
 * resolveForestImportanceOptions("FanovaEvaluator", { seed: 1 }); // { nTrees: 64, maxDepth: 64, seed: 1 }
 */
export function resolveForestImportanceOptions(
  where: string,
  options: ForestImportanceOptions,
): Required<ForestImportanceOptions> {
  checkOptionKeys(where, options, FOREST_IMPORTANCE_KEYS);
  const resolved = {
    nTrees: options.nTrees ?? 64,
    maxDepth: options.maxDepth ?? 64,
    seed: options.seed ?? randomSeed(),
  };
  const minimum = { nTrees: 1, maxDepth: 0, seed: Number.NEGATIVE_INFINITY } as const;
  for (const key of ["nTrees", "maxDepth", "seed"] as const) {
    const v = resolved[key];
    if (Number.isInteger(v) && v >= minimum[key]) continue;
    const bound = key === "seed" ? "" : ` ≥ ${minimum[key]}`;
    throw new InvalidArgumentError(`${where}: ${key} must be an integer${bound}, but got ${String(v)}.`, {
      name: key,
      value: v,
    });
  }
  return resolved;
}

/**
 * The forest column of each distribution: a float or int spans [low, high] (their logarithms when log),
 * a categorical has one choice index per choice.
 * @example
 * forestFeatures([{ type: "float", low: 1e-5, high: 1, log: true, step: null }]); // [{ kind: "numerical", low: −11.51…, high: 0 }]
 */
export function forestFeatures(distributions: readonly Distribution[]): ForestFeature[] {
  return distributions.map((d) => {
    if (d.type === "categorical") return { kind: "categorical", size: d.choices.length };
    return d.log
      ? { kind: "numerical", low: Math.log(d.low), high: Math.log(d.high) }
      : { kind: "numerical", low: d.low, high: d.high };
  });
}

/**
 * Whether the targets hold at least two distinct values: with fewer, nothing explains any variance and
 * every importance is 0.
 */
export function targetsVary(input: ImportanceInput): boolean {
  for (let i = 1; i < input.n; i++) if (input.y[i] !== input.y[0]) return true;
  return false;
}

/**
 * A forest fitted on the input's rows, with the evaluator's options.
 * @example
 * const forest = fitImportanceForest(input, { nTrees: 64, maxDepth: 64, seed: 1 });
 */
export function fitImportanceForest(
  input: ImportanceInput,
  options: Required<ForestImportanceOptions>,
): RandomForest {
  return new RandomForest(options).fit({
    x: input.x,
    n: input.n,
    features: forestFeatures(input.distributions),
    y: input.y,
  });
}
