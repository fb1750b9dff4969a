import type { FrozenTrial, TrialState } from "../trial/frozen-trial.js";

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
  const tally = new BudgetTally();
  for (const t of trials) {
    tally.add(
      t.state,
      t.failReason?.code === "forbidden",
      t.startedAt ?? Number.NaN,
      t.completedAt ?? Number.NaN,
    );
  }
  return tally.result();
}

/**
 * Counts a budget one trial at a time, for callers that hold trials in another shape than records (the
 * dashboard's columns): the one place the rules of {@link SearchBudget} live.
 * @example
 * const tally = new BudgetTally();
 * tally.add("COMPLETE", false, startedAt, completedAt);
 * tally.result().complete; // 1
 */
export class BudgetTally {
  private complete = 0;
  private pruned = 0;
  private failed = 0;
  private forbidden = 0;
  private running = 0;
  private waiting = 0;
  private computeMs = 0;
  private first = Number.POSITIVE_INFINITY;
  private last = Number.NEGATIVE_INFINITY;

  /** Adds one trial; `startedAt`/`completedAt` are epoch ms, NaN when unknown. */
  add(state: TrialState, forbidden: boolean, startedAt: number, completedAt: number): void {
    if (state === "RUNNING") this.running++;
    else if (state === "WAITING") this.waiting++;
    else if (state === "FAIL" && forbidden) this.forbidden++;
    else {
      if (state === "COMPLETE") this.complete++;
      else if (state === "PRUNED") this.pruned++;
      else this.failed++;
      if (!Number.isNaN(startedAt) && !Number.isNaN(completedAt)) {
        this.computeMs += Math.max(0, completedAt - startedAt);
        this.first = Math.min(this.first, startedAt);
        this.last = Math.max(this.last, completedAt);
      }
    }
  }

  /** The budget of the trials added so far. */
  result(): SearchBudget {
    const finished = this.complete + this.pruned + this.failed;
    return {
      trials: finished,
      complete: this.complete,
      pruned: this.pruned,
      failed: this.failed,
      forbidden: this.forbidden,
      running: this.running,
      waiting: this.waiting,
      computeSeconds: this.computeMs / 1000,
      prunedShare: finished === 0 ? 0 : this.pruned / finished,
      wallSeconds: this.last > this.first ? (this.last - this.first) / 1000 : 0,
    };
  }
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
