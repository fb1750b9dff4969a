import type { Distribution, ParamValue } from "../search-space/distribution.js";
import type {
  Direction,
  FailReason,
  FrozenTrial,
  IntermediateValue,
  JsonValue,
  TrialState,
} from "../trial/frozen-trial.js";

/** The storage schema version this tunekit writes. Storages record it on every study. */
export const SCHEMA_VERSION = 1;

/** A sampler's or pruner's configuration: its registry name and JSON options (see `toJSON()`). */
export interface PluginConfig {
  readonly name: string;
  readonly options: { readonly [key: string]: JsonValue };
}

/** Lease settings of a study's loops: how often a worker beats and how long a silent worker is trusted. */
export interface LeaseSettings {
  readonly heartbeatSeconds: number;
  readonly graceSeconds: number;
}

/** Retry settings: how often the parameters of a trial lost to a dead worker or an interrupt are re-run. */
export interface RetrySettings {
  readonly maxRetries: number;
}

/** The stored record of a study. Immutable. */
export interface StudyRecord {
  readonly studyId: number;
  readonly name: string;
  readonly directions: readonly Direction[];
  readonly metricNames: readonly string[] | null;
  readonly samplerConfig: PluginConfig | null;
  readonly prunerConfig: PluginConfig | null;
  readonly lease: LeaseSettings | null;
  readonly retry: RetrySettings | null;
  readonly userAttrs: Readonly<Record<string, JsonValue>>;
  readonly systemAttrs: Readonly<Record<string, JsonValue>>;
  readonly schemaVersion: number;
  /** Milliseconds since the epoch, storage clock. */
  readonly createdAt: number;
  /** The last write to the study or any of its trials, storage clock. */
  readonly lastActivity: number;
}

/** What `createStudy` stores. */
export interface NewStudy {
  readonly name: string;
  readonly directions: readonly Direction[];
  readonly metricNames?: readonly string[] | null;
  readonly samplerConfig?: PluginConfig | null;
  readonly prunerConfig?: PluginConfig | null;
  readonly lease?: LeaseSettings | null;
  readonly retry?: RetrySettings | null;
  readonly userAttrs?: Readonly<Record<string, JsonValue>>;
}

/** A change to a study record. Attribute maps merge key by key; other fields replace. */
export interface StudyPatch {
  readonly metricNames?: readonly string[] | null;
  readonly samplerConfig?: PluginConfig | null;
  readonly prunerConfig?: PluginConfig | null;
  readonly lease?: LeaseSettings | null;
  readonly retry?: RetrySettings | null;
  readonly userAttrs?: Readonly<Record<string, JsonValue>>;
  readonly systemAttrs?: Readonly<Record<string, JsonValue>>;
}

/** A study with its trial counts, for listings (`listStudies`, the dashboard). */
export interface StudySummary {
  readonly study: StudyRecord;
  readonly trialCounts: Readonly<Record<TrialState, number>>;
  /** Best value among COMPLETE feasible trials of a single-objective study; null otherwise. */
  readonly bestValue: number | null;
}

/**
 * Writes to a trial's record. Params and distributions are added (a name already present keeps its
 * value); `intermediateValues` merge step by step, where a repeated step replaces a number or vector and
 * merges named values by name; constraints and attributes merge key by key.
 */
export interface TrialPatch {
  readonly params?: Readonly<Record<string, ParamValue>>;
  readonly distributions?: Readonly<Record<string, Distribution>>;
  readonly intermediateValues?: Readonly<Record<number, IntermediateValue>>;
  readonly constraints?: Readonly<Record<string, number>>;
  readonly userAttrs?: Readonly<Record<string, JsonValue>>;
  readonly systemAttrs?: Readonly<Record<string, JsonValue>>;
  /** Extends the lease to now + leaseSeconds (storage clock). Ignored for trials without a lease. */
  readonly leaseSeconds?: number;
}

/**
 * A trial created whole: an enqueued WAITING trial, or a finished trial added from elsewhere (an
 * `addTrial`, a copy of another study's trial). STALE is accepted so a copy keeps a trial lost to a dead
 * worker as it was; it does not count against `maxTrials`.
 */
export interface NewTrial extends TrialPatch {
  readonly state: "WAITING" | "COMPLETE" | "PRUNED" | "FAIL" | "STALE";
  readonly values?: readonly number[] | null;
  readonly failReason?: FailReason | null;
  readonly retryOf?: number | null;
  /**
   * Finished trials only: when the trial started, ms since the epoch, kept as given (null: unknown). The
   * one exception to "times come from the storage's clock": a copied trial keeps the times it ran at.
   * Omitted: the storage clock at the call.
   */
  readonly startedAt?: number | null;
  /** Finished trials only: when it finished, as {@link NewTrial.startedAt}. Omitted: the storage clock. */
  readonly completedAt?: number | null;
  /** Finished trials only: the worker that ran it, kept as given. Omitted: null. */
  readonly workerId?: string | null;
}

