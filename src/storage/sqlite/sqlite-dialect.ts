import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { StorageError, StorageNotFoundError } from "../../errors.js";
import { checkOptionKeys, type KnownKeys } from "../../options/option-keys.js";
import { createSchema, MIGRATIONS, SQL_SCHEMA_VERSION } from "../sql/schema.js";
import type { SqlDialect, SqlExecutor, SqlValue } from "../sql/sql-dialect.js";

/** The subset of better-sqlite3's API this dialect uses (so its types are not a build dependency). */
interface Statement {
  all(...params: SqlValue[]): unknown[];
  get(...params: SqlValue[]): unknown;
  run(...params: SqlValue[]): { changes: number };
}
interface Database {
  prepare(sql: string): Statement;
  exec(sql: string): void;
  pragma(sql: string, options?: { simple?: boolean }): unknown;
  close(): void;
  readonly inTransaction: boolean;
}
/** better-sqlite3's `Database` class, as far as this dialect uses it. */
export type SqliteDriver = new (
  path: string,
  options?: { readonly?: boolean; fileMustExist?: boolean; timeout?: number },
) => Database;

/** Options of {@link SqliteDialect.open}. */
export interface SqliteOptions {
  readonly path: string;
  /** "NORMAL" (default: survives process crashes, WAL) or "FULL" (also survives power loss). */
  readonly synchronous?: "NORMAL" | "FULL";
  /** Open for reading only: never creates, migrates or writes the file. */
  readonly readonly?: boolean;
  /** How long a write waits for other processes' locks before failing, ms. Default 120,000. */
  readonly lockWaitMs?: number;
  /**
   * The driver class to use instead of loading better-sqlite3: a subclass that injects driver errors
   * (SQLITE_FULL, SQLITE_READONLY) lets tests reach failures a test machine cannot produce at will.
   */
  readonly driver?: SqliteDriver;
}

/**
 * What a SQLite error code means for the user and what to do, for the codes that say something about the
 * file or its disk rather than about tunekit; undefined for the others.
 */
function explanation(code: string | undefined): string | undefined {
  if (code === undefined) return undefined;
  if (code === "SQLITE_NOTADB" || code.startsWith("SQLITE_CORRUPT")) {
    return "is not a SQLite database or is damaged; tunekit left it untouched. Point the storage at a tunekit database or at a new file";
  }
  if (code === "SQLITE_FULL") {
    return "could not be written: the disk that holds it is full, so the write was not stored. Free space on that disk (or move the storage to another) and run again";
  }
  if (code.startsWith("SQLITE_IOERR")) {
    return "could not be read or written: the disk reported an I/O error, so the write was not stored. Check the disk (and its free space)";
  }
  if (code.startsWith("SQLITE_READONLY") || code.startsWith("SQLITE_CANTOPEN")) {
    return "cannot be written: the file or its folder is read-only (SQLite also writes -wal and -shm files beside it). Make both writable by this user, or open it read-only (`?mode=ro`) to only read it";
  }
  return undefined;
}

/** The keys of {@link SqliteOptions}, checked at runtime (JavaScript callers have no types). */
const SQLITE_OPTION_KEYS = {
  path: true,
  synchronous: true,
  readonly: true,
  lockWaitMs: true,
  driver: true,
} satisfies KnownKeys<SqliteOptions>;

/** How long one blocking busy wait inside SQLite may hold the event loop, ms; longer waits yield. */
const BLOCKING_BUSY_MS = 20;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function sqliteCode(error: unknown): string | undefined {
  return typeof error === "object" && error !== null
    ? ((error as { code?: string }).code ?? undefined)
    : undefined;
}

function isBusy(error: unknown): boolean {
  const code = sqliteCode(error);
  return code === "SQLITE_BUSY" || code === "SQLITE_LOCKED" || code?.startsWith("SQLITE_BUSY_") === true;
}

