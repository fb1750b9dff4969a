import type { FrozenTrial, TrialState } from "../trial/frozen-trial.js";
import type { StudySnapshot } from "./study-snapshot.js";
import type { StateStore, StudyView } from "./study-view.js";
import { TrialColumns } from "./trial-columns.js";

/**
 * A {@link StudyView} over a snapshot, optionally restricted by a filter (a pruner's population). The
 * unfiltered view shares the snapshot's arrays and incremental columns; a filtered one builds its own.
 * @example
 * const view = new SnapshotView("s", snapshot, state, null, null);
 */
export class SnapshotView implements StudyView {
  private filtered: FrozenTrial[] | null = null;

  constructor(
    readonly studyName: string,
    private readonly snapshot: StudySnapshot,
    readonly state: StateStore,
    readonly metricNames: readonly string[] | null,
    private readonly filter: ((t: FrozenTrial) => boolean) | null,
  ) {}

  /** The study's directions. */
  get directions() {
    return this.snapshot.directions;
  }

  /** Visible trials in number order. */
  get trials(): readonly FrozenTrial[] {
    if (this.filter === null) return this.snapshot.trials;
    if (this.filtered === null) {
      const keep = this.filter;
      this.filtered = this.snapshot.trials.filter((t) => t !== undefined && keep(t));
    }
    return this.filtered;
  }

  /** Visible trials in the given states. */
  trialsInStates(states: readonly TrialState[]): FrozenTrial[] {
    return this.trials.filter((t) => t !== undefined && states.includes(t.state));
  }

  /** Visible trials as columns. */
  columns(): TrialColumns {
    if (this.filter === null) return this.snapshot.columns();
    return TrialColumns.of(this.trials, this.snapshot.directions.length);
  }
}
