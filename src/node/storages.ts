import { resolve } from "node:path";
import { PostgresDialect, parsePostgresUrl } from "../storage/postgres/postgres-dialect.js";
import { SqlStorage } from "../storage/sql/sql-storage.js";
import { SqliteDialect } from "../storage/sqlite/sqlite-dialect.js";
import { parseSqliteUrl } from "../storage/sqlite/sqlite-url.js";
import type { Storage } from "../storage/storage.js";
import { type OpenStorageOptions, registerStorageScheme } from "../storage/storage-url.js";

/** A storage several callers in this process share, closed when the last of them closes it. */
interface SharedStorage {
  readonly opening: Promise<Storage>;
  users: number;
}

/** Storages open in this process, by resolved URL, so repeated opens share one connection. */
const open = new Map<string, SharedStorage>();

/**
 * Opens the storage for `key` once per process and gives each caller its own handle: calls go to the
 * shared storage, and `close()` on a handle only closes the connection when no other handle is open,
 * so one caller closing (a dashboard, a finished command) never breaks another that opened the same file.
 */
function shared(key: string, opener: () => Promise<Storage>): Promise<Storage> {
  let entry = open.get(key);
  if (entry === undefined) {
    const created: SharedStorage = { opening: opener(), users: 0 };
    created.opening.catch(() => {
      if (open.get(key) === created) open.delete(key);
    });
    open.set(key, created);
    entry = created;
  }
  entry.users++;
  const owner = entry;
  return owner.opening.then(
    (storage) => handle(storage, owner, key),
    (error: unknown) => {
      owner.users--;
      throw error;
    },
  );
}

function handle(storage: Storage, owner: SharedStorage, key: string): Storage {
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    if (--owner.users > 0) return;
    if (open.get(key) === owner) open.delete(key);
    await storage.close();
  };
  return new Proxy(storage, {
    get(target, property) {
      if (property === "close") return close;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/**
 * Opens (once per process and file) a SQLite storage for a `sqlite:` URL; read-only with `mode=ro` in the
 * URL or `{ readOnly: true }`.
 * @example
 * const storage = await openSqliteStorage("sqlite:./tunekit.db");
 */
export function openSqliteStorage(url: string, open: OpenStorageOptions = {}): Promise<Storage> {
  const parsed = parseSqliteUrl(url);
  const options = open.readOnly === true ? { ...parsed, readonly: true } : parsed;
  const key = `${resolve(options.path)}|${options.synchronous ?? "NORMAL"}|${options.readonly === true}`;
  return shared(key, () => SqliteDialect.open(options).then((dialect) => new SqlStorage(dialect)));
}

registerStorageScheme("sqlite", openSqliteStorage);

/**
 * Opens (once per process and URL) a PostgreSQL storage for a `postgres://` or `postgresql://` URL;
 * `?schema=NAME` picks the schema; read-only with `mode=ro` in the URL or `{ readOnly: true }`.
 * @example
 * const storage = await openPostgresStorage("postgres://postgres@127.0.0.1:5432/test?schema=tunekit");
 */
export function openPostgresStorage(url: string, open: OpenStorageOptions = {}): Promise<Storage> {
  const readOnly = open.readOnly === true || parsePostgresUrl(url).readOnly;
  return shared(`${url}|${readOnly}`, () =>
    PostgresDialect.open({ url, readOnly }).then((dialect) => new SqlStorage(dialect)),
  );
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
