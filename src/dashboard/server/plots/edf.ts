/** The empirical-distribution payload. */
import { type EdfPlot, MAX_PLOT_POINTS } from "../../api-types.js";
import type { StudyColumns } from "../study-columns.js";
import { completeRows } from "./complete-rows.js";
import { evenIndices } from "./sampling.js";

/**
 * The finite values of `objective` over COMPLETE trials, sorted ascending; when more than `cap`, the `cap`
 * quantiles at evenly spaced ranks (minimum and maximum included), which draw the same step curve.
 * @example
 * edfPlot(columns, { objective: 0 }).values[0]; // the smallest value
 */
export function edfPlot(
  columns: StudyColumns,
  { objective, cap = MAX_PLOT_POINTS }: { objective: number; cap?: number },
): EdfPlot {
  const sorted = columns.memoise(`edf:${objective}`, () => {
    const rows = completeRows(columns, objective);
    const values = new Float64Array(rows.length);
    for (let j = 0; j < rows.length; j++) values[j] = columns.value(rows[j] as number, objective);
    return values.sort();
  });
  const picks = evenIndices(sorted.length, cap);
  return {
    values: picks.map((j) => sorted[j] as number),
    total: sorted.length,
    sampled: picks.length < sorted.length,
  };
}
