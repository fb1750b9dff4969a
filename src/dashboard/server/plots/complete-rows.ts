/** Row selections the plots share. */
import { STATE, type StudyColumns } from "../study-columns.js";

/**
 * Numbers of the COMPLETE trials whose value of `objective` is finite, ascending.
 * @example
 * completeRows(columns, 0).length; // how many trials the plots can show
 */
export function completeRows(columns: StudyColumns, objective: number): number[] {
  const rows: number[] = [];
  for (let i = 0; i < columns.n; i++) {
    if (columns.state[i] === STATE.COMPLETE && Number.isFinite(columns.value(i, objective))) rows.push(i);
  }
  return rows;
}

/**
 * The `k` best of `rows` by `objective` in the study's direction (feasible ones first, ties to the lower
 * number), as a set to keep when sampling: the trials people look for in every plot. Selects by a
 * threshold found with a native numeric sort of the keys, not a comparator sort of the rows.
 * @example
 * sampleKeeping(rows, bestRows(columns, rows, 0, 500), 5000);
 */
export function bestRows(
  columns: StudyColumns,
  rows: readonly number[],
  objective: number,
  k: number,
): Set<number> {
  const best = new Set<number>();
  if (k <= 0) return best;
  const sign = columns.directions[objective] === "maximize" ? -1 : 1;
  for (const feasible of [true, false]) {
    const group = rows.filter((i) => (columns.feasible[i] !== 0) === feasible);
    const room = k - best.size;
    if (room <= 0) break;
    if (group.length <= room) {
      for (const i of group) best.add(i);
      continue;
    }
    const keys = Float64Array.from(group, (i) => sign * columns.value(i, objective));
    const threshold = Float64Array.from(keys).sort()[room - 1] as number;
    for (let j = 0; j < group.length; j++) if ((keys[j] as number) < threshold) best.add(group[j] as number);
    for (let j = 0; j < group.length && best.size < k; j++) {
      if (keys[j] === threshold) best.add(group[j] as number);
    }
  }
  return best;
}
