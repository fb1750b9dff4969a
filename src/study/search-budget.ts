import type { FrozenTrial } from "../trial/frozen-trial.js";

/** What a study has spent so far: trials by outcome and the compute they took. */
export interface SearchBudget {
  /** Finished trials (COMPLETE, PRUNED, FAIL, STALE), forbidden combinations aside. */
  readonly trials: number;
  readonly complete: number;
  readonly pruned: number;
  /** FAIL trials (forbidden ones aside) and STALE ones. */
  readonly failed: number;
  /** Rejected combinations; they ran nothing and count against no budget. */
  readonly forbidden: number;
  readonly running: number;
  readonly waiting: number;
  /** Sum over finished trials of completedAt − startedAt, seconds. */
  readonly computeSeconds: number;
  /** pruned / trials, 0 without trials. */
  readonly prunedShare: number;
  /** First start to last completion, seconds (0 without finished trials). */
  readonly wallSeconds: number;
}

/**
 * Counts what a study's trials spent, so a best value is always reported with the search that found it
 * (how many trials, how much compute, how much of it pruning saved).
 * @example
 * const b = searchBudget(study.trials);
 * console.log(`${b.trials} trials, ${b.computeSeconds.toFixed(0)} s of compute, ${(100 * b.prunedShare).toFixed(0)}% pruned`);
 */
export function searchBudget(trials: readonly FrozenTrial[]): SearchBudget {
  let complete = 0;
  let pruned = 0;
  let failed = 0;
  let forbidden = 0;
  let running = 0;
  let waiting = 0;
  let computeMs = 0;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const t of trials) {
    if (t.state === "RUNNING") running++;
    else if (t.state === "WAITING") waiting++;
    else if (t.state === "FAIL" && t.failReason?.code === "forbidden") forbidden++;
    else {
      if (t.state === "COMPLETE") complete++;
      else if (t.state === "PRUNED") pruned++;
      else failed++;
      if (t.startedAt !== null && t.completedAt !== null) {
        computeMs += Math.max(0, t.completedAt - t.startedAt);
        first = Math.min(first, t.startedAt);
        last = Math.max(last, t.completedAt);
      }
    }
  }
  const finished = complete + pruned + failed;
  return {
    trials: finished,
    complete,
    pruned,
    failed,
    forbidden,
    running,
    waiting,
    computeSeconds: computeMs / 1000,
    prunedShare: finished === 0 ? 0 : pruned / finished,
    wallSeconds: last > first ? (last - first) / 1000 : 0,
  };
}

/**
 * The budget as one sentence.
 * @example
 * formatSearchBudget(searchBudget(study.trials));
 * // "120 trials (96 complete, 20 pruned = 16.7%, 4 failed); compute 41.2 min over 12.5 min wall clock"
 */
export function formatSearchBudget(b: SearchBudget): string {
  const extra = [
    b.running > 0 ? `${b.running} running` : "",
    b.waiting > 0 ? `${b.waiting} waiting` : "",
    b.forbidden > 0 ? `${b.forbidden} forbidden not counted` : "",
  ].filter((s) => s !== "");
  return (
    `${b.trials} trials (${b.complete} complete, ${b.pruned} pruned = ${(100 * b.prunedShare).toFixed(1)}%, ` +
    `${b.failed} failed${extra.length > 0 ? `; ${extra.join(", ")}` : ""}); ` +
    `compute ${formatSeconds(b.computeSeconds)} over ${formatSeconds(b.wallSeconds)} wall clock`
  );
}

/**
 * Seconds for people: "4.2 s", "12.5 min", "3.1 h".
 * @example
 * formatSeconds(750); // "12.5 min"
 */
export function formatSeconds(seconds: number): string {
  if (seconds < 120) return `${seconds.toFixed(1)} s`;
  if (seconds < 7200) return `${(seconds / 60).toFixed(1)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
