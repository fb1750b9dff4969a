import { InvalidArgumentError } from "../errors.js";
import { lexicographicOrder, nonDominatedRows } from "./objective-matrix.js";

/** `hi - lo` for `lo ≤ hi`, but 0 for equal infinities, where the subtraction would give NaN. */
function span(lo: number, hi: number): number {
  return lo === hi ? 0 : hi - lo;
}

/** `a * b` for non-negative factors, but 0 when either is 0, so an empty slab of infinite extent adds 0. */
function scale(a: number, b: number): number {
  return a === 0 || b === 0 ? 0 : a * b;
}

function checkReference(reference: ArrayLike<number>, caller: string): void {
  if (reference.length === 0) {
    throw new InvalidArgumentError(
      `${caller}(): reference must have at least one coordinate, but got none.`,
      {
        name: "reference",
        value: [],
      },
    );
  }
  for (let k = 0; k < reference.length; k++) {
    if (Number.isNaN(reference[k])) {
      throw new InvalidArgumentError(
        `${caller}(): reference must not contain NaN, but reference[${k}] is NaN. ` +
          "Use a point that every point of interest dominates, e.g. the worst value seen plus a margin.",
        { name: "reference", value: Array.from(reference) },
      );
    }
  }
}

/**
 * The points that strictly dominate `reference` (every coordinate smaller; NaN never is), packed row-major,
 * and the index each row came from.
 */
function packDominating(
  points: readonly ArrayLike<number>[],
  reference: ArrayLike<number>,
  caller: string,
): { values: Float64Array; n: number; source: Int32Array } {
  const d = reference.length;
  const values = new Float64Array(points.length * d);
  const source = new Int32Array(points.length);
  let n = 0;
  for (let i = 0; i < points.length; i++) {
    const point = points[i] as ArrayLike<number>;
    if (point.length !== d) {
      throw new InvalidArgumentError(
        `${caller}(): every point must have as many coordinates as the reference (${d}), but points[${i}] ` +
          `has ${point.length}.`,
        { name: "points", value: i },
      );
    }
    let inside = true;
    for (let k = 0; k < d && inside; k++) inside = (point[k] as number) < (reference[k] as number);
    if (!inside) continue;
    for (let k = 0; k < d; k++) values[n * d + k] = point[k] as number;
    source[n++] = i;
  }
  return { values, n, source };
}

/** Row indices of a stride-2 buffer sorted by first, then second coordinate. */
function order2d(values: Float64Array, n: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order.sort((i, j) => {
    for (let k = 0; k < 2; k++) {
      const a = values[2 * i + k] as number;
      const b = values[2 * j + k] as number;
      if (a !== b) return a < b ? -1 : 1;
    }
    return 0;
  });
}

/** Area dominated by the first `n` rows of a stride-2 buffer whose rows all strictly dominate (r0, r1). */
function sweep2d(values: Float64Array, n: number, r0: number, r1: number): number {
  const order = order2d(values, n);
  let area = 0;
  let lowestY = r1;
  for (let a = 0; a < n; a++) {
    const row = order[a] as number;
    const y = values[2 * row + 1] as number;
    if (y >= lowestY) continue;
    area += scale(span(values[2 * row] as number, r0), span(y, lowestY));
    lowestY = y;
  }
  return area;
}

/**
 * Volume dominated by the first `n` rows (stride `d`, all strictly dominating `reference`): slices along
 * the last coordinate, each slab's cross-section being the (d−1)-dimensional volume of the rows below it.
 */
function sliceVolume(values: Float64Array, n: number, d: number, reference: ArrayLike<number>): number {
  if (d === 2) return sweep2d(values, n, reference[0] as number, reference[1] as number);
  const last = d - 1;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((i, j) => {
    const a = values[i * d + last] as number;
    const b = values[j * d + last] as number;
    return a < b ? -1 : a > b ? 1 : 0;
  });
  const projected = new Float64Array(n * last);
  for (let a = 0; a < n; a++) {
    const row = order[a] as number;
    for (let k = 0; k < last; k++) projected[a * last + k] = values[row * d + k] as number;
  }
  let volume = 0;
  for (let a = 0; a < n; a++) {
    const z = values[(order[a] as number) * d + last] as number;
    const zNext =
      a + 1 < n ? (values[(order[a + 1] as number) * d + last] as number) : (reference[last] as number);
    const thickness = span(z, zNext);
    if (thickness === 0) continue;
    volume += scale(thickness, sliceVolume(projected, a + 1, last, reference));
  }
  return volume;
}

