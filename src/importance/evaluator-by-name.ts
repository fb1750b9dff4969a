import { InvalidArgumentError } from "../errors.js";
import type { ImportanceEvaluator } from "./importance-evaluator.js";
import { PedAnovaEvaluator } from "./ped-anova/ped-anova-evaluator.js";

const FACTORIES = {
  "ped-anova": () => new PedAnovaEvaluator(),
} satisfies Record<string, () => ImportanceEvaluator>;

/**
 * The importance evaluators by the name the command line (`--evaluator`) and the dashboard use, the
 * default (that of `paramImportances`) first.
 */
export const IMPORTANCE_EVALUATOR_NAMES = Object.keys(FACTORIES) as readonly ImportanceEvaluatorName[];

/** One of {@link IMPORTANCE_EVALUATOR_NAMES}. */
export type ImportanceEvaluatorName = keyof typeof FACTORIES;

/**
 * Whether `name` is one of {@link IMPORTANCE_EVALUATOR_NAMES}.
 * @example
 * isImportanceEvaluatorName("fanova");
 */
export function isImportanceEvaluatorName(name: string): name is ImportanceEvaluatorName {
  return Object.hasOwn(FACTORIES, name);
}

/**
 * A new evaluator of that name, with its default options.
 * @throws InvalidArgumentError naming the evaluators there are.
 * @example
 * paramImportances(trials, directions, { evaluator: importanceEvaluator("ped-anova") });
 */
export function importanceEvaluator(name: string): ImportanceEvaluator {
  if (!isImportanceEvaluatorName(name)) {
    throw new InvalidArgumentError(
      `The importance evaluator must be one of ${IMPORTANCE_EVALUATOR_NAMES.join(", ")}, but got "${name}".`,
      { name: "evaluator", value: name },
    );
  }
  return FACTORIES[name]();
}
