import { choiceIndex, type Distribution, type ParamValue } from "../search-space/distribution.js";
import type { FrozenTrial } from "../trial/frozen-trial.js";
import type { ImportanceInput } from "./importance-evaluator.js";

/**
 * A parameter value in the scale importance evaluators work in: the choice index for a categorical, the
 * natural logarithm for a log-scaled float or int, the number itself otherwise.
 * @example
 * importanceScale({ type: "float", low: 1e-5, high: 1, log: true, step: null }, 1); // 0
 */
export function importanceScale(dist: Distribution, value: ParamValue): number {
  if (dist.type === "categorical") return choiceIndex(dist, value);
  return dist.log ? Math.log(value as number) : (value as number);
}

/**
 * The bounds of a numeric distribution in {@link importanceScale} (log bounds when log-scaled); for a
 * categorical, [0, choices − 1].
 * @example
 * importanceBounds({ type: "int", low: 1, high: 8, log: false, step: 1 }); // [1, 8]
 */
export function importanceBounds(dist: Distribution): readonly [number, number] {
  if (dist.type === "categorical") return [0, dist.choices.length - 1];
  return dist.log ? [Math.log(dist.low), Math.log(dist.high)] : [dist.low, dist.high];
}

/**
 * Builds the matrix an {@link ImportanceEvaluator} scores: one row per trial (each must have every
 * parameter of `space`), one column per parameter in `space` order, values in {@link importanceScale}, and
 * the trials' targets (already oriented lower-is-better and finite) as `y`. Every evaluator's input comes
 * from here, so all of them see the same scales.
 * @example
 * buildImportanceInput(trials, [["lr", lrDist]], new Float64Array(trials.map((t) => t.values![0])));
 */
export function buildImportanceInput(
  trials: readonly FrozenTrial[],
  space: readonly (readonly [string, Distribution])[],
  targets: Float64Array,
): ImportanceInput {
  const n = trials.length;
  const d = space.length;
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const params = (trials[i] as FrozenTrial).params;
    for (let j = 0; j < d; j++) {
      const [name, dist] = space[j] as readonly [string, Distribution];
      x[i * d + j] = importanceScale(dist, params[name] as ParamValue);
    }
  }
  return {
    params: space.map(([name]) => name),
    distributions: space.map(([, dist]) => dist),
    n,
    x,
    y: targets,
  };
}
