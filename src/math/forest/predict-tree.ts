import type { RegressionTree } from "./regression-tree.js";

/**
 * The leaf a row reaches: walks from the root, left when `x ≤ threshold` (numerical) or when the
 * choice is among `leftChoices` (categorical). The row is `x[offset … offset + d − 1]`.
 * @example
 * tree.value[leafOf(tree, x, 0)]; // the tree's prediction for the first row
 */
export function leafOf(tree: RegressionTree, x: Float64Array, offset: number): number {
  let node = 0;
  for (;;) {
    const f = tree.feature[node] as number;
    if (f < 0) return node;
    const v = x[offset + f] as number;
    const choices = tree.leftChoices[node];
    const goLeft = choices ? choices.includes(v) : v <= (tree.threshold[node] as number);
    node = (goLeft ? tree.left[node] : tree.right[node]) as number;
  }
}