/** The final write of a trial: its state and values together with any still-buffered patch. */
export interface TrialOutcome extends TrialPatch {
  readonly state: "COMPLETE" | "PRUNED" | "FAIL";
  readonly values: readonly number[] | null;
  readonly failReason?: FailReason | null;
}

/** How a worker claims a trial. */
export interface ClaimRequest {
  readonly workerId: string;
  /** Study-wide cap on trials that have left WAITING, not counting FAIL "forbidden" and STALE trials. */
  readonly maxTrials?: number | null;
  /** Gives the claimed trial a lease ending now + leaseSeconds; omitted or null means no lease. */
  readonly leaseSeconds?: number | null;
}

/** Options of {@link Storage.reapStaleTrials}. */
export interface ReapOptions {
  /** Re-enqueue each reaped trial whose parameters were retried fewer times than this. */
  readonly maxRetries?: number;
}

/** Result of {@link Storage.finishTrial}: `ok` false when the trial was no longer RUNNING. */
export type FinishResult =
  | { readonly ok: true; readonly trial: FrozenTrial }
  | { readonly ok: false; readonly trial: FrozenTrial };

/** Options of {@link Storage.getTrialsSince}. */
export interface TrialChangesOptions {
  /**
   * Read one page: at most this many trials (a positive integer), in ascending `seq` order. Omitted: every
   * changed trial, in ascending `number` order.
   */
  readonly limit?: number;
}

/** Trials changed since a cursor, and the cursor to pass next time. */
export interface TrialChanges {
  /**
   * The latest version of each trial whose last change is after the cursor, each once: in ascending
   * `number` order without a `limit`, in ascending `seq` order (the order of their last writes) with one.
   */
  readonly trials: readonly FrozenTrial[];
  /**
   * The cursor to pass next time; never below the cursor passed. When `more` is true, the `seq` of the
   * last trial in `trials`; otherwise the study's cursor at the time of the read.
   */
  readonly cursor: number;
  /**
   * True when the read was cut at `limit`: further trials had changed after the cursor, and the next call
   * with `cursor` returns them. Always false without a `limit`.
   */
  readonly more: boolean;
}

/** A versioned JSON record in a study (sampler and pruner state: grid claims, QMC counters, rungs). */
export interface StateRecord {
  /** 1 after the first write; +1 on each successful compare-and-set. */
  readonly version: number;
  readonly value: JsonValue;
}

/** What a back-end can do. */
export interface StorageCapabilities {
  /** Data outlives the process. */
  readonly persistent: boolean;
  /** Several processes may share the storage safely. */
  readonly multiProcess: boolean;
}

/**
 * The storage contract every back-end implements (memory, SQLite, PostgreSQL) and `describeStorage`
 * checks. All methods are async and may be called concurrently from many tasks, processes and machines.
 *
 * Guarantees every implementation gives:
 * - Every returned record is immutable and never changes afterwards; a later read returns a new record.
 *   ±Infinity and NaN round-trip through values, intermediate values and constraints.
 * - Each method is atomic: it happens entirely or not at all; a failed call (bad id, wrong state) writes
 *   nothing.
 * - Trial numbers are dense per study (0, 1, 2, ...), assigned at creation, never reused.
 * - Every write to a trial gives it a new `seq`, taken from a counter of its study (a back-end may use
 *   one counter for all studies) that grows in commit order, so `getTrialsSince(cursor)` never skips a
 *   write that committed before it returned; the study's `lastActivity` moves with it. Cursors are
 *   per study: compare them only within one study.
 * - Times (`startedAt`, `completedAt`, leases, `lastActivity`) come from the storage's clock
 *   ({@link Storage.now}), never a worker's, except the times a finished trial is created with
 *   (`createTrial`, e.g. by a copy), which are stored as given.
 * - Finished trials (COMPLETE, PRUNED, FAIL, STALE) never change again.
 */
export interface Storage {
  readonly capabilities: StorageCapabilities;
  /**
   * A URL that opens this same storage from another thread or process (a heartbeat thread, a worker);
   * undefined for storages that live only in this process.
   */
  readonly url?: string;

  /** Stores a new study. Throws `DuplicatedStudyError` when the name is taken. */
  createStudy(study: NewStudy): Promise<StudyRecord>;
  /** The study named `name`, or null. */
  getStudy(name: string): Promise<StudyRecord | null>;
  /** Every study with its trial counts by state and best value, ordered by name. */
  listStudies(): Promise<StudySummary[]>;
  /** Applies `patch` to the study. Throws `StudyNotFoundError` for an unknown id. */
  updateStudy(studyId: number, patch: StudyPatch): Promise<StudyRecord>;
  /** Deletes the study with its trials and state records. Throws `StudyNotFoundError` for an unknown id. */
  deleteStudy(studyId: number): Promise<void>;

