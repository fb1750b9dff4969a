import {
  type ForestImportanceOptions,
  fitImportanceForest,
  forestFeatures,
  resolveForestImportanceOptions,
  targetsVary,
} from "../forest-importance.js";
import type { ImportanceEvaluator, ImportanceInput } from "../importance-evaluator.js";
import { type LeafBoxes, leafBoxes } from "./leaf-boxes.js";
import { decomposeTree, type TreeDecomposition } from "./marginal-variance.js";
import { pairMarginalVariance } from "./pair-variance.js";

/** Two parameters and the share of the variance their interaction alone explains (main effects removed). */
export interface FanovaPair {
  readonly params: readonly [string, string];
  readonly importance: number;
}

/**
 * fANOVA importance (Hutter, Hoos & Leyton-Brown 2014, "An Efficient Approach for Assessing
 * Hyperparameter Importance"), as Optuna's `FanovaImportanceEvaluator`: fits a random forest on the
 * trials, then for every tree computes exactly, from its leaves' boxes over the search space (floats and
 * ints uniform on [low, high], or on [log low, log high] when log; each choice of a categorical equally
 * likely), the variance of each parameter's marginal divided by the tree's total variance. A parameter's
 * importance is the mean of that fraction over the trees. Trees whose prediction is constant over the box
 * (zero variance) explain nothing and are left out of the mean, as in Optuna; when every tree is
 * constant, every importance is 0. A log-scaled parameter is measured on its log scale, where the
 * samplers draw it (Optuna's evaluator measures it on the linear scale, so the two differ there); a
 * parameter whose range is a single value scores 0. {@link FanovaEvaluator.pairwise} scores pairs of parameters the same
 * way, by the variance of their joint marginal less their two main effects.
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
    const fractions = new Float64Array(d);
    const used = this.sweep(input, (_boxes, { variance, marginal }) => {
      for (let f = 0; f < d; f++)
        fractions[f] = (fractions[f] as number) + (marginal[f] as number) / variance;
    });
    return meanOver(fractions, used);
  }

  /**
   * The interaction importance of every pair of parameters (i < j, in column order): per tree, the
   * variance of the pair's joint marginal less both main-effect variances, over the tree's variance,
   * averaged over the non-constant trees. Costs a grid of (cuts of i) × (cuts of j) cells per pair and
   * tree: interactive at a thousand trials, seconds at ten thousand.
   * @example
   * new FanovaEvaluator({ seed: 1 }).pairwise(input); // [{ params: ["x", "y"], importance: 0.12 }, …]
   */
  pairwise(input: ImportanceInput): FanovaPair[] {
    const d = input.params.length;
    const pairs: [number, number][] = [];
    for (let i = 0; i < d; i++) for (let j = i + 1; j < d; j++) pairs.push([i, j]);
    const fractions = new Float64Array(pairs.length);
    const features = forestFeatures(input.distributions);
    const used = this.sweep(input, (boxes, { mean, variance, marginal }) => {
      pairs.forEach(([i, j], p) => {
        const joint = pairMarginalVariance(boxes, features, i, j, mean);
        const pure = Math.max(0, joint - (marginal[i] as number) - (marginal[j] as number));
        fractions[p] = (fractions[p] as number) + pure / variance;
      });
    });
    meanOver(fractions, used);
    return pairs.map(([i, j], p) => ({
      params: [input.params[i] as string, input.params[j] as string],
      importance: fractions[p] as number,
    }));
  }

  /**
   * Fits the forest and calls `add` with every non-constant tree's boxes and decomposition; returns how
   * many such trees there were. Nothing is called when there is no column, fewer than two rows or a
   * constant target.
   */
  private sweep(
    input: ImportanceInput,
    add: (boxes: LeafBoxes, decomposition: TreeDecomposition) => void,
  ): number {
    if (input.params.length === 0 || input.n < 2 || !targetsVary(input)) return 0;
    const features = forestFeatures(input.distributions);
    let used = 0;
    for (const tree of fitImportanceForest(input, this.options).trees) {
      const boxes = leafBoxes(tree, features);
      const decomposition = decomposeTree(boxes, features);
      if (!(decomposition.variance > 0)) continue;
      used++;
      add(boxes, decomposition);
    }
    return used;
  }
}

/** Divides the summed fractions by the number of trees in place (leaves zeros when there were none). */
function meanOver(sums: Float64Array, trees: number): Float64Array {
  if (trees > 0) for (let i = 0; i < sums.length; i++) sums[i] = (sums[i] as number) / trees;
  return sums;
}
