/**
 * tunekit: hyperparameter optimization for TypeScript and Node.js. Everything in `tunekit/core`, plus
 * the Node specifics: worker ids naming host and process, untold trials failed at exit, and the
 * database storages (`sqlite:` and `postgres://` URLs; drivers load only when a URL of theirs is opened).
 */
import "./node/setup.js";

export * from "./core.js";
export { type ExportStudyToFileOptions, exportStudyToFile } from "./node/export-file.js";
export { threadLeaseKeeper } from "./node/heartbeat-thread.js";
export { type RunWorkerOptions, runWorker } from "./node/run-worker.js";
export { defaultStorageUrl, openPostgresStorage, openSqliteStorage } from "./node/storages.js";
export {
  PostgresDialect,
  type PostgresOptions,
  parsePostgresUrl,
} from "./storage/postgres/postgres-dialect.js";
export type { SqlDialect, SqlExecutor, SqlValue } from "./storage/sql/sql-dialect.js";
export { SqlStorage } from "./storage/sql/sql-storage.js";
export { SqliteDialect, type SqliteDriver, type SqliteOptions } from "./storage/sqlite/sqlite-dialect.js";
export { parseSqliteUrl } from "./storage/sqlite/sqlite-url.js";