async function loadDriver(): Promise<SqliteDriver> {
  try {
    // A variable specifier: the driver is optional at build time and loaded only when SQLite is used.
    const driver = "better-sqlite3";
    const mod = (await import(driver)) as { default: SqliteDriver };
    return mod.default;
  } catch (error) {
    throw new StorageError(
      'SQLite storage needs the "better-sqlite3" package, which could not be loaded. Install it with `npm install better-sqlite3`.',
      { cause: error },
    );
  }
}

/**
 * The SQLite dialect (better-sqlite3): WAL journal, `synchronous=NORMAL` unless asked for FULL, writes in
 * `BEGIN IMMEDIATE` transactions so a writer holds the lock from its first statement (no lock upgrades,
 * no deadlocks between processes). Busy waits are short and blocking inside SQLite; beyond that the
 * dialect retries with growing async sleeps, so other processes' locks never surface as "database is
 * locked" and never block the event loop for long. Transactions of one process run one at a time.
 * @example
 * const storage = new SqlStorage(await SqliteDialect.open({ path: "./tunekit.db" }));
 */
export class SqliteDialect implements SqlDialect {
  readonly name = "sqlite";
  readonly lockRows = "";
  readonly nowSql = "CAST(ROUND(unixepoch('subsec') * 1000) AS INTEGER)";
  readonly skipLocked = "";
  readonly description: string;
  readonly url: string;
  private readonly statements = new Map<string, Statement>();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly executor: SqlExecutor;

  private constructor(
    private readonly db: Database,
    private readonly options: SqliteOptions,
  ) {
    this.description = `SQLite file "${options.path}"`;
    const query = [
      ...(options.synchronous === "FULL" ? ["synchronous=full"] : []),
      ...(options.readonly === true ? ["mode=ro"] : []),
    ].join("&");
    this.url = `sqlite:${encodeURI(resolve(options.path))}${query === "" ? "" : `?${query}`}`;
    this.executor = {
      all: async <R>(sql: string, params: readonly SqlValue[] = []) =>
        this.statement(sql).all(...params) as R[],
      get: async <R>(sql: string, params: readonly SqlValue[] = []) =>
        this.statement(sql).get(...params) as R | undefined,
      run: async (sql: string, params: readonly SqlValue[] = []) =>
        this.statement(sql).run(...params).changes,
      now: async () => Date.now(),
    };
  }

  /**
   * Opens (and, unless read-only, creates or migrates) a tunekit SQLite database. A file that is not a
   * SQLite database, a SQLite database that is not tunekit's, or one written by a newer tunekit is
   * refused with a clear error and left untouched.
   */
  static async open(options: SqliteOptions): Promise<SqliteDialect> {
    checkOptionKeys("SqliteDialect.open()", options, SQLITE_OPTION_KEYS);
    if (options.readonly === true && !existsSync(options.path)) {
      throw new StorageNotFoundError(
        `No tunekit storage at sqlite:${options.path} (the file does not exist), and read-only opens never create one. Run a study on it first, or point the storage (--storage, TUNEKIT_STORAGE) at an existing file.`,
        { name: "path", value: options.path },
      );
    }
    const Driver = options.driver ?? (await loadDriver());
    let db: Database;
    try {
      db = new Driver(options.path, {
        readonly: options.readonly === true,
        fileMustExist: options.readonly === true,
        timeout: BLOCKING_BUSY_MS,
      });
    } catch (error) {
      throw new StorageError(
        `Cannot open SQLite file "${options.path}": ${(error as Error).message}. Check that its folder exists and is writable.`,
        {
          cause: error,
        },
      );
    }
    const dialect = new SqliteDialect(db, options);
    try {
      await dialect.prepare();
    } catch (error) {
      db.close();
      throw error;
    }
    return dialect;
  }

