/**
 * A better-sqlite3 driver that fails chosen statements with a chosen SQLite error code, for tests of
 * failures a test machine cannot produce at will (a full disk, a read-only file when running as root).
 */
import Database from "better-sqlite3";
import type { SqliteDriver } from "../src/storage/sqlite/sqlite-dialect.js";

/** The SQLite error code a statement fails with (e.g. "SQLITE_FULL"), or null to run it. */
export type SqliteFault = (sql: string) => string | null;

/**
 * A driver whose every statement (prepared, executed or a pragma) first asks `fault`, at each run.
 * @example
 * const driver = failingSqlite((sql) => (sql.startsWith("UPDATE tunekit_trials") ? "SQLITE_FULL" : null));
 * const dialect = await SqliteDialect.open({ path, driver });
 */
export function failingSqlite(fault: SqliteFault): SqliteDriver {
  const check = (sql: string) => {
    const code = fault(sql);
    if (code !== null) throw new Database.SqliteError(`injected ${code}`, code);
  };
  return class FailingDatabase {
    private readonly db: Database.Database;
    constructor(path: string, options?: Database.Options) {
      this.db = new Database(path, options);
    }
    get inTransaction(): boolean {
      return this.db.inTransaction;
    }
    prepare(sql: string) {
      const statement = this.db.prepare(sql);
      const checked =
        <A extends unknown[], R>(run: (...params: A) => R) =>
        (...params: A): R => {
          check(sql);
          return run(...params);
        };
      return {
        all: checked((...params: unknown[]) => statement.all(...params)),
        get: checked((...params: unknown[]) => statement.get(...params)),
        run: checked((...params: unknown[]) => statement.run(...params)),
      };
    }
    exec(sql: string): void {
      check(sql);
      this.db.exec(sql);
    }
    pragma(sql: string, options?: Database.PragmaOptions): unknown {
      check(sql);
      return this.db.pragma(sql, options);
    }
    close(): void {
      this.db.close();
    }
  };
}
