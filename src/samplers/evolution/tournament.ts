import type { Rng } from "../../math/rng.js";
import type { Direction, FrozenTrial } from "../../trial/frozen-trial.js";

/**
 * The aging population: the `size` most recent COMPLETE trials with a value, by trial number (oldest
 * first), or null while fewer have finished. Age is the trial number rather than the finishing time
 * because every worker and process agrees on it (clocks need not), and in a sequential run they coincide.
 * Being old, not being bad, is what removes a trial: that is the regularization of Real et al. (2019).
 * @example
 * population(study.trials, 20); // the last 20 COMPLETE trials, or null
 */
export function population(trials: readonly FrozenTrial[], size: number): FrozenTrial[] | null {
  const members: FrozenTrial[] = [];
  for (let i = trials.length - 1; i >= 0 && members.length < size; i--) {
    const t = trials[i] as FrozenTrial;
    if (t.state === "COMPLETE" && t.values !== null && t.values.length > 0) members.push(t);
  }
  return members.length < size ? null : members.reverse();
}

/**
 * The best of `size` members drawn uniformly without replacement from `members`: feasible trials beat
 * infeasible ones, feasible ones compare by value in `direction`, infeasible ones by summed violation;
 * a tie keeps the member drawn first.
 * @example
 * tournament(population, 5, "minimize", rng);
 */
export function tournament(
  members: readonly FrozenTrial[],
  size: number,
  direction: Direction,
  rng: Rng,
): FrozenTrial {
  const pool = members.slice();
  let best: FrozenTrial | null = null;
  for (let i = 0; i < size; i++) {
    // A partial Fisher–Yates shuffle: the first `size` slots become the sample.
    const j = rng.integer(i, pool.length - 1);
    const drawn = pool[j] as FrozenTrial;
    pool[j] = pool[i] as FrozenTrial;
    pool[i] = drawn;
    if (best === null || beats(drawn, best, direction)) best = drawn;
  }
  return best as FrozenTrial;
}

/** Whether `a` strictly beats `b`. */
function beats(a: FrozenTrial, b: FrozenTrial, direction: Direction): boolean {
  const va = violation(a);
  const vb = violation(b);
  if (va > 0 || vb > 0) return va < vb;
  const x = (a.values as readonly number[])[0] as number;
  const y = (b.values as readonly number[])[0] as number;
  return direction === "minimize" ? x < y : x > y;
}

/** Summed positive constraint values (0 when feasible; +Infinity for a NaN constraint). */
function violation(trial: FrozenTrial): number {
  let sum = 0;
  for (const key in trial.constraints) {
    const c = trial.constraints[key] as number;
    if (Number.isNaN(c)) return Number.POSITIVE_INFINITY;
    if (c > 0) sum += c;
  }
  return sum;
}
