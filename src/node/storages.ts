import { resolve } from "node:path";
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
 * The storage URL tools use when none is given: `TUNEKIT_STORAGE`, else `sqlite:./tunekit.db`.
 * @example
 * await createStudy({ storage: defaultStorageUrl() });
 */
export function defaultStorageUrl(): string {
  return process.env.TUNEKIT_STORAGE ?? "sqlite:./tunekit.db";
}
