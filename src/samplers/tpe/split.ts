import type { Direction } from "../../trial/frozen-trial.js";
import { selectByHypervolume } from "./multi-objective-split.js";

/** State codes of `TrialColumns.states` (indices into `TRIAL_STATES`). */
export const COMPLETE = 2;
export const PRUNED = 3;

/** What the split reads, per row of the study's columns. */
export interface SplitInput {
  readonly directions: readonly Direction[];
  /** Finished rows to split (COMPLETE or PRUNED), ascending. */
  readonly rows: Int32Array;
  /** State code per row. */
  readonly states: Uint8Array;
  /** Objective k's value per row. */
  readonly values: readonly Float64Array[];
  /** Summed constraint violation per row: 0 when feasible, +Infinity for a NaN constraint. */
  readonly violation: Float64Array;
  /** A PRUNED row's last reported step, −1 when it reported nothing. */
  readonly prunedStep: Float64Array;
  /** A PRUNED row's last report as a scalar (first objective), NaN when absent. */
  readonly prunedValue: Float64Array;
  /** How many rows go below (clamped to [0, rows.length]). */
  readonly nBelow: number;
}

/** The good ("below", modelled by l(x)) and the other ("above", g(x)) rows, each ascending. */
export interface Split {
  readonly below: Int32Array;
  readonly above: Int32Array;
}

/**
 * Splits finished trials into the best `nBelow` and the rest, as Optuna does: feasible COMPLETE trials
 * first (by value; for several objectives by non-dominated rank, the last rank cut by hypervolume
 * contribution); then feasible PRUNED trials, those that got further first (higher last step), then by
 * their last report (NaN last), then those that never reported; then infeasible trials by their summed
 * violation. Ties go to the earlier trial.
 * @example
 * const { below, above } = splitTrials(input);
 */
export function splitTrials(input: SplitInput): Split {
  const { rows, states, violation } = input;
  const complete: number[] = [];
  const pruned: number[] = [];
  const infeasible: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as number;
    if ((violation[row] as number) > 0) infeasible.push(row);
    else if (states[row] === COMPLETE) complete.push(row);
    else if (states[row] === PRUNED) pruned.push(row);
  }
  let remaining = Math.max(0, Math.min(input.nBelow, rows.length));
  const chosen = new Uint8Array(states.length);
  const take = (picked: readonly number[]) => {
    for (const row of picked) chosen[row] = 1;
    remaining -= picked.length;
  };
  take(bestComplete(input, complete, Math.min(remaining, complete.length)));
  const sign = input.directions[0] === "maximize" ? -1 : 1;
  take(
    selectBest(pruned, remaining, (i, j) => {
      const si = input.prunedStep[i] as number;
      const sj = input.prunedStep[j] as number;
      if (si !== sj) return si > sj;
      return (
        nanLast(sign * (input.prunedValue[i] as number)) < nanLast(sign * (input.prunedValue[j] as number))
      );
    }),
  );
  take(selectBest(infeasible, remaining, (i, j) => (violation[i] as number) < (violation[j] as number)));
  let nBelow = 0;
  for (let i = 0; i < rows.length; i++) nBelow += chosen[rows[i] as number] as number;
  const below = new Int32Array(nBelow);
  const above = new Int32Array(rows.length - nBelow);
  let b = 0;
  let a = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as number;
    if (chosen[row] === 1) below[b++] = row;
    else above[a++] = row;
  }
  return { below, above };
}

/** The best `k` complete rows: by value for one objective, by rank and hypervolume for several. */
function bestComplete(input: SplitInput, complete: readonly number[], k: number): number[] {
  if (k <= 0) return [];
  if (input.directions.length > 1) return selectByHypervolume(complete, input.values, input.directions, k);
  const values = input.values[0] as Float64Array;
  const sign = input.directions[0] === "maximize" ? -1 : 1;
  const keys = new Float64Array(complete.length);
  for (let i = 0; i < complete.length; i++)
    keys[i] = nanLast(sign * (values[complete[i] as number] as number));
  return smallestKeys(complete, keys, k);
}

/**
 * {@link selectBest} with `better` = a smaller key (`keys[i]` belongs to `rows[i]`): the same rows,
 * without a comparator call per row (one split per trial ranks every finished trial).
 */
function smallestKeys(rows: readonly number[], keys: Float64Array, k: number): number[] {
  if (k >= rows.length) return rows.slice();
  // Positions into `rows` of the k best so far, ordered by key, earlier rows first among equals.
  const best = new Int32Array(k);
  let size = 0;
  for (let i = 0; i < rows.length; i++) {
    const key = keys[i] as number;
    if (size === k && !(key < (keys[best[k - 1] as number] as number))) continue;
    let at = size < k ? size++ : k - 1;
    while (at > 0 && key < (keys[best[at - 1] as number] as number)) {
      best[at] = best[at - 1] as number;
      at--;
    }
    best[at] = i;
  }
  return Array.from(best, (i) => rows[i] as number);
}

/**
 * The `k` best of `rows` (ascending) under `better`, a strict order; among equals the earlier row wins.
 * Keeps a sorted list of the k best so far (O(n) when k is small), or sorts when k is a large share.
 */
export function selectBest(
  rows: readonly number[],
  k: number,
  better: (i: number, j: number) => boolean,
): number[] {
  if (k <= 0 || rows.length === 0) return [];
  if (k >= rows.length) return rows.slice();
  if (k * 8 > rows.length) {
    // Array.prototype.sort is stable, so equal rows keep their (ascending) order.
    return rows
      .slice()
      .sort((i, j) => (better(i, j) ? -1 : better(j, i) ? 1 : 0))
      .slice(0, k);
  }
  const best: number[] = [];
  for (const row of rows) {
    if (best.length === k && !better(row, best[k - 1] as number)) continue;
    // Insert after every kept row that is not worse, so earlier rows win ties.
    let at = best.length;
    while (at > 0 && better(row, best[at - 1] as number)) at--;
    best.splice(at, 0, row);
    if (best.length > k) best.pop();
  }
  return best;
}

/** NaN sorts after every number. */
function nanLast(v: number): number {
  return Number.isNaN(v) ? Number.POSITIVE_INFINITY : v;
}
