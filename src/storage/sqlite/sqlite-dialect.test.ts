import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { beforeEach, describe, expect, it } from "vitest";
import { StorageError, StorageNotFoundError } from "../../errors.js";
import { SQL_SCHEMA_VERSION } from "../sql/schema.js";
import { SqlStorage } from "../sql/sql-storage.js";
import { SqliteDialect } from "./sqlite-dialect.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "tunekit-sqlite-"));
});

const file = (name: string) => join(dir, name);

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}

describe("SqliteDialect", () => {
  it("creates a WAL database with the current schema version and keeps data across opens", async () => {
    const path = file("t.db");
    const a = new SqlStorage(await SqliteDialect.open({ path }));
    const study = await a.createStudy({ name: "s", directions: ["minimize"] });
    await a.createTrial(study.studyId, { state: "COMPLETE", values: [Number.NaN], params: { x: 1 } });
    await a.close();
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(raw.prepare("SELECT value FROM tunekit_meta WHERE key = 'schema_version'").get()).toEqual({
      value: String(SQL_SCHEMA_VERSION),
    });
    raw.close();
    const b = new SqlStorage(await SqliteDialect.open({ path }));
    const { trials } = await b.getTrialsSince(study.studyId, 0);
    expect(trials[0]?.values?.[0]).toBeNaN();
    expect(trials[0]?.params).toEqual({ x: 1 });
    await b.close();
  });

  it("refuses a file that is not a SQLite database, leaving it untouched", async () => {
    const path = file("notes.db");
    writeFileSync(path, "these are my notes, not a database\n".repeat(200));
    const before = readFileSync(path);
    const error = await rejection(SqliteDialect.open({ path }));
    expect(error).toBeInstanceOf(StorageError);
    expect(error.message).toMatch(/not a SQLite database or is damaged.*left it untouched/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it("refuses a SQLite database of another application, leaving it untouched", async () => {
    const path = file("app.db");
    const raw = new Database(path);
    raw.exec("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)");
    raw.close();
    const before = readFileSync(path);
    const error = await rejection(SqliteDialect.open({ path }));
    expect(error.message).toMatch(/not a tunekit one \(it has tables customers\)/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it("refuses a database written by a newer tunekit, leaving it untouched", async () => {
    const path = file("new.db");
    await (await SqliteDialect.open({ path })).close();
    const raw = new Database(path);
    raw
      .prepare("UPDATE tunekit_meta SET value = ? WHERE key = 'schema_version'")
      .run(String(SQL_SCHEMA_VERSION + 1));
    raw.close();
    const before = readFileSync(path);
    const error = await rejection(SqliteDialect.open({ path }));
    expect(error.message).toMatch(/newer than this tunekit understands.*Upgrade tunekit/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it("read-only opens never create, migrate or write", async () => {
    const missing = await rejection(SqliteDialect.open({ path: file("missing.db"), readonly: true }));
    expect(missing).toBeInstanceOf(StorageNotFoundError);
    expect(existsSync(file("missing.db"))).toBe(false);
    const path = file("old.db");
    await (await SqliteDialect.open({ path })).close();
    const raw = new Database(path);
    raw.prepare("UPDATE tunekit_meta SET value = '0' WHERE key = 'schema_version'").run();
    raw.close();
    const error = await rejection(SqliteDialect.open({ path, readonly: true }));
    expect(error.message).toMatch(/opened read-only, which never migrates.*Open it once for writing/);
  });

  it("a writer migrates a version-1 file: the studies get waiting_count, counted from their WAITING trials", async () => {
    const path = file("old.db");
    const storage = new SqlStorage(await SqliteDialect.open({ path }));
    const a = await storage.createStudy({ name: "a", directions: ["minimize"] });
    const b = await storage.createStudy({ name: "b", directions: ["minimize"] });
    for (let i = 0; i < 3; i++) await storage.createTrial(a.studyId, { state: "WAITING", params: { x: i } });
    await storage.createTrial(a.studyId, { state: "COMPLETE", params: { x: 9 }, values: [1] });
    await storage.createTrial(b.studyId, { state: "WAITING", params: { x: 0 } });
    await storage.close();
    // Version 1 is version 2 without the column.
    const raw = new Database(path);
    raw.exec("ALTER TABLE tunekit_studies DROP COLUMN waiting_count");
    raw.prepare("UPDATE tunekit_meta SET value = '1' WHERE key = 'schema_version'").run();
    raw.close();
    const migrated = new SqlStorage(await SqliteDialect.open({ path }));
    const check = new Database(path, { readonly: true });
    const counts = () => check.prepare("SELECT name, waiting_count FROM tunekit_studies ORDER BY name").all();
    expect(check.prepare("SELECT value FROM tunekit_meta WHERE key = 'schema_version'").get()).toEqual({
      value: String(SQL_SCHEMA_VERSION),
    });
    expect(counts()).toEqual([
      { name: "a", waiting_count: 3 },
      { name: "b", waiting_count: 1 },
    ]);
    // The migrated counter is the one claims use: the WAITING trials are claimed, then a new one starts.
    const claims = [];
    for (let i = 0; i < 4; i++) claims.push(await migrated.claimTrial(a.studyId, { workerId: "w" }));
    expect(claims.map((t) => t?.params)).toEqual([{ x: 0 }, { x: 1 }, { x: 2 }, {}]);
    expect(counts()).toEqual([
      { name: "a", waiting_count: 0 },
      { name: "b", waiting_count: 1 },
    ]);
    check.close();
    await migrated.close();
  });

  it("waits out another connection's write lock instead of failing with 'database is locked'", async () => {
    const path = file("busy.db");
    const storage = new SqlStorage(await SqliteDialect.open({ path }));
    const study = await storage.createStudy({ name: "s", directions: ["minimize"] });
    const other = new Database(path);
    other.exec("BEGIN IMMEDIATE");
    const claim = storage.claimTrial(study.studyId, { workerId: "w" });
    await new Promise((r) => setTimeout(r, 150));
    other.exec("COMMIT");
    other.close();
    expect((await claim)?.number).toBe(0);
    await storage.close();
  });

  it("gives up with a clear error when the lock is held past lockWaitMs", async () => {
    const path = file("stuck.db");
    const storage = new SqlStorage(await SqliteDialect.open({ path, lockWaitMs: 100 }));
    const other = new Database(path);
    other.exec("BEGIN IMMEDIATE");
    const error = await rejection(storage.createStudy({ name: "s", directions: ["minimize"] }));
    other.exec("ROLLBACK");
    other.close();
    expect(error).toBeInstanceOf(StorageError);
    expect(error.message).toMatch(/held the database lock/);
    await storage.close();
  });
});
