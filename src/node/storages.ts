import { resolve } from "node:path";
import { PostgresDialect } from "../storage/postgres/postgres-dialect.js";
import { SqlStorage } from "../storage/sql/sql-storage.js";
import { SqliteDialect } from "../storage/sqlite/sqlite-dialect.js";
import { parseSqliteUrl } from "../storage/sqlite/sqlite-url.js";
import type { Storage } from "../storage/storage.js";
import { registerStorageScheme } from "../storage/storage-url.js";

/** Storages already open in this process, by resolved URL, so repeated opens share one connection. */
const open = new Map<string, Promise<Storage>>();

/**
 * Opens (once per process and file) a SQLite storage for a `sqlite:` URL.
 * @example
 * const storage = await openSqliteStorage("sqlite:./tunekit.db");
 */
export function openSqliteStorage(url: string): Promise<Storage> {
  const options = parseSqliteUrl(url);
  const key = `${resolve(options.path)}|${options.synchronous ?? "NORMAL"}|${options.readonly === true}`;
  let storage = open.get(key);
  if (storage === undefined) {
    storage = SqliteDialect.open(options).then((dialect) => new SqlStorage(dialect));
    storage.catch(() => open.delete(key));
    open.set(key, storage);
  }
  return storage;
}

registerStorageScheme("sqlite", openSqliteStorage);

/**
 * Opens (once per process and URL) a PostgreSQL storage for a `postgres://` or `postgresql://` URL;
 * `?schema=NAME` picks the schema.
 * @example
 * const storage = await openPostgresStorage("postgres://postgres@127.0.0.1:5432/test?schema=tunekit");
 */
export function openPostgresStorage(url: string): Promise<Storage> {
  let storage = open.get(url);
  if (storage === undefined) {
    storage = PostgresDialect.open({ url }).then((dialect) => new SqlStorage(dialect));
    storage.catch(() => open.delete(url));
    open.set(url, storage);
  }
  return storage;
}

registerStorageScheme("postgres", openPostgresStorage);
registerStorageScheme("postgresql", openPostgresStorage);

/**
 * The storage URL tools use when none is given: `TUNEKIT_STORAGE`, else `sqlite:./tunekit.db`.
 * @example
 * await createStudy({ storage: defaultStorageUrl() });
 */
export function defaultStorageUrl(): string {
  return process.env.TUNEKIT_STORAGE ?? "sqlite:./tunekit.db";
}
