import { StorageError, StorageNotFoundError, StorageUrlError } from "../../errors.js";
import { log } from "../../logging/logger.js";
import { checkOptionKeys, type KnownKeys } from "../../options/option-keys.js";
import { TRIAL_COLUMNS } from "../sql/rows.js";
import { createSchema, MIGRATIONS, SQL_SCHEMA_VERSION } from "../sql/schema.js";
import type {
  GuardedTrialInsert,
  GuardedTrialInserted,
  GuardedTrialUpdate,
  GuardedTrialUpdated,
  SqlDialect,
  SqlExecutor,
  SqlValue,
} from "../sql/sql-dialect.js";
import { type ChangeRow, changesSelect } from "../sql/trial-changes.js";
import { redactStorageUrl } from "../storage-url.js";

/** The subset of `pg` this dialect uses (so `pg` stays an optional dependency). */
interface PoolClient {
  query(sql: string, params?: readonly SqlValue[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
  query(config: {
    readonly name: string;
    readonly text: string;
    readonly values: readonly SqlValue[];
  }): Promise<{ rows: unknown[]; rowCount: number | null }>;
  release(error?: Error | boolean): void;
}
interface Pool {
  connect(): Promise<PoolClient>;
  on(event: "connect", listener: (client: PoolClient) => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
  end(): Promise<void>;
}
type PoolConstructor = new (config: {
  connectionString: string;
  max: number;
  connectionTimeoutMillis: number;
  allowExitOnIdle: boolean;
}) => Pool;

/** The columns a guarded claim returns of the trial it inserted. */
interface ClaimedColumns {
  readonly trial_id: number | string;
  readonly number: number | string;
  readonly seq: number | string;
  readonly started_at: number | string;
  readonly lease_expires_at: number | string | null;
}

/** {@link ClaimedColumns} as the claim-with-changes statement names them (null when it inserted nothing). */
interface ClaimedAs {
  readonly claimed_trial_id: number | string | null;
  readonly claimed_number: number | string;
  readonly claimed_seq: number | string;
  readonly claimed_started_at: number | string;
  readonly claimed_lease_expires_at: number | string | null;
}

function claimedFrom(row: ClaimedColumns): GuardedTrialInserted {
  return {
    trialId: Number(row.trial_id),
    number: Number(row.number),
    seq: Number(row.seq),
    startedAt: Number(row.started_at),
    leaseExpiresAt: row.lease_expires_at === null ? null : Number(row.lease_expires_at),
  };
}

/** The columns a guarded update returns of the trial it wrote. */
interface WrittenColumns {
  readonly written_seq: number | string;
  readonly written_completed_at: number | string | null;
}

function writtenFrom(row: WrittenColumns): GuardedTrialUpdated {
  return {
    seq: Number(row.written_seq),
    completedAt: row.written_completed_at === null ? null : Number(row.written_completed_at),
  };
}

/** Options of {@link PostgresDialect.open}. */
export interface PostgresOptions {
  /** `postgres://user:password@host:port/database`; `?schema=NAME` picks the schema (default "public"). */
  readonly url: string;
  /** Connections in the pool. Default 4. */
  readonly poolSize?: number;
  /** How long a write is retried after serialization failures and dropped connections, ms. Default 60,000. */
  readonly retryForMs?: number;
  /**
   * How long to keep trying to connect while the server cannot be reached (refused, unreachable, starting
   * up), ms: a warning after {@link CONNECT_WARN_MS}, then a clear error. Default 30,000 (or `retryForMs`
   * when smaller); `?connectRetry=SECONDS` in the URL sets it too.
   */
  readonly connectRetryMs?: number;
  /**
   * Only read: never creates the schema or tables, never migrates, and every transaction is read-only.
   * Also set by `mode=ro` in the URL. A schema without tunekit's tables throws `StorageNotFoundError`.
   */
  readonly readOnly?: boolean;
}

/** The keys of {@link PostgresOptions}, checked at runtime (JavaScript callers have no types). */
const POSTGRES_OPTION_KEYS = {
  url: true,
  poolSize: true,
  retryForMs: true,
  connectRetryMs: true,
  readOnly: true,
} satisfies KnownKeys<PostgresOptions>;

/** SQLSTATEs after which a whole transaction may simply run again. */
const RETRYABLE = new Set([
  "40001", // serialization_failure
  "40P01", // deadlock_detected
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
  "08000",
  "08003",
  "08006",
  "08001",
  "08004",
]);
const NETWORK = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH"]);

/** How long connecting may fail before tunekit says that it cannot connect and is retrying, ms. */
export const CONNECT_WARN_MS = 2000;

/**
 * What a connection or server error means and what to do, by code (SQLSTATE or Node's network code);
 * undefined for errors that say nothing about the URL or the server (tunekit's own bugs stay raw).
 */
function connectionHint(code: string): string | undefined {
  if (code === "ENOTFOUND" || code === "EAI_AGAIN")
    return "the host name is unknown. Check the host in the URL";
  if (code === "ECONNREFUSED")
    return "nothing accepts connections there. Check that the server runs and the port is right";
  if (NETWORK.has(code) || code.startsWith("08") || code.startsWith("57P"))
    return "the server cannot be reached. Check that it runs and that this machine can reach it";
  if (code === "28000")
    return "the server refused the login. Check the user name in the URL (the role must exist and may log in from this host)";
  if (code === "28P01") return "the password was refused. Check the password in the URL";
  if (code === "3D000") return "the database does not exist. Check its name in the URL, or create it";
  if (code === "42501")
    return "the user lacks a privilege tunekit needs. Grant it (CREATE on the database or schema), or use another user";
  if (code === "53100")
    return "the server's disk is full, so the write was not stored. Free space on the server";
  return undefined;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function pgCode(error: unknown): string | undefined {
  return typeof error === "object" && error !== null ? (error as { code?: string }).code : undefined;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The SQL type of each trial column, for the casts of an `INSERT … SELECT` (whose values have no target type). */
const TRIAL_COLUMN_TYPES: Readonly<Record<(typeof TRIAL_COLUMNS)[number], string>> = {
  state: "text",
  seq: "bigint",
  value0: "float8",
  feasible: "integer",
  started_at: "bigint",
  completed_at: "bigint",
  worker_id: "text",
  lease_expires_at: "bigint",
  body: "text",
};

/** `?` placeholders → `$1, $2, ...` (tunekit's SQL has no `?` inside literals). */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** Statements with parameters are prepared once per connection under these names (text → name, SQL). */
const PREPARED = new Map<string, { readonly name: string; readonly text: string }>();
/** tunekit issues a few dozen distinct statements; past this many, further ones run unprepared. */
const MAX_PREPARED = 256;

/**
 * Runs `sql` (with `?` placeholders) on `client`. A statement with parameters runs as a named prepared
 * statement, so the server parses and plans it once per connection instead of at every call (`pg`
 * prepares a name on first use on each connection); the rest run as they are.
 */
function runQuery(client: PoolClient, sql: string, params: readonly SqlValue[]) {
  if (params.length === 0) return client.query(sql);
  let prepared = PREPARED.get(sql);
  if (prepared === undefined) {
    if (PREPARED.size >= MAX_PREPARED) return client.query(numbered(sql), params);
    prepared = { name: `tunekit_${PREPARED.size}`, text: numbered(sql) };
    PREPARED.set(sql, prepared);
  }
  return client.query({ ...prepared, values: params });
}

async function loadDriver(): Promise<PoolConstructor> {
  try {
    const driver = "pg";
    const mod = (await import(driver)) as { default: { Pool: PoolConstructor } };
    return mod.default.Pool;
  } catch (error) {
    throw new StorageError(
      'PostgreSQL storage needs the "pg" package, which could not be loaded. Install it with `npm install pg`.',
      {
        cause: error,
      },
    );
  }
}

/**
 * Splits a storage URL into the connection string for `pg`, the schema (`?schema=`) and whether it is
 * opened read-only (`?mode=ro`).
 * @example
 * parsePostgresUrl("postgresql://u@h/db?schema=tk"); // { connectionString: "postgresql://u@h/db", schema: "tk", readOnly: false }
 */
export function parsePostgresUrl(url: string): {
  connectionString: string;
  schema: string;
  readOnly: boolean;
  connectRetryMs?: number;
} {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get("schema") ?? "public";
  const readOnly = parsed.searchParams.get("mode") === "ro";
  const retry = parsed.searchParams.get("connectRetry");
  for (const key of ["schema", "mode", "connectRetry"]) parsed.searchParams.delete(key);
  const result = { connectionString: parsed.toString(), schema, readOnly };
  if (retry === null) return result;
  const seconds = Number(retry);
  if (retry.trim() === "" || !Number.isFinite(seconds) || seconds < 0) {
    throw new StorageUrlError(
      `PostgreSQL URL ${redactStorageUrl(url)}: connectRetry must be a number of seconds ≥ 0, but got "${retry}". Use e.g. ?connectRetry=30.`,
      { name: "connectRetry", value: retry },
    );
  }
  return { ...result, connectRetryMs: seconds * 1000 };
}

/** `url` with `mode=ro` added unless it has it, so a storage opened read-only reopens read-only. */
function readOnlyUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.searchParams.get("mode") === "ro") return url;
  parsed.searchParams.set("mode", "ro");
  return parsed.toString();
}

/**
 * The PostgreSQL dialect (`pg`): a connection pool, writes that lock the study row (`FOR UPDATE`) so a
 * study's writes commit in `seq` order, claims that skip rows other workers hold (`SKIP LOCKED`), reads in
 * REPEATABLE READ snapshots, and the server's clock for every time stamp. Transactions that fail on a
 * serialization failure, a deadlock or a dropped connection before commit run again.
 * @example
 * const storage = new SqlStorage(await PostgresDialect.open({ url: "postgres://postgres@127.0.0.1/test" }));
 */
export class PostgresDialect implements SqlDialect {
  readonly name = "postgres";
  readonly lockRows = " FOR UPDATE";
  readonly nowSql = "(extract(epoch FROM clock_timestamp()) * 1000)::float8";
  readonly skipLocked = " FOR UPDATE SKIP LOCKED";
  readonly description: string;
  readonly url: string;
  /** Whether the warning that the server cannot be reached was given since the last connection. */
  private outageWarned = false;

  private constructor(
    private readonly pool: Pool,
    private readonly options: PostgresOptions,
    readonly schema: string,
  ) {
    this.description = `PostgreSQL ${redactStorageUrl(options.url)}`;
    this.url = options.readOnly === true ? readOnlyUrl(options.url) : options.url;
  }

  /** Connects, then creates or migrates the schema under an advisory lock (safe from many processes at once). */
  static async open(options: PostgresOptions): Promise<PostgresDialect> {
    checkOptionKeys("PostgresDialect.open()", options, POSTGRES_OPTION_KEYS);
    const Pool = await loadDriver();
    const { connectionString, schema, readOnly, connectRetryMs } = parsePostgresUrl(options.url);
    const only = options.readOnly === true || readOnly;
    const connectRetry =
      options.connectRetryMs ?? connectRetryMs ?? Math.min(30_000, options.retryForMs ?? 60_000);
    // Idle connections must not keep the process alive: a worker script ends when its study ends, not
    // when the pool's idle timeout (10 s) closes them.
    const pool = new Pool({
      connectionString,
      max: options.poolSize ?? 4,
      // One attempt waits at most this long, so an unreachable host still gets its warning and its
      // bounded number of attempts.
      connectionTimeoutMillis: Math.max(1000, Math.min(10_000, connectRetry)),
      allowExitOnIdle: true,
    });
    pool.on("error", () => {
      // An idle client lost its connection; the pool replaces it. Nothing is in flight on it.
    });
    // A reader's sessions refuse every write, so no code path of a read-only open can change the database.
    const session = `SET search_path TO ${quoteIdent(schema)}${only ? "; SET default_transaction_read_only = on" : ""}`;
    pool.on("connect", (client) => {
      void client.query(session);
    });
    const dialect = new PostgresDialect(
      pool,
      { ...options, readOnly: only, connectRetryMs: connectRetry },
      schema,
    );
    try {
      await dialect.prepare();
    } catch (error) {
      await pool.end();
      throw error;
    }
    return dialect;
  }

  write<T>(fn: (sql: SqlExecutor) => Promise<T>): Promise<T> {
    return this.transaction("BEGIN", fn);
  }

  read<T>(fn: (sql: SqlExecutor) => Promise<T>): Promise<T> {
    return this.transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", fn);
  }

  /** One statement in autocommit mode: one round trip, one snapshot; retried like a transaction. */
  readStatement<T>(fn: (sql: SqlExecutor) => Promise<T>): Promise<T> {
    return this.transaction(null, fn);
  }

  async now(): Promise<number> {
    return this.readStatement((sql) => sql.now());
  }

  async guardedTrialUpdate(write: GuardedTrialUpdate): Promise<GuardedTrialUpdated | null> {
    const clocked = write.completedNow === true;
    const set = TRIAL_COLUMNS.map((c) =>
      c === "seq"
        ? "seq = s.seq"
        : c === "completed_at" && clocked
          ? "completed_at = round(s.now_ms)::bigint"
          : `${c} = ?`,
    ).join(", ");
    const values = TRIAL_COLUMNS.flatMap((c, i) =>
      c === "seq" || (c === "completed_at" && clocked) ? [] : [write.values[i] ?? null],
    );
    // g locks the trial row if it is still the version the caller read (a concurrent write changes its
    // seq, and PostgreSQL re-checks the condition on the newest version after waiting for the lock); s
    // advances the study only then; the trial row is written with s's seq. All in one statement, so the
    // study row's lock lasts as long as the server needs to run it and commit.
    const guard =
      "WITH g AS (SELECT trial_id FROM tunekit_trials WHERE trial_id = ? AND seq = ? FOR UPDATE), " +
      `s AS (UPDATE tunekit_studies SET seq = seq + 1, started_count = started_count + ?, last_activity = ${this.nowSql} ` +
      `WHERE study_id = ? AND EXISTS (SELECT 1 FROM g) RETURNING seq, ${this.nowSql} AS now_ms)`;
    const update =
      `UPDATE tunekit_trials SET ${set} FROM s WHERE tunekit_trials.trial_id = ? ` +
      "RETURNING tunekit_trials.seq AS written_seq, tunekit_trials.completed_at AS written_completed_at";
    const params = [
      write.trialId,
      write.expectSeq,
      write.startedDelta,
      write.studyId,
      ...values,
      write.trialId,
    ];
    if (write.since === undefined || write.since === null) {
      const row = (await this.autocommitWrite<WrittenColumns>(`${guard} ${update}`, params))[0];
      return row === undefined ? null : writtenFrom(row);
    }
    // The changes ride along, read in the snapshot the statement started with (see guardedTrialInsert).
    const rows = await this.autocommitWrite<
      ChangeRow & { [K in keyof WrittenColumns]: WrittenColumns[K] | null }
    >(
      `${guard}, u AS (${update}) ` +
        `${changesSelect({ cte: "u", columns: "u.written_seq, u.written_completed_at" })} ORDER BY t.number`,
      [...params, write.since, write.studyId],
    );
    const first = rows[0];
    if (first === undefined || first.written_seq === null) return null;
    return {
      ...writtenFrom({ written_seq: first.written_seq, written_completed_at: first.written_completed_at }),
      changes: rows,
    };
  }

  async guardedTrialInsert(write: GuardedTrialInsert): Promise<GuardedTrialInserted | null> {
    const capped = write.maxTrials !== null;
    // started_at and the lease come from the clock read by s; the other columns from `values`.
    const select = TRIAL_COLUMNS.map((c) =>
      c === "seq"
        ? "s.seq"
        : c === "started_at"
          ? "round(s.now_ms)::bigint"
          : c === "lease_expires_at"
            ? "round(s.now_ms + ?::float8)::bigint"
            : `?::${TRIAL_COLUMN_TYPES[c]}`,
    );
    const values = TRIAL_COLUMNS.flatMap((c, i) =>
      c === "seq" || c === "started_at"
        ? []
        : c === "lease_expires_at"
          ? [write.leaseMs]
          : [write.values[i] ?? null],
    );
    // The WAITING check reads the study row's counter, not the trials: after waiting for the row's lock,
    // PostgreSQL re-checks the WHERE on the row's newest version, while a read of tunekit_trials would
    // still see the statement's starting snapshot and miss a retry committed meanwhile (by a reaper).
    const counters =
      "WITH s AS (UPDATE tunekit_studies SET seq = seq + 1, next_number = next_number + 1, started_count = started_count + 1, " +
      `last_activity = ${this.nowSql} WHERE study_id = ? AND waiting_count = 0${capped ? " AND started_count < ?" : ""} ` +
      `RETURNING seq, next_number, ${this.nowSql} AS now_ms)`;
    const insert =
      `INSERT INTO tunekit_trials (study_id, number, ${TRIAL_COLUMNS.join(", ")}) ` +
      `SELECT ?::bigint, s.next_number - 1, ${select.join(", ")} FROM s ` +
      "RETURNING trial_id, number, seq, started_at, lease_expires_at";
    const params = [write.studyId, ...(capped ? [write.maxTrials] : []), write.studyId, ...values];
    if (write.since === null) {
      const row = (await this.autocommitWrite<ClaimedColumns>(`${counters} ${insert}`, params))[0];
      return row === undefined ? null : claimedFrom(row);
    }
    // The changes ride along: the outer SELECT reads the snapshot the statement started with (data-modifying
    // CTEs are invisible to it), so the study's seq it returns is a cursor that skips no committed write.
    const rows = await this.autocommitWrite<ChangeRow & ClaimedAs>(
      `${counters}, i AS (${insert}) ` +
        `${changesSelect({
          cte: "i",
          columns:
            "i.trial_id AS claimed_trial_id, i.number AS claimed_number, i.seq AS claimed_seq, " +
            "i.started_at AS claimed_started_at, i.lease_expires_at AS claimed_lease_expires_at",
        })} ORDER BY t.number`,
      [...params, write.since, write.studyId],
    );
    const first = rows[0];
    if (first === undefined || first.claimed_trial_id === null) return null;
    return {
      ...claimedFrom({
        trial_id: first.claimed_trial_id,
        number: first.claimed_number,
        seq: first.claimed_seq,
        started_at: first.claimed_started_at,
        lease_expires_at: first.claimed_lease_expires_at,
      }),
      changes: rows,
    };
  }

  isUniqueViolation(error: unknown): boolean {
    return pgCode(error) === "23505";
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private executor(client: PoolClient): SqlExecutor {
    const query = async (sql: string, params: readonly SqlValue[] = []) => runQuery(client, sql, params);
    return {
      all: async <R>(sql: string, params?: readonly SqlValue[]) => (await query(sql, params)).rows as R[],
      get: async <R>(sql: string, params?: readonly SqlValue[]) =>
        (await query(sql, params)).rows[0] as R | undefined,
      run: async (sql: string, params?: readonly SqlValue[]) => (await query(sql, params)).rowCount ?? 0,
      now: async () => {
        const rows = (await query("SELECT (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS ms"))
          .rows as { ms: number }[];
        return Math.round((rows[0] as { ms: number }).ms);
      },
    };
  }

  /**
   * Runs one data-modifying statement in autocommit mode. It runs again only after a serialization
   * failure or a deadlock, which roll it back; after any other failure (a dropped connection included)
   * it may or may not have committed, so the error is thrown, as for a failed COMMIT.
   */
  private async autocommitWrite<R>(sql: string, params: readonly SqlValue[]): Promise<R[]> {
    const deadline = Date.now() + (this.options.retryForMs ?? 60_000);
    for (let attempt = 0; ; attempt++) {
      const client = await this.connect();
      try {
        const result = await runQuery(client, sql, params);
        client.release();
        return result.rows as R[];
      } catch (error) {
        const code = pgCode(error) ?? "";
        client.release(NETWORK.has(code) || code.startsWith("08"));
        if ((code === "40001" || code === "40P01") && Date.now() <= deadline) {
          await sleep(Math.min(1000, 5 * 2 ** Math.min(attempt, 8)) * (0.5 + Math.random()));
          continue;
        }
        throw this.explain(error);
      }
    }
  }

  /** Runs `fn` in a transaction, again on retryable failures; a failure during COMMIT is never retried. */
  private async transaction<T>(begin: string | null, fn: (sql: SqlExecutor) => Promise<T>): Promise<T> {
    const deadline = Date.now() + (this.options.retryForMs ?? 60_000);
    for (let attempt = 0; ; attempt++) {
      let client: PoolClient | undefined;
      let committing = false;
      try {
        client = await this.connect();
        if (begin !== null) await client.query(begin);
        const result = await fn(this.executor(client));
        committing = true;
        if (begin !== null) await client.query("COMMIT");
        client.release();
        return result;
      } catch (error) {
        const broken =
          client !== undefined &&
          (NETWORK.has(pgCode(error) ?? "") || (pgCode(error) ?? "").startsWith("08"));
        if (client !== undefined) {
          if (!broken && begin !== null) await client.query("ROLLBACK").catch(() => undefined);
          client.release(broken);
        }
        const retryable = RETRYABLE.has(pgCode(error) ?? "") || NETWORK.has(pgCode(error) ?? "");
        if (committing || !retryable || Date.now() > deadline) throw this.explain(error);
        await sleep(Math.min(1000, 5 * 2 ** Math.min(attempt, 8)) * (0.5 + Math.random()));
      }
    }
  }

  /**
   * A pooled connection. While the server cannot be reached it tries again with growing pauses, says so
   * once after {@link CONNECT_WARN_MS} (per outage, not per caller), and gives up after `connectRetryMs`
   * with an error that names the URL (password hidden) and what to check.
   */
  private async connect(): Promise<PoolClient> {
    const started = Date.now();
    const limitMs = this.options.connectRetryMs ?? 30_000;
    let last: unknown;
    const warning = setTimeout(() => {
      if (this.outageWarned) return;
      this.outageWarned = true;
      const why =
        last === undefined ? "no answer yet" : `${pgCode(last) ?? "error"}: ${(last as Error).message}`;
      log(
        "warning",
        `Cannot connect to ${this.description} (${why}); retrying for up to ${Math.round(limitMs / 1000)} s.`,
      );
    }, CONNECT_WARN_MS);
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          const client = await this.pool.connect();
          this.outageWarned = false;
          return client;
        } catch (error) {
          last = error;
          const code = pgCode(error) ?? "";
          const left = started + limitMs - Date.now();
          if (!(RETRYABLE.has(code) || NETWORK.has(code)) || left <= 0)
            throw this.explain(error, attempt > 0 ? Date.now() - started : 0);
          await sleep(Math.min(left, Math.min(1000, 5 * 2 ** Math.min(attempt, 8)) * (0.5 + Math.random())));
        }
      }
    } finally {
      clearTimeout(warning);
    }
  }

  /** A driver or server error as a clear `StorageError` where its code says something about the URL or server. */
  private explain(error: unknown, retriedMs = 0): unknown {
    const code = pgCode(error);
    const hint = code === undefined ? undefined : connectionHint(code);
    if (hint === undefined) return error;
    const retried = retriedMs > 0 ? `, after retrying for ${Math.round(retriedMs / 1000)} s` : "";
    return new StorageError(
      `Cannot use ${this.description} (${code}: ${(error as Error).message}${retried}): ${hint}.`,
      { cause: error },
    );
  }

  /** Checks, without writing, that the schema holds tunekit tables of the version this tunekit reads. */
  private async checkReadable(): Promise<void> {
    const version = await this.read(async (sql) => {
      const meta = await sql.get<{ t: string | null }>("SELECT to_regclass(?) AS t", [
        `${quoteIdent(this.schema)}.tunekit_meta`,
      ]);
      if (meta === undefined || meta.t === null) return null;
      const row = await sql.get<{ value: string }>(
        "SELECT value FROM tunekit_meta WHERE key = 'schema_version'",
      );
      return Number(row?.value ?? 0);
    });
    if (version === null) {
      throw new StorageNotFoundError(
        `No tunekit storage at ${this.description}: schema "${this.schema}" has no tunekit tables, and read-only opens never create them. Run a study on it first, or point the storage (--storage, TUNEKIT_STORAGE) at the URL and ?schema= a study ran on.`,
        { name: "schema", value: this.schema },
      );
    }
    if (version !== SQL_SCHEMA_VERSION) {
      throw new StorageError(
        `${this.description} (schema "${this.schema}") has tunekit schema version ${version}, but this tunekit reads ${SQL_SCHEMA_VERSION}, and read-only opens never migrate. ${version > SQL_SCHEMA_VERSION ? "Upgrade tunekit." : "Open it once for writing (any tunekit run on it) to upgrade it."}`,
      );
    }
  }

  /** Creates the schema and tables, or migrates them, holding an advisory lock so concurrent openers queue. */
  private async prepare(): Promise<void> {
    if (this.options.readOnly === true) return this.checkReadable();
    const schema = quoteIdent(this.schema);
    await this.write(async (sql) => {
      await sql.get("SELECT pg_advisory_xact_lock(hashtext(?))", [`tunekit-schema:${this.schema}`]);
      await sql.run(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      const meta = await sql.get<{ t: string | null }>("SELECT to_regclass(?) AS t", [
        `${schema}.tunekit_meta`,
      ]);
      if (meta?.t === null || meta === undefined) {
        const types = {
          id: "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
          bigint: "BIGINT",
          real: "DOUBLE PRECISION",
        };
        for (const statement of createSchema(types)) await sql.run(statement);
        await sql.run("INSERT INTO tunekit_meta (key, value) VALUES ('schema_version', ?)", [
          String(SQL_SCHEMA_VERSION),
        ]);
        return;
      }
      const row = await sql.get<{ value: string }>(
        "SELECT value FROM tunekit_meta WHERE key = 'schema_version'",
      );
      const version = Number(row?.value ?? 0);
      if (version > SQL_SCHEMA_VERSION) {
        throw new StorageError(
          `${this.description} (schema "${this.schema}") has tunekit schema version ${version}, newer than this tunekit understands (${SQL_SCHEMA_VERSION}). Upgrade tunekit.`,
        );
      }
      for (let v = version; v < SQL_SCHEMA_VERSION; v++) {
        for (const statement of MIGRATIONS[v] ?? []) await sql.run(statement);
        await sql.run("UPDATE tunekit_meta SET value = ? WHERE key = 'schema_version'", [String(v + 1)]);
      }
    });
  }
}
