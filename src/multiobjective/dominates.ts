import { InvalidArgumentError } from "../errors.js";
import type { Direction } from "../trial/frozen-trial.js";
import { directionSign } from "./objective-matrix.js";

function hasNaN(v: ArrayLike<number>): boolean {
  for (let k = 0; k < v.length; k++) if (Number.isNaN(v[k])) return true;
  return false;
}

/**
 * Whether objective vector `a` Pareto-dominates `b`: `a` is no worse than `b` in every objective and
 * strictly better in at least one, "better" meaning smaller for a "minimize" objective and larger for a
 * "maximize" one. Equal vectors do not dominate each other; ±Infinity compare as ordinary numbers.
 *
 * NaN: a vector containing NaN never dominates, and is dominated by every vector without NaN (so a failed
 * evaluation ranks behind every real one); two vectors that both contain NaN do not dominate each other.
 *
 * @throws InvalidArgumentError when `a` or `b` does not have one value per direction, or a direction is
 * neither "minimize" nor "maximize".
 * @example
 * dominates([1, 2], [1, 3], ["minimize", "minimize"]); // true
 * dominates([1, 2], [1, 3], ["minimize", "maximize"]); // false
 * dominates([1, 2], [NaN, 0], ["minimize", "minimize"]); // true
 */
export function dominates(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  directions: readonly Direction[],
): boolean {
  const m = directions.length;
  if (a.length !== m || b.length !== m) {
    throw new InvalidArgumentError(
      `dominates(): a and b must have one value per direction (${m}), but got a.length=${a.length}, ` +
        `b.length=${b.length}. Pass the same number of directions as objectives.`,
      { name: "directions", value: m },
    );
  }
  let strictly = false;
  let worse = false;
  for (let k = 0; k < m; k++) {
    const sign = directionSign(directions[k] as Direction, k, "dominates");
    const x = sign * (a[k] as number);
    const y = sign * (b[k] as number);
    if (x > y) worse = true;
    else if (x < y) strictly = true;
  }
  if (hasNaN(a)) return false;
  if (hasNaN(b)) return true;
  return strictly && !worse;
}