/**
 * Hypervolume of two minimized objectives: the area dominated by `points` and bounded by `reference`.
 * Points that do not strictly dominate the reference (including any with NaN) add nothing; ±Infinity
 * coordinates give an infinite area when they reach outwards. O(n log n) sweep.
 *
 * @throws InvalidArgumentError when a point does not have two coordinates or the reference contains NaN.
 * @example
 * hypervolume2d([[1, 2], [2, 1]], [3, 3]); // 3
 */
export function hypervolume2d(
  points: readonly ArrayLike<number>[],
  reference: readonly [number, number],
): number {
  checkReference(reference, "hypervolume2d");
  const { values, n } = packDominating(points, reference, "hypervolume2d");
  return sweep2d(values, n, reference[0], reference[1]);
}

/**
 * Hypervolume of minimized objectives: the Lebesgue measure of the region dominated by `points` and
 * bounded by `reference` (negate maximized objectives first). Points that do not strictly dominate the
 * reference (including any with NaN) add nothing.
 *
 * Exact in every dimension d. d = 1 and d = 2 take O(n log n). For d ≥ 3 the non-dominated points are
 * kept and the volume is sliced along the last objective down to 2-D sweeps (the HSO scheme): O(n^(d−1)
 * log n) time and O(n·d) memory per level, which suits fronts of up to a few thousand points in 3-D and a
 * few dozen in 5-D.
 *
 * @throws InvalidArgumentError when the reference is empty or contains NaN, or a point's length differs
 * from the reference's.
 * @example
 * hypervolume([[0, 0, 0]], [1, 2, 3]); // 6
 * hypervolume([[1, 2, 3], [3, 2, 1]], [4, 4, 4]); // 10
 */
export function hypervolume(points: readonly ArrayLike<number>[], reference: ArrayLike<number>): number {
  checkReference(reference, "hypervolume");
  const d = reference.length;
  const { values, n } = packDominating(points, reference, "hypervolume");
  if (n === 0) return 0;
  if (d === 1) {
    let lowest = values[0] as number;
    for (let i = 1; i < n; i++) lowest = Math.min(lowest, values[i] as number);
    return span(lowest, reference[0] as number);
  }
  if (d === 2) return sweep2d(values, n, reference[0] as number, reference[1] as number);
  const matrix = { values, n, m: d, hasNaN: new Uint8Array(n) };
  const front = nonDominatedRows(matrix, lexicographicOrder(matrix));
  const packed = new Float64Array(front.length * d);
  for (let a = 0; a < front.length; a++) {
    packed.set(values.subarray((front[a] as number) * d, (front[a] as number) * d + d), a * d);
  }
  return sliceVolume(packed, front.length, d, reference);
}

/**
 * The exclusive hypervolume contribution of each point for two minimized objectives: how much
 * {@link hypervolume2d} would shrink without it. Dominated points, points equal to another point, and
 * points that do not strictly dominate the reference (including any with NaN) contribute 0. Points a
 * front member weakly dominates are accounted for, so a contribution is exactly
 * `hypervolume2d(points) − hypervolume2d(points without it)`. O(n log n).
 *
 * @throws InvalidArgumentError when a point does not have two coordinates or the reference contains NaN.
 * @example
 * hypervolumeContributions2d([[1, 2], [2, 1], [2, 2]], [3, 3]); // Float64Array [1, 1, 0]
 */
export function hypervolumeContributions2d(
  points: readonly ArrayLike<number>[],
  reference: readonly [number, number],
): Float64Array {
  checkReference(reference, "hypervolumeContributions2d");
  const contributions = new Float64Array(points.length);
  const { values, n, source } = packDominating(points, reference, "hypervolumeContributions2d");
  const order = order2d(values, n);
  // The front is a staircase; each member owns the box between its neighbours' coordinates, and only
  // points that the member weakly dominates can cover part of that box. Sorted by x, those points come
  // right after the member and before the next one, so each box is settled in the same pass.
  let lowestY = reference[1];
  let owner = -1;
  let ownerY = 0;
  let slabX = 0;
  let coverY = 0;
  let exclusive = 0;
  for (let a = 0; a < n; a++) {
    const row = order[a] as number;
    const x = values[2 * row] as number;
    const y = values[2 * row + 1] as number;
    if (y < lowestY) {
      if (owner >= 0) contributions[owner] = exclusive + scale(span(slabX, x), span(ownerY, coverY));
      owner = source[row] as number;
      ownerY = y;
      slabX = x;
      coverY = lowestY;
      exclusive = 0;
      lowestY = y;
    } else if (y < coverY) {
      exclusive += scale(span(slabX, x), span(ownerY, coverY));
      slabX = x;
      coverY = y;
    }
  }
  if (owner >= 0) contributions[owner] = exclusive + scale(span(slabX, reference[0]), span(ownerY, coverY));
  return contributions;
}
