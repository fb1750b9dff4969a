import type { Distribution } from "../search-space/distribution.js";
import type { TrialChanges } from "../storage/storage.js";
import { type Direction, type FrozenTrial, isFeasible, type TrialState } from "../trial/frozen-trial.js";
import { TrialColumns } from "./trial-columns.js";

/**
 * One process's local copy of a study's trials, kept current incrementally from the storage's change
 * cursor. Index i of `trials` holds trial number i. Tracks the best single-objective trial and the
 * distribution each parameter name has in the study, so reads are O(1).
 */
export class StudySnapshot {
  /** Trials by number, without holes: index i is trial number i. */
  readonly trials: FrozenTrial[] = [];
  /** The storage cursor this snapshot is current to. */
  cursor = 0;
  private readonly distributions = new Map<string, Distribution>();
  private bestNumber = -1;
  private cols: TrialColumns | null = null;

  constructor(readonly directions: readonly Direction[]) {}

  /** Applies the result of `storage.getTrialsSince(cursor)`. */
  applyChanges(changes: TrialChanges): void {
    // Changes come in ascending number order from the cursor, so every new number directly follows.
    for (const t of changes.trials) this.apply(t);
    if (changes.cursor > this.cursor) this.cursor = changes.cursor;
  }

  /**
   * Takes in one trial record unless the snapshot already holds a newer version of it. Returns false,
   * changing nothing, when the record's number is beyond the next one: the trials between have not been
   * seen yet, and a refresh brings them all.
   */
  apply(trial: FrozenTrial): boolean {
    if (trial.number > this.trials.length) return false;
    const old = this.trials[trial.number];
    if (old !== undefined && old.seq >= trial.seq) return true;
    this.trials[trial.number] = trial;
    for (const name in trial.distributions)
      this.noteDistribution(name, trial.distributions[name] as Distribution);
    if (trial.state === "COMPLETE" && this.directions.length === 1) this.considerBest(trial);
    this.cols?.set(trial.number, trial);
    return true;
  }

  /** The distribution the study last recorded for `name` (the longest choice list for categoricals). */
  distributionOf(name: string): Distribution | undefined {
    return this.distributions.get(name);
  }

  /** The best COMPLETE feasible trial of a single-objective study (lowest number on ties). */
  best(): FrozenTrial | undefined {
    return this.bestNumber < 0 ? undefined : this.trials[this.bestNumber];
  }

  /** Trials in the given states, in number order. */
  inStates(states: readonly TrialState[]): FrozenTrial[] {
    return this.trials.filter((t) => t !== undefined && states.includes(t.state));
  }

  /** Column view of every trial, maintained incrementally once first asked for. */
  columns(): TrialColumns {
    if (this.cols === null) this.cols = TrialColumns.of(this.trials, this.directions.length);
    return this.cols;
  }

  private noteDistribution(name: string, dist: Distribution): void {
    const known = this.distributions.get(name);
    if (
      known?.type === "categorical" &&
      dist.type === "categorical" &&
      known.choices.length > dist.choices.length
    )
      return;
    this.distributions.set(name, dist);
  }

  private considerBest(trial: FrozenTrial): void {
    if (!isFeasible(trial) || trial.values === null) return;
    const v = trial.values[0] as number;
    const best = this.best();
    if (best === undefined) {
      this.bestNumber = trial.number;
      return;
    }
    const b = best.values?.[0] as number;
    const better = this.directions[0] === "minimize" ? v < b : v > b;
    if (better || (v === b && trial.number < best.number)) this.bestNumber = trial.number;
  }
}
