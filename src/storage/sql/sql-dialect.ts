import type { ChangeRow } from "./trial-changes.js";

/** A value bound to a SQL parameter. */
export type SqlValue = number | string | null;

/** Runs statements inside one transaction (or one read snapshot). Placeholders are `?`. */
export interface SqlExecutor {
  /** All rows of a query. */
  all<R>(sql: string, params?: readonly SqlValue[]): Promise<R[]>;
  /** The first row of a query, or undefined. */
  get<R>(sql: string, params?: readonly SqlValue[]): Promise<R | undefined>;
  /** Runs a statement; resolves with the number of rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /** The database's clock in milliseconds since the epoch, read inside this transaction. */
  now(): Promise<number>;
}

/** The arguments of {@link SqlDialect.guardedTrialUpdate}. */
export interface GuardedTrialUpdate {
  readonly studyId: number;
  readonly trialId: number;
  readonly expectSeq: number;
  readonly startedDelta: number;
  readonly values: readonly SqlValue[];
  /** Set `completed_at` to the database clock at the write instead of its entry in `values`. */
  readonly completedNow?: boolean;
  /** As {@link GuardedTrialInsert.since}: also read the trials changed after this cursor. */
  readonly since?: number | null;
}

/** What {@link SqlDialect.guardedTrialUpdate} wrote: the trial's new seq and its `completed_at`. */
export interface GuardedTrialUpdated {
  readonly seq: number;
  readonly completedAt: number | null;
  /** With `since`: the rows of `CHANGES_SELECT` from that cursor, in trial-number order. */
  readonly changes?: readonly ChangeRow[];
}

/** The arguments of {@link SqlDialect.guardedTrialInsert}. */
export interface GuardedTrialInsert {
  readonly studyId: number;
  readonly maxTrials: number | null;
  /** The new trial's columns in `TRIAL_COLUMNS` order; `seq`, `started_at` and `lease_expires_at` are set by the statement. */
  readonly values: readonly SqlValue[];
  /** The lease's length in ms (expiry = the database clock + this), or null for no lease. */
  readonly leaseMs: number | null;
  /**
   * When not null, the statement also reads the trials changed after this cursor, as `getTrialsSince`
   * does, in the snapshot it started with (before its own insert).
   */
  readonly since: number | null;
}

/** What {@link SqlDialect.guardedTrialInsert} wrote. */
export interface GuardedTrialInserted {
  readonly trialId: number;
  readonly number: number;
  readonly seq: number;
  readonly startedAt: number;
  readonly leaseExpiresAt: number | null;
  /** With `since`: the rows of `CHANGES_SELECT` from that cursor, in trial-number order. */
  readonly changes?: readonly ChangeRow[];
}

/**
 * What differs between relational back-ends; {@link SqlStorage} holds everything else. A dialect owns its
 * connection(s), opens and migrates the schema, and runs transactions.
 *
 * `write` runs `fn` in a transaction that serialises with every other writer of the same study: SQLite
 * takes the database write lock up front (`BEGIN IMMEDIATE`), PostgreSQL locks the study row
 * (`lockStudy`). Within it, `fn` may read its own writes. A transaction that cannot start because of
 * contention is retried by the dialect, never surfaced as "database is locked".
 *
 * `read` runs `fn` against one consistent snapshot (WAL read transaction, REPEATABLE READ).
 */
export interface SqlDialect {
  /** "sqlite" or "postgres". */
  readonly name: string;
  /** A SQL expression of the database clock in milliseconds since the epoch (read with a study's lock). */
  readonly nowSql: string;
  /** Appended to a `SELECT` of a study row inside `write` to hold the study's lock until commit. */
  readonly lockRows: string;
  /** Appended to the `SELECT` of the expired RUNNING trials, so concurrent reapers pass locked rows. */
  readonly skipLocked: string;
  /** The storage URL that opens this database again (`sqlite:/abs/path.db`, `postgres://...`). */
  readonly url: string;
  /** A human description of the database for messages (file path, URL with the password hidden). */
  readonly description: string;
  write<T>(fn: (sql: SqlExecutor) => Promise<T>): Promise<T>;
  read<T>(fn: (sql: SqlExecutor) => Promise<T>): Promise<T>;
  /** Runs `fn`, which issues exactly one read statement, without an explicit transaction. */
  readStatement<T>(fn: (sql: SqlExecutor) => Promise<T>): Promise<T>;
  /** The database's clock in milliseconds since the epoch. */
  now(): Promise<number>;
  /**
   * Optional (PostgreSQL): one autocommitted statement that writes trial `trialId` only if its `seq` is
   * still `expectSeq`, advancing its study's seq (and `started_count` by `startedDelta`) in the same
   * statement. `values` follow `TRIAL_COLUMNS`; its `seq` entry is replaced by the study's new seq.
   * Resolves with that seq (and the stored `completed_at`), or null when the guard failed (another write
   * came first) and nothing changed. The study row is locked only while the server runs the statement,
   * never while a client waits.
   */
  guardedTrialUpdate?(write: GuardedTrialUpdate): Promise<GuardedTrialUpdated | null>;
  /**
   * Optional (PostgreSQL): one autocommitted statement that inserts a RUNNING trial under the study's next
   * number, started now by the database clock, advancing seq, `next_number` and `started_count` — only
   * when no trial of the study is WAITING (its `waiting_count` is 0, checked on the study row it locks,
   * so a retry committed while the statement waited for that lock counts) and, when `maxTrials` is not
   * null, `started_count < maxTrials`.
   * Resolves with what it wrote, or null when it wrote nothing (a trial is WAITING, the cap is reached,
   * or the study does not exist), for the caller to find out which in a transaction.
   */
  guardedTrialInsert?(write: GuardedTrialInsert): Promise<GuardedTrialInserted | null>;
  /** Whether `error` is a unique-constraint violation (two processes creating one study at once). */
  isUniqueViolation(error: unknown): boolean;
  close(): Promise<void>;
}
