import type { Direction } from "../trial/frozen-trial.js";
import { lexicographicOrder, nonDominatedRows, rowDominates, toMinimizedMatrix } from "./objective-matrix.js";

/**
 * The non-domination rank of every point, as in Deb et al.'s fast non-dominated sort (NSGA-II, 2002):
 * rank 0 is the Pareto front, rank 1 the front of what remains once rank 0 is removed, and so on.
 * Equal points always share a rank. Dominance follows `dominates`, so points containing NaN share
 * the rank after the last NaN-free one (rank 0 when every point contains NaN).
 *
 * Points are visited in lexicographic order, where every dominator of a point precedes it, and a point's
 * rank is one more than the highest rank among its dominators: O(M · N²) comparisons in the worst case,
 * O(N · M) memory (no dominance lists), and no allocation per comparison.
 *
 * @throws InvalidArgumentError when a point does not have one value per direction.
 * @example
 * nonDominatedSort([[1, 4], [2, 2], [3, 3], [4, 4]], ["minimize", "minimize"]); // Int32Array [0, 0, 1, 2]
 */
export function nonDominatedSort(
  points: readonly ArrayLike<number>[],
  directions: readonly Direction[],
): Int32Array {
  const matrix = toMinimizedMatrix(points, directions, "nonDominatedSort");
  const { values, n, m, hasNaN } = matrix;
  const order = lexicographicOrder(matrix);
  const ranks = new Int32Array(n);
  let maxRank = -1;
  for (let a = 0; a < order.length; a++) {
    const i = order[a] as number;
    let rank = 0;
    for (let b = 0; b < a; b++) {
      const j = order[b] as number;
      const candidate = (ranks[j] as number) + 1;
      if (candidate > rank && rowDominates(values, m, j, i)) rank = candidate;
    }
    ranks[i] = rank;
    if (rank > maxRank) maxRank = rank;
  }
  for (let i = 0; i < n; i++) if (hasNaN[i] === 1) ranks[i] = maxRank + 1;
  return ranks;
}

/**
 * Indices (ascending) of the points no other point dominates: the rank-0 points of
 * {@link nonDominatedSort}, found in O(M · N · F) comparisons for a front of size F. Equal points on the
 * front are all returned.
 *
 * @throws InvalidArgumentError when a point does not have one value per direction.
 * @example
 * paretoFrontIndices([[1, 4], [2, 2], [3, 3], [2, 2]], ["minimize", "minimize"]); // [0, 1, 3]
 */
export function paretoFrontIndices(
  points: readonly ArrayLike<number>[],
  directions: readonly Direction[],
): number[] {
  const matrix = toMinimizedMatrix(points, directions, "paretoFrontIndices");
  const order = lexicographicOrder(matrix);
  if (order.length === 0) return Array.from({ length: matrix.n }, (_, i) => i);
  return Array.from(nonDominatedRows(matrix, order)).sort((x, y) => x - y);
}
