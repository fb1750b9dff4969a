/**
 * The relational schema every SQL back-end shares, version {@link SQL_SCHEMA_VERSION}. Each trial is one
 * row: the columns that queries filter or sort on, and a JSON body with the rest of the record. Per-study
 * counters (`seq`, `next_number`, `started_count`, `waiting_count`) live on the study row and change only
 * under its lock. `waiting_count` (the study's WAITING trials) lets a claim that starts a new trial see,
 * under that lock, a retry committed while it waited for it (a snapshot read of the trials would miss it).
 */

/** Bumped with every change to the tables below; writers migrate older files, readers refuse them. */
export const SQL_SCHEMA_VERSION = 2;

/** Column types that differ by dialect. */
export interface SchemaTypes {
  readonly id: string;
  readonly bigint: string;
  readonly real: string;
}

/**
 * The statements that create schema version {@link SQL_SCHEMA_VERSION} from nothing.
 * @example
 * for (const sql of createSchema({ id: "INTEGER PRIMARY KEY AUTOINCREMENT", bigint: "INTEGER", real: "REAL" })) db.exec(sql);
 */
export function createSchema(t: SchemaTypes): string[] {
  return [
    "CREATE TABLE tunekit_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    `CREATE TABLE tunekit_studies (
      study_id ${t.id},
      name TEXT NOT NULL UNIQUE,
      seq ${t.bigint} NOT NULL DEFAULT 0,
      next_number ${t.bigint} NOT NULL DEFAULT 0,
      started_count ${t.bigint} NOT NULL DEFAULT 0,
      waiting_count ${t.bigint} NOT NULL DEFAULT 0,
      created_at ${t.bigint} NOT NULL,
      last_activity ${t.bigint} NOT NULL,
      schema_version INTEGER NOT NULL,
      body TEXT NOT NULL
    )`,
    `CREATE TABLE tunekit_trials (
      trial_id ${t.id},
      study_id ${t.bigint} NOT NULL REFERENCES tunekit_studies (study_id) ON DELETE CASCADE,
      number ${t.bigint} NOT NULL,
      state TEXT NOT NULL,
      seq ${t.bigint} NOT NULL,
      value0 ${t.real},
      feasible INTEGER NOT NULL,
      started_at ${t.bigint},
      completed_at ${t.bigint},
      worker_id TEXT,
      lease_expires_at ${t.bigint},
      body TEXT NOT NULL,
      UNIQUE (study_id, number)
    )`,
    "CREATE INDEX tunekit_trials_seq ON tunekit_trials (study_id, seq)",
    "CREATE INDEX tunekit_trials_state ON tunekit_trials (study_id, state, number)",
    `CREATE TABLE tunekit_state (
      study_id ${t.bigint} NOT NULL REFERENCES tunekit_studies (study_id) ON DELETE CASCADE,
      key TEXT NOT NULL,
      version ${t.bigint} NOT NULL,
      value TEXT NOT NULL,
      PRIMARY KEY (study_id, key)
    )`,
  ];
}

/**
 * Statements that take schema version `from` to `from + 1`, by version. The dialects run them in the
 * transaction that opens the database for writing (under PostgreSQL's schema advisory lock, or SQLite's
 * write lock), so concurrent openers migrate once and no writer sees a half-migrated schema.
 * @example
 * for (const sql of MIGRATIONS[1] ?? []) db.exec(sql); // version 1 → 2
 */
export const MIGRATIONS: Readonly<Record<number, readonly string[]>> = {
  1: [
    // BIGINT has INTEGER affinity in SQLite, so one statement serves both dialects.
    "ALTER TABLE tunekit_studies ADD COLUMN waiting_count BIGINT NOT NULL DEFAULT 0",
    "UPDATE tunekit_studies SET waiting_count = (SELECT COUNT(*) FROM tunekit_trials t WHERE t.study_id = tunekit_studies.study_id AND t.state = 'WAITING')",
  ],
};
