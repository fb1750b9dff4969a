import { InvalidArgumentError } from "../errors.js";
import type { Direction } from "../trial/frozen-trial.js";

/**
 * Objective vectors packed row-major into one buffer, every objective turned into a minimized one (maximized
 * objectives are negated), so the hot loops compare plain numbers without branching on directions.
 * Internal to the multi-objective module.
 */
export interface ObjectiveMatrix {
  /** `n * m` values; row `i` holds point `i`. */
  readonly values: Float64Array;
  readonly n: number;
  readonly m: number;
  /** 1 where the row contains NaN: such a row is dominated by every NaN-free row and dominates none. */
  readonly hasNaN: Uint8Array;
}

/**
 * The sign that turns an objective of `direction` into a minimized one; throws on anything else.
 * @example
 * directionSign("maximize", 0, "dominates"); // -1
 */
export function directionSign(direction: Direction, index: number, caller: string): 1 | -1 {
  if (direction === "minimize") return 1;
  if (direction === "maximize") return -1;
  throw new InvalidArgumentError(
    `${caller}(): directions[${index}] must be "minimize" or "maximize", but got ${JSON.stringify(direction)}.`,
    { name: "directions", value: direction },
  );
}

/**
 * Packs `points` into an {@link ObjectiveMatrix}, checking that each has one value per direction.
 * @example
 * toMinimizedMatrix([[1, 2]], ["minimize", "maximize"], "nonDominatedSort").values; // Float64Array [1, -2]
 */
export function toMinimizedMatrix(
  points: readonly ArrayLike<number>[],
  directions: readonly Direction[],
  caller: string,
): ObjectiveMatrix {
  const n = points.length;
  const m = directions.length;
  const signs = new Float64Array(m);
  for (let k = 0; k < m; k++) signs[k] = directionSign(directions[k] as Direction, k, caller);
  const values = new Float64Array(n * m);
  const hasNaN = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const point = points[i] as ArrayLike<number>;
    if (point.length !== m) {
      throw new InvalidArgumentError(
        `${caller}(): every point must have one value per direction (${m}), but points[${i}] has ${point.length}. ` +
          "Pass the same number of directions as objectives.",
        { name: "points", value: i },
      );
    }
    for (let k = 0; k < m; k++) {
      const v = (signs[k] as number) * (point[k] as number);
      if (Number.isNaN(v)) hasNaN[i] = 1;
      values[i * m + k] = v;
    }
  }
  return { values, n, m, hasNaN };
}

/**
 * Whether row `j` of a minimized, NaN-free buffer dominates row `i`: no worse everywhere, better somewhere.
 * @example
 * rowDominates(new Float64Array([0, 0, 1, 1]), 2, 0, 1); // true
 */
export function rowDominates(values: Float64Array, m: number, j: number, i: number): boolean {
  const a = j * m;
  const b = i * m;
  let strictly = false;
  for (let k = 0; k < m; k++) {
    const x = values[a + k] as number;
    const y = values[b + k] as number;
    if (x > y) return false;
    if (x < y) strictly = true;
  }
  return strictly;
}

/**
 * The NaN-free rows in lexicographic order. A dominating row always precedes the rows it dominates, which
 * lets ranks and fronts be computed in one forward pass; equal rows end up adjacent.
 * @example
 * lexicographicOrder(toMinimizedMatrix([[2, 0], [1, 5]], ["minimize", "minimize"], "f")); // Int32Array [1, 0]
 */
export function lexicographicOrder(matrix: ObjectiveMatrix): Int32Array {
  const { values, n, m, hasNaN } = matrix;
  let count = 0;
  for (let i = 0; i < n; i++) if (hasNaN[i] === 0) count++;
  const order = new Int32Array(count);
  let next = 0;
  for (let i = 0; i < n; i++) if (hasNaN[i] === 0) order[next++] = i;
  order.sort((i, j) => {
    for (let k = 0; k < m; k++) {
      const x = values[i * m + k] as number;
      const y = values[j * m + k] as number;
      if (x < y) return -1;
      if (x > y) return 1;
    }
    return 0;
  });
  return order;
}

/**
 * The rows of `order` (a {@link lexicographicOrder}) that no other row dominates, in that order. Only
 * front members need checking: whatever dominates a row is itself dominated by, or is, a front member
 * met earlier. O(M · N · F) for a front of size F.
 * @example
 * const matrix = toMinimizedMatrix([[1, 1], [2, 2]], ["minimize", "minimize"], "f");
 * nonDominatedRows(matrix, lexicographicOrder(matrix)); // Int32Array [0]
 */
export function nonDominatedRows(matrix: ObjectiveMatrix, order: Int32Array): Int32Array {
  const { values, m } = matrix;
  const front = new Int32Array(order.length);
  let size = 0;
  for (let a = 0; a < order.length; a++) {
    const i = order[a] as number;
    let dominated = false;
    for (let f = 0; f < size; f++) {
      if (rowDominates(values, m, front[f] as number, i)) {
        dominated = true;
        break;
      }
    }
    if (!dominated) front[size++] = i;
  }
  return front.slice(0, size);
}
