/** The slice payload: objective against one parameter. */
import { MAX_PLOT_POINTS, type SlicePlot } from "../../api-types.js";
import type { ParamColumn, StudyColumns } from "../study-columns.js";
import { bestRows, completeRows } from "./complete-rows.js";
import { sampleKeeping } from "./sampling.js";

/**
 * One point per COMPLETE trial that has the parameter and a finite value of `objective`; when more than
 * `cap`, the best tenth of the room is kept and the rest evenly spread over trial numbers.
 * @example
 * slicePlot(columns, { param: columns.params.get("lr")!, objective: 0 }).points.length;
 */
export function slicePlot(
  columns: StudyColumns,
  { param, objective, cap = MAX_PLOT_POINTS }: { param: ParamColumn; objective: number; cap?: number },
): SlicePlot {
  const rows = completeRows(columns, objective).filter((i) => columns.param(param, i) !== undefined);
  const kept = sampleKeeping(rows, bestRows(columns, rows, objective, Math.floor(cap / 10)), cap);
  return {
    param: param.name,
    distribution: param.distribution as NonNullable<typeof param.distribution>,
    points: kept.map((i) => ({
      number: i,
      x: columns.param(param, i) as NonNullable<ReturnType<typeof columns.param>>,
      y: columns.value(i, objective),
    })),
    total: rows.length,
    sampled: kept.length < rows.length,
  };
}
