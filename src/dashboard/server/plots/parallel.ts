/** The parallel-coordinates payload: one row per COMPLETE trial, one axis per parameter. */
import type { ParamValue } from "../../../core.js";
import { MAX_PLOT_POINTS, type ParallelPlot } from "../../api-types.js";
import type { StudyColumns } from "../study-columns.js";
import { bestRows, completeRows } from "./complete-rows.js";
import { sampleKeeping } from "./sampling.js";

/**
 * Rows of the COMPLETE trials with a finite value of `objective`; when more than `cap`, the best tenth of
 * the room is always kept and the rest evenly spread over trial numbers. Parameters without a known
 * distribution (fixed values of enqueued trials only) are left out.
 * @example
 * parallelPlot(columns, { objective: 0 }).params.map((p) => p.name);
 */
export function parallelPlot(
  columns: StudyColumns,
  { objective, cap = MAX_PLOT_POINTS }: { objective: number; cap?: number },
): ParallelPlot {
  const params = [...columns.params.values()]
    .filter((p) => p.distribution !== null)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const rows = completeRows(columns, objective);
  const kept = sampleKeeping(rows, bestRows(columns, rows, objective, Math.floor(cap / 10)), cap);
  return {
    params: params.map((p) => ({
      name: p.name,
      distribution: p.distribution as NonNullable<typeof p.distribution>,
    })),
    rows: kept.map((i) => ({
      number: i,
      value: columns.value(i, objective),
      params: params.map((p): ParamValue | null => columns.param(p, i) ?? null),
    })),
    total: rows.length,
    sampled: kept.length < rows.length,
  };
}
