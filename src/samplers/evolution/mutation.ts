import type { Rng } from "../../math/rng.js";
import { type Distribution, isSingle, type SearchSpace } from "../../search-space/distribution.js";

/**
 * The winner's parameters with exactly one of them changed (internal values): a parameter chosen
 * uniformly among those with more than one possible value, then {@link mutateValue}. Returns a copy of
 * `params` unchanged when no parameter can change.
 * @example
 * mutateOne({ x: 0.5, opt: 1 }, space, rng, 0.1); // e.g. { x: 0.5, opt: 0 }
 */
export function mutateOne(
  params: Readonly<Record<string, number>>,
  space: SearchSpace,
  rng: Rng,
  scale: number,
): Record<string, number> {
  const child: Record<string, number> = { ...params };
  // Sorted so the choice does not depend on the order the objective suggested the parameters in.
  const mutable = Object.keys(params)
    .filter((name) => !isSingle(space[name] as Distribution))
    .sort();
  if (mutable.length === 0) return child;
  const name = mutable[rng.integer(0, mutable.length - 1)] as string;
  child[name] = mutateValue(space[name] as Distribution, params[name] as number, rng, scale);
  return child;
}

/**
 * A different value of `dist` near `value` (internal form). A categorical takes another choice uniformly.
 * A number moves by a Gaussian step of standard deviation `scale` on its unit interval (the log of the
 * range when `log`); a step that would leave the interval is taken the other way, so a value on a bound
 * still moves, and the result is clipped. Ints and stepped floats are rounded to their grid, and moved
 * one grid point in the step's direction when rounding gives back `value` (a mutation always mutates).
 * @example
 * mutateValue({ type: "int", low: 1, high: 9, log: false, step: 1 }, 5, rng, 0.1); // e.g. 4 or 6
 */
export function mutateValue(dist: Distribution, value: number, rng: Rng, scale: number): number {
  if (dist.type === "categorical") {
    const other = rng.integer(0, dist.choices.length - 2);
    return other >= value ? other + 1 : other;
  }
  const lo = dist.log ? Math.log(dist.low) : dist.low;
  const hi = dist.log ? Math.log(dist.high) : dist.high;
  const u = ((dist.log ? Math.log(value) : value) - lo) / (hi - lo);
  const delta = scale * rng.normal();
  const moved = u + delta >= 0 && u + delta <= 1 ? u + delta : u - delta;
  const unit = Math.min(1, Math.max(0, moved));
  const raw = dist.log ? Math.exp(lo + unit * (hi - lo)) : lo + unit * (hi - lo);
  if (dist.step === null) return Math.min(dist.high, Math.max(dist.low, raw));
  return snapToGrid(dist.low, dist.high, dist.step, value, raw, moved - u);
}

/** `raw` on the grid low + k·step within [low, high], one point away from `value` at least. */
function snapToGrid(
  low: number,
  high: number,
  step: number,
  value: number,
  raw: number,
  direction: number,
): number {
  const last = Math.round((high - low) / step);
  const from = Math.round((value - low) / step);
  let k = Math.min(last, Math.max(0, Math.round((raw - low) / step)));
  if (k === from) k = from + (direction < 0 ? -1 : 1);
  if (k < 0 || k > last) k = from + (direction < 0 ? 1 : -1);
  return Math.min(high, low + k * step);
}
