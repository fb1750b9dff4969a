import type { Distribution, SearchSpace } from "../../search-space/distribution.js";
import type { StudyView } from "../../study/study-view.js";
import type { TrialColumns } from "../../study/trial-columns.js";
import type { FrozenTrial } from "../../trial/frozen-trial.js";
import { SearchSpaceTracker } from "../tpe/search-space.js";
import { COMPLETE } from "./gp-data.js";

/** What {@link ConditionalGroups} keeps per view: the decomposition so far and the rows it has seen. */
interface Tracked {
  readonly tracker: SearchSpaceTracker;
  seen: Uint8Array;
  version: number;
  groups: SearchSpace[];
}

/**
 * The conditional groups of a study's COMPLETE trials: its parameters partitioned so that two share a
 * group exactly when every COMPLETE trial has both or neither (TPE's `group` decomposition, whose
 * tracker this reuses), without the parameters of `exclude` (the intersection the main GP covers). In
 * a conditional space each branch's parameters form a group. Updated one newly COMPLETE trial at a
 * time (finished trials never change), per view of the trials.
 * @example
 * const groups = new ConditionalGroups();
 * groups.spaces(ctx.study, intersection); // [{ net_dropout, net_layers, net_lr }, { tree_depth, ... }]
 */
export class ConditionalGroups {
  private readonly byColumns = new WeakMap<TrialColumns, Tracked>();

  /** The groups of `study`'s COMPLETE trials outside `exclude`, in a fixed order (by first name). */
  spaces(study: StudyView, exclude: SearchSpace): SearchSpace[] {
    const cols = study.columns();
    let tracked = this.byColumns.get(cols);
    if (tracked === undefined) {
      tracked = { tracker: new SearchSpaceTracker(), seen: new Uint8Array(0), version: -1, groups: [] };
      this.byColumns.set(cols, tracked);
    }
    if (tracked.version !== cols.version) this.update(tracked, study, cols);
    return tracked.groups
      .map((group) => {
        const out: Record<string, Distribution> = {};
        for (const name in group) if (!Object.hasOwn(exclude, name)) out[name] = group[name] as Distribution;
        return out;
      })
      .filter((group) => Object.keys(group).length > 0);
  }

  private update(tracked: Tracked, study: StudyView, cols: TrialColumns): void {
    const states = cols.states;
    if (tracked.seen.length < states.length) {
      const seen = new Uint8Array(Math.max(states.length, 2 * tracked.seen.length, 64));
      seen.set(tracked.seen);
      tracked.seen = seen;
    }
    let trials: readonly FrozenTrial[] | null = null;
    let added = false;
    for (let row = 0; row < states.length; row++) {
      if (states[row] !== COMPLETE || tracked.seen[row] === 1) continue;
      tracked.seen[row] = 1;
      trials ??= study.trials;
      tracked.tracker.add((trials[row] as FrozenTrial).distributions);
      added = true;
    }
    if (added) tracked.groups = tracked.tracker.groupSpaces();
    tracked.version = cols.version;
  }
}
