import {
  type ForestImportanceOptions,
  fitImportanceForest,
  forestFeatures,
  resolveForestImportanceOptions,
  targetsVary,
} from "../forest-importance.js";
import type { ImportanceEvaluator, ImportanceInput } from "../importance-evaluator.js";
import { leafBoxes } from "./leaf-boxes.js";
import { decomposeTree } from "./marginal-variance.js";

/**
 * fANOVA importance (Hutter, Hoos & Leyton-Brown 2014, "An Efficient Approach for Assessing
 * Hyperparameter Importance"), as Optuna's `FanovaImportanceEvaluator`: fits a random forest on the
 * trials, then for every tree computes exactly, from its leaves' boxes over the search space (floats and
 * ints uniform on [low, high], or on [log low, log high] when log; each choice of a categorical equally
 * likely), the variance of each parameter's marginal divided by the tree's total variance. A parameter's
 * importance is the mean of that fraction over the trees. Trees whose prediction is constant over the box
 * (zero variance) explain nothing and are left out of the mean, as in Optuna; when every tree is
 * constant, every importance is 0.
 * @example
 * const scores = new FanovaEvaluator({ seed: 1 }).evaluate(input); // one fraction per column
 */
export class FanovaEvaluator implements ImportanceEvaluator {
  readonly name = "fanova";
  private readonly options: Required<ForestImportanceOptions>;

  constructor(options: ForestImportanceOptions = {}) {
    this.options = resolveForestImportanceOptions("FanovaEvaluator", options);
  }

  evaluate(input: ImportanceInput): Float64Array {
    const d = input.params.length;
    const sums = new Float64Array(d);
    if (d === 0 || input.n < 2 || !targetsVary(input)) return sums;
    const features = forestFeatures(input.distributions);
    const forest = fitImportanceForest(input, this.options);
    let used = 0;
    for (const tree of forest.trees) {
      const { variance, marginal } = decomposeTree(leafBoxes(tree, features), features);
      if (!(variance > 0)) continue;
      used++;
      for (let f = 0; f < d; f++) sums[f] = (sums[f] as number) + (marginal[f] as number) / variance;
    }
    if (used > 0) for (let f = 0; f < d; f++) sums[f] = (sums[f] as number) / used;
    return sums;
  }
}
