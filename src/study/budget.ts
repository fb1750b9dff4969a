import type { OptimizeResult } from "./optimize.js";

/**
 * The search-budget line `optimize` logs when it ends: how many trials ran, the pruned share, failures
 * and compute time, so every result is reported with what it cost. `study.stop()` reads as "stop
 * requested" (the caller, such as the command line's failure limit, says why).
 * @example
 * // Study "s" stopped (nTrials): 100 trials run (90 complete, 8 pruned = 8.0%, 2 failed); compute 12.3 s, elapsed 12.9 s.
 */
export function budgetMessage(studyName: string, r: OptimizeResult): string {
  const prunedShare = r.trialsRun === 0 ? 0 : (100 * r.pruned) / r.trialsRun;
  const forbidden = r.forbidden > 0 ? `, ${r.forbidden} forbidden not counted` : "";
  return (
    `Study "${studyName}" stopped (${r.stopReason === "stopped" ? "stop requested" : r.stopReason}): ${r.trialsRun} trials run (${r.completed} complete, ` +
    `${r.pruned} pruned = ${prunedShare.toFixed(1)}%, ${r.failed} failed${forbidden}); ` +
    `compute ${r.computeSeconds.toFixed(1)} s, elapsed ${r.elapsedSeconds.toFixed(1)} s.`
  );
}
