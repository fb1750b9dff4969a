/**
 * The data a fitted random forest is made of, shared by the forest (which grows trees), the importance
 * evaluators (fANOVA decomposes trees, impurity importance sums their splits) and, later, a forest
 * surrogate for Bayesian optimization. Trees are flat arrays, node 0 the root, so they are cheap to walk,
 * to copy into a worker and to serialise.
 */

/**
 * What one input column of a forest holds. A numerical column splits on a threshold and lies in
 * [low, high] (in the transformed scale: the log of a log-scaled parameter); a categorical column holds a
 * choice index 0 … size − 1 and splits on a subset of its choices.
 */
export type ForestFeature =
  | { readonly kind: "numerical"; readonly low: number; readonly high: number }
  | { readonly kind: "categorical"; readonly size: number };

/**
 * One fitted regression tree. For every node i (0 … nodeCount − 1):
 * - `feature[i]` is the column it splits on, −1 at a leaf;
 * - a numerical split sends a row left when `x[feature] <= threshold[i]`; `threshold[i]` is NaN at leaves
 *   and categorical splits;
 * - a categorical split sends a row left when its choice index is in `leftChoices[i]` (sorted ascending),
 *   right otherwise; `leftChoices[i]` is null elsewhere;
 * - `left[i]` / `right[i]` are its children, −1 at a leaf;
 * - `value[i]` is the mean of the training targets that reached it (a leaf's prediction), `samples[i]`
 *   how many did (with their bootstrap multiplicity), `impurity[i]` their variance (mean squared
 *   deviation from `value[i]`).
 */
export interface RegressionTree {
  readonly nodeCount: number;
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly leftChoices: readonly (readonly number[] | null)[];
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly value: Float64Array;
  readonly samples: Float64Array;
  readonly impurity: Float64Array;
}
