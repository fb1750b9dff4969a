/**
 * The relational schema every SQL back-end shares, version {@link SQL_SCHEMA_VERSION}. Each trial is one
 * row: the columns that queries filter or sort on, and a JSON body with the rest of the record. Per-study
 * counters (`seq`, `next_number`, `started_count`) live on the study row and change only under its lock.
 */

/** Bumped with every change to the tables below; writers migrate older files, readers refuse them. */
export const SQL_SCHEMA_VERSION = 1;

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
 * Statements that take schema version `from` to `from + 1`, by version. Empty while there is one version.
 * @example
 * const steps = MIGRATIONS[1]; // undefined until version 2 exists
 */
export const MIGRATIONS: Readonly<Record<number, readonly string[]>> = {};
