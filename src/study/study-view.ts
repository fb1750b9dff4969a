import type { StateRecord } from "../storage/storage.js";
import type { Direction, FrozenTrial, JsonValue, TrialState } from "../trial/frozen-trial.js";
import type { TrialColumns } from "./trial-columns.js";

/**
 * The versioned compare-and-set record store of one study, for sampler and pruner state that workers
 * share (grid claims, QMC counters, rungs). Keys are free-form; prefix them with the plug-in's name.
 */
export interface StateStore {
  /** The record under `key`, or null. */
  get(key: string): Promise<StateRecord | null>;
  /** Writes when the record's version is `expectedVersion` (0: absent); null when another writer won. */
  compareAndSet(key: string, expectedVersion: number, value: JsonValue): Promise<StateRecord | null>;
}

/**
 * What samplers and pruners see of a study: a local snapshot, refreshed by the study before `ask()` and
 * `shouldPrune()`. Reading it never touches storage.
 */
export interface StudyView {
  readonly studyName: string;
  readonly directions: readonly Direction[];
  readonly metricNames: readonly string[] | null;
  /** Trials visible to the reader, in ascending number order (a pruner may restrict a sampler's view). */
  readonly trials: readonly FrozenTrial[];
  /** The visible trials in the given states, in number order. */
  trialsInStates(states: readonly TrialState[]): FrozenTrial[];
  /**
   * The visible trials as columns: objective values, states and each parameter's internal value
   * (`Float64Array`, NaN where absent), for hot loops that should not touch trial objects.
   */
  columns(): TrialColumns;
  /** Shared state records of the study. */
  readonly state: StateStore;
}