  write<T>(fn: (sql: SqlExecutor) => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      await this.retryBusy(() => this.db.exec("BEGIN IMMEDIATE"), "start a write");
      return this.finish(fn);
    });
  }

  read<T>(fn: (sql: SqlExecutor) => Promise<T>): Promise<T> {
    return this.exclusive(() => this.retryRead(fn, true));
  }

  /** A single statement runs in its own implicit transaction; still queued behind this connection's others. */
  readStatement<T>(fn: (sql: SqlExecutor) => Promise<T>): Promise<T> {
    return this.exclusive(() => this.retryRead(fn, false));
  }

  /** Every process of a SQLite file runs on one machine, so its clock is the machine's. */
  async now(): Promise<number> {
    return Date.now();
  }

  isUniqueViolation(error: unknown): boolean {
    return sqliteCode(error) === "SQLITE_CONSTRAINT_UNIQUE";
  }

  async close(): Promise<void> {
    await this.exclusive(async () => this.db.close());
  }

  /** Runs `fn` inside the open transaction, then commits (retrying a busy commit) or rolls back. */
  private async finish<T>(fn: (sql: SqlExecutor) => Promise<T>): Promise<T> {
    try {
      const result = await fn(this.executor);
      await this.retryBusy(() => this.db.exec("COMMIT"), "commit");
      return result;
    } catch (error) {
      if (this.db.inTransaction) this.db.exec("ROLLBACK");
      throw this.explain(error);
    }
  }

  /**
   * Runs a read, again when another process's lock briefly blocks it (while a file switches to WAL, or a
   * WAL is recovered). Reads change nothing, so running one again is safe.
   */
  private async retryRead<T>(fn: (sql: SqlExecutor) => Promise<T>, transaction: boolean): Promise<T> {
    let result: T | undefined;
    await this.retryBusy(async () => {
      if (transaction) this.db.exec("BEGIN");
      try {
        result = await fn(this.executor);
        if (transaction) this.db.exec("COMMIT");
      } finally {
        if (this.db.inTransaction) this.db.exec("ROLLBACK");
      }
    }, "read");
    return result as T;
  }

  /** One transaction at a time on this connection: an await inside one must not let another join it. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Runs `step`, again after growing async sleeps while SQLite reports another process's lock. */
  private async retryBusy<T>(step: () => T | Promise<T>, what: string): Promise<T> {
    const deadline = Date.now() + (this.options.lockWaitMs ?? 120_000);
    for (let attempt = 0; ; attempt++) {
      try {
        return await step();
      } catch (error) {
        if (!isBusy(error)) throw this.explain(error);
        if (Date.now() > deadline) {
          throw new StorageError(
            `${this.description}: could not ${what} because other processes held the database lock for ${(this.options.lockWaitMs ?? 120_000) / 1000} s. Is a process stuck inside a transaction?`,
            { cause: error },
          );
        }
        await sleep(Math.min(50, 1 + 2 ** Math.min(attempt, 6)) * (0.5 + Math.random()));
      }
    }
  }

  private statement(sql: string): Statement {
    let stmt = this.statements.get(sql);
    if (stmt === undefined) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  /**
   * Maps SQLite's low-level errors (a foreign or damaged file, a full disk, a file or folder it may not
   * write) to a clear message naming the file and what to do.
   */
  private explain(error: unknown): unknown {
    const code = sqliteCode(error);
    const why = explanation(code);
    if (why === undefined) return error;
    return new StorageError(`${this.description} ${why} (${code}: ${(error as Error).message}).`, {
      cause: error,
    });
  }

  /** Checks what the file holds, then sets it up: WAL, pragmas, schema created or migrated. */
  private async prepare(): Promise<void> {
    const tables = await this.retryBusy(() => this.tables(), "read the schema");
    const foreign = tables.length > 0 && !tables.includes("tunekit_meta");
    if (foreign) {
      throw new StorageError(
        `${this.description} is a SQLite database but not a tunekit one (it has tables ${tables.slice(0, 5).join(", ")}); tunekit left it untouched. Use another file for tunekit.`,
      );
    }
    if (this.options.readonly !== true && tables.length > 0)
      await this.retryBusy(() => this.checkIntact(), "check the file");
    await this.retryBusy(() => this.db.pragma("foreign_keys = ON"), "set foreign keys");
    if (this.options.readonly === true) {
      if (tables.length === 0) {
        throw new StorageNotFoundError(
          `No tunekit storage in ${this.description} (it holds no tunekit tables yet), and read-only opens never create them. Run a study on it first, or point the storage (--storage, TUNEKIT_STORAGE) at another file.`,
          { name: "path", value: this.options.path },
        );
      }
      this.checkVersion(true);
      return;
    }
    await this.retryBusy(() => this.db.pragma("journal_mode = WAL"), "switch to WAL");
    const synchronous = this.options.synchronous === "FULL" ? "FULL" : "NORMAL";
    await this.retryBusy(() => this.db.pragma(`synchronous = ${synchronous}`), "set synchronous");
    await this.write(async () => {
      if (!this.tables().includes("tunekit_meta")) {
        for (const sql of createSchema({
          id: "INTEGER PRIMARY KEY AUTOINCREMENT",
          bigint: "INTEGER",
          real: "REAL",
        }))
          this.db.exec(sql);
        this.db
          .prepare("INSERT INTO tunekit_meta (key, value) VALUES ('schema_version', ?)")
          .run(String(SQL_SCHEMA_VERSION));
        return;
      }
      for (let v = this.checkVersion(false); v < SQL_SCHEMA_VERSION; v++) {
        for (const sql of MIGRATIONS[v] ?? []) this.db.exec(sql);
        this.db.prepare("UPDATE tunekit_meta SET value = ? WHERE key = 'schema_version'").run(String(v + 1));
      }
    });
  }

  /**
   * Refuses a damaged file before anything writes into it: a write may land on intact pages (a new study)
   * while the trials already stored are lost, so a writer never starts on a file that fails SQLite's
   * quick check. It reads every page once, at open only (about 0.1 s for a 70 MB file).
   */
  private checkIntact(): void {
    const rows = this.db.pragma("quick_check(3)") as { quick_check: string }[];
    const problems = rows
      .flatMap((r) => r.quick_check.split("\n"))
      .filter((line) => line !== "ok" && !line.startsWith("***"));
    if (problems.length === 0) return;
    throw new StorageError(
      `${this.description} is damaged (SQLite's quick check found: ${problems.join("; ")}), so tunekit refuses to write into it and left it untouched. Restore it from a backup or recover what it holds (\`sqlite3 FILE .recover\`), or point the storage at a new file.`,
      { name: "path", value: this.options.path },
    );
  }

  private tables(): string[] {
    try {
      return (
        this.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
      ).map((r) => r.name);
    } catch (error) {
      throw this.explain(error);
    }
  }

  /** The file's schema version; refuses newer files, and older ones when reading only. */
  private checkVersion(readonly: boolean): number {
    const row = this.db.prepare("SELECT value FROM tunekit_meta WHERE key = 'schema_version'").get() as
      | { value: string }
      | undefined;
    const version = Number(row?.value ?? 0);
    if (version > SQL_SCHEMA_VERSION) {
      throw new StorageError(
        `${this.description} has tunekit schema version ${version}, newer than this tunekit understands (${SQL_SCHEMA_VERSION}). Upgrade tunekit to open it; the file was left untouched.`,
      );
    }
    if (readonly && version < SQL_SCHEMA_VERSION) {
      throw new StorageError(
        `${this.description} has tunekit schema version ${version}, older than ${SQL_SCHEMA_VERSION}, and was opened read-only, which never migrates. Open it once for writing (any tunekit run on it) to upgrade it.`,
      );
    }
    return version;
  }
}
