import { InvalidArgumentError } from "../errors.js";
import { FanovaEvaluator } from "./fanova/fanova-evaluator.js";
import type { ImportanceEvaluator } from "./importance-evaluator.js";
import { MeanDecreaseImpurityEvaluator } from "./mean-decrease-impurity.js";
import { PedAnovaEvaluator } from "./ped-anova/ped-anova-evaluator.js";

/** Options of {@link importanceEvaluator}. */
export interface EvaluatorByNameOptions {
  /** Seed of the forest of fANOVA and impurity importance (default: a fresh one); PED-ANOVA draws nothing. */
  readonly seed?: number;
}

const seeded = (options: EvaluatorByNameOptions) =>
  options.seed === undefined ? {} : { seed: options.seed };

const FACTORIES = {
  fanova: (options: EvaluatorByNameOptions) => new FanovaEvaluator(seeded(options)),
  "ped-anova": () => new PedAnovaEvaluator(),
  mdi: (options: EvaluatorByNameOptions) => new MeanDecreaseImpurityEvaluator(seeded(options)),
} satisfies Record<string, (options: EvaluatorByNameOptions) => ImportanceEvaluator>;

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
 * isImportanceEvaluatorName("fanova"); // true
 */
export function isImportanceEvaluatorName(name: string): name is ImportanceEvaluatorName {
  return Object.hasOwn(FACTORIES, name);
}

/**
 * A new evaluator of that name with its default options (and `seed`, for the forest-based ones).
 * @throws InvalidArgumentError naming the evaluators there are.
 * @example
 * paramImportances(trials, directions, { evaluator: importanceEvaluator("fanova", { seed: 1 }) });
 */
export function importanceEvaluator(name: string, options: EvaluatorByNameOptions = {}): ImportanceEvaluator {
  if (!isImportanceEvaluatorName(name)) {
    throw new InvalidArgumentError(
      `The importance evaluator must be one of ${IMPORTANCE_EVALUATOR_NAMES.join(", ")}, but got "${name}".`,
      { name: "evaluator", value: name },
    );
  }
  return FACTORIES[name](options);
}
