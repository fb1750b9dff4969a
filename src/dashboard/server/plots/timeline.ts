/** The timeline payload: when each trial ran, on which worker. */

import type { TrialState } from "../../../core.js";
import { MAX_PLOT_POINTS, type TimelinePlot } from "../../api-types.js";
import { STATE, type StudyColumns } from "../study-columns.js";
import { sampleKeeping } from "./sampling.js";

/** The worker id shown for trials that have none. */
export const UNKNOWN_WORKER = "(unknown)";

/**
 * One bar per started trial; when more than `cap`, RUNNING trials are kept and the rest evenly spread
 * over trial numbers.
 * @example
 * timelinePlot(columns, {}).bars.filter((b) => b.end === null); // what is running
 */
export function timelinePlot(
  columns: StudyColumns,
  { cap = MAX_PLOT_POINTS }: { cap?: number },
): TimelinePlot {
  const rows: number[] = [];
  const running = new Set<number>();
  for (let i = 0; i < columns.n; i++) {
    if (Number.isNaN(columns.startedAt[i] as number)) continue;
    rows.push(i);
    if (columns.state[i] === STATE.RUNNING) running.add(i);
  }
  const kept = sampleKeeping(rows, running, cap);
  return {
    bars: kept.map((i) => {
      const w = columns.worker[i] as number;
      const end = columns.completedAt[i] as number;
      return {
        number: i,
        workerId: w < 0 ? UNKNOWN_WORKER : (columns.workerIds[w] as string),
        state: columns.stateName(i) as TrialState,
        start: columns.startedAt[i] as number,
        end: Number.isNaN(end) ? null : end,
      };
    }),
    total: rows.length,
    sampled: kept.length < rows.length,
  };
}