  /**
   * Creates a trial whole (WAITING, or already finished) with the next number. A finished trial takes
   * the `startedAt`, `completedAt` and `workerId` it is given (a copy keeps when and where it ran), else
   * the storage clock for both times and no worker. A WAITING trial given any of the three is refused
   * with `InvalidArgumentError`, writing nothing.
   */
  createTrial(studyId: number, trial: NewTrial): Promise<FrozenTrial>;
  /**
   * Atomically claims the oldest WAITING trial (lowest number) of the study, or when there is none creates
   * a RUNNING one with the next number; sets `startedAt`, `workerId` and, when asked, a lease. Two
   * concurrent claims never return the same trial. Returns null, writing nothing, when `maxTrials` trials
   * of the study have already left WAITING (FAIL trials with reason code "forbidden" not counted).
   */
  claimTrial(studyId: number, request: ClaimRequest): Promise<FrozenTrial | null>;
  /**
   * Optional: `getTrialsSince(studyId, cursor)` and then `claimTrial(studyId, request)` in one call, so a
   * worker learns what others did and starts its trial in one round trip. `changes` is what
   * `getTrialsSince` without a limit would have returned at a moment during the call, before the claim's
   * write (so it need not hold the claimed trial); `trial` is what `claimTrial` returns. Callers without
   * it make the two calls.
   */
  claimTrialWithChanges?(
    studyId: number,
    request: ClaimRequest,
    cursor: number,
  ): Promise<{ readonly trial: FrozenTrial | null; readonly changes: TrialChanges }>;
  /** Applies `patch` to a RUNNING trial and returns its new record. Throws `TrialNotRunningError` otherwise. */
  updateTrial(trialId: number, patch: TrialPatch): Promise<FrozenTrial>;
  /**
   * Compare-and-set from RUNNING: applies the outcome (and its patch) when the trial is RUNNING, sets
   * `completedAt` and clears the lease. When the trial is no longer RUNNING nothing is written and the
   * current record comes back with `ok: false`.
   */
  finishTrial(trialId: number, outcome: TrialOutcome): Promise<FinishResult>;
  /**
   * Optional: `finishTrial(trialId, outcome)` and `getTrialsSince(cursor)` of the trial's study in one
   * call (one round trip where the back-end can). `changes` is what `getTrialsSince` without a limit
   * would have returned at a moment during the call, before or after the finish's write; `result` is
   * what `finishTrial` returns. Throws as `finishTrial` does (`TrialNotFoundError` for an unknown id).
   */
  finishTrialWithChanges?(
    trialId: number,
    outcome: TrialOutcome,
    cursor: number,
  ): Promise<{ readonly result: FinishResult; readonly changes: TrialChanges }>;
  /** The trial with this storage id, or null. */
  getTrial(trialId: number): Promise<FrozenTrial | null>;
  /**
   * Every trial of the study whose last change is after `cursor` (0 for all), latest version, each once,
   * in ascending `number` order, with the cursor to pass next time.
   *
   * With `options.limit`, one page of that: at most `limit` trials, in ascending `seq` order, so a reader
   * can load a large study in bounded steps. `more` tells whether the page was cut at `limit`; if so
   * `cursor` is the `seq` of the page's last trial and calling again with it continues exactly where the
   * page ended; if not, `cursor` is the study's cursor, as without `limit`. Paging from any cursor until
   * `more` is false returns every trial changed after it at least once, and a trial last written before
   * the first page exactly once. A trial written again between two pages comes back in its new version in
   * a later page (no write is lost, since seqs follow commit order). Each call, paged or not, reads one
   * consistent snapshot. Throws `InvalidArgumentError` when `limit` is not a positive integer.
   * @example
   * let cursor = 0;
   * for (let more = true; more; ) {
   *   const page = await storage.getTrialsSince(studyId, cursor, { limit: 5000 });
   *   show(page.trials);
   *   ({ cursor, more } = page);
   * }
   */
  getTrialsSince(studyId: number, cursor: number, options?: TrialChangesOptions): Promise<TrialChanges>;

  /** Extends the leases of these RUNNING trials to now + leaseSeconds; others are left alone. */
  heartbeat(trialIds: readonly number[], leaseSeconds: number): Promise<void>;
  /**
   * Marks RUNNING trials whose lease has ended as STALE (reason code "stale") and returns them. With
   * `maxRetries`, each reaped trial retried fewer times than that is enqueued again in the same
   * transaction: a WAITING trial with its params as fixed params, `retryOf` its number and
   * `systemAttrs.retryCount` one more than its own. STALE trials do not count against `maxTrials`.
   */
  reapStaleTrials(studyId: number, options?: ReapOptions): Promise<FrozenTrial[]>;

  /** The state record under `key`, or null when never written. */
  getState(studyId: number, key: string): Promise<StateRecord | null>;
  /**
   * Writes `value` under `key` when the record's version is `expectedVersion` (0: the record must not
   * exist). Returns the new record, or null, writing nothing, when another writer got there first.
   */
  compareAndSetState(
    studyId: number,
    key: string,
    expectedVersion: number,
    value: JsonValue,
  ): Promise<StateRecord | null>;

  /** The storage's clock, in milliseconds since the epoch. */
  now(): Promise<number>;
  /** Releases connections and files. Further calls fail. */
  close(): Promise<void>;
}
