/** The optimization-history payload: COMPLETE values in trial order, and the best-so-far step line. */
import { type HistoryPlot, MAX_PLOT_POINTS } from "../../api-types.js";
import { STATE, type StudyColumns } from "../study-columns.js";
import { evenIndices, sampleKeeping } from "./sampling.js";

/**
 * COMPLETE trials with a finite value of objective `objective` in number order. The best-so-far line
 * follows the objective's direction and counts only feasible trials; every improvement is kept when
 * sampling the points (the rest evenly spaced), so the line and its points always agree.
 * @example
 * historyPlot(columns, { objective: 0 }).best.at(-1)?.value; // the best value
 */
export function historyPlot(
  columns: StudyColumns,
  { objective, cap = MAX_PLOT_POINTS }: { objective: number; cap?: number },
): HistoryPlot {
  const maximize = columns.directions[objective] === "maximize";
  const rows: number[] = [];
  const improvements: number[] = [];
  let best = Number.NaN;
  for (let i = 0; i < columns.n; i++) {
    if (columns.state[i] !== STATE.COMPLETE) continue;
    const v = columns.value(i, objective);
    if (!Number.isFinite(v)) continue;
    rows.push(i);
    if (columns.feasible[i] === 0) continue;
    if (Number.isNaN(best) || (maximize ? v > best : v < best)) {
      best = v;
      improvements.push(i);
    }
  }
  const kept = sampleKeeping(rows, new Set(improvements), cap);
  const line = improvements.length <= cap ? improvements : thinKeepingLast(improvements, cap);
  return {
    objective,
    points: kept.map((i) => ({
      number: i,
      value: columns.value(i, objective),
      feasible: columns.feasible[i] !== 0,
    })),
    best: line.map((i) => ({ number: i, value: columns.value(i, objective) })),
    total: rows.length,
    sampled: kept.length < rows.length,
  };
}

function thinKeepingLast(items: readonly number[], cap: number): number[] {
  return evenIndices(items.length, cap).map((j) => items[j] as number);
}
