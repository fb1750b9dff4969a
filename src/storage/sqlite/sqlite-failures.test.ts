import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { failingSqlite } from "../../../test/failing-sqlite.js";
import { rejection, silenceLogs } from "../../../test/helpers.js";
import { StorageError } from "../../errors.js";
import { createStudy } from "../../study/create-study.js";
import { SqlStorage } from "../sql/sql-storage.js";
import { SqliteDialect } from "./sqlite-dialect.js";

silenceLogs();

const dir = mkdtempSync(join(tmpdir(), "tunekit-sqlite-failures-"));
const file = (name: string) => join(dir, name);

describe("SQLite failures become clear StorageErrors naming the file and what to do", () => {
  it.each([
    ["SQLITE_READONLY", "a read-only file"],
    ["SQLITE_READONLY_DIRECTORY", "a read-only folder"],
    ["SQLITE_CANTOPEN", "a folder where the -wal file cannot be created"],
  ])("%s (%s) at open", async (code) => {
    const path = file(`ro-${code}.db`);
    await (await SqliteDialect.open({ path })).close();
    const driver = failingSqlite((sql) => (sql.includes("journal_mode") ? code : null));
    const error = (await rejection(SqliteDialect.open({ path, driver }))) as Error;
    expect(error).toBeInstanceOf(StorageError);
    expect(error.message).toBe(
      `SQLite file "${path}" cannot be written: the file or its folder is read-only (SQLite also writes -wal and -shm files beside it). Make both writable by this user, or open it read-only (\`?mode=ro\`) to only read it (${code}: injected ${code}).`,
    );
  });

  it("SQLITE_READONLY on a write after the open", async () => {
    const path = file("ro-later.db");
    let readOnly = false;
    const driver = failingSqlite((sql) => (readOnly && sql === "BEGIN IMMEDIATE" ? "SQLITE_READONLY" : null));
    const storage = new SqlStorage(await SqliteDialect.open({ path, driver }));
    readOnly = true;
    const error = (await rejection(storage.createStudy({ name: "s", directions: ["minimize"] }))) as Error;
    expect(error).toBeInstanceOf(StorageError);
    expect(error.message).toMatch(
      /^SQLite file ".*ro-later\.db" cannot be written: the file or its folder is read-only/,
    );
    await storage.close();
  });

  it("a full disk while a trial is told: the error says so, and the trial ends FAIL, not RUNNING", async () => {
    const path = file("full.db");
    let full = false;
    const driver = failingSqlite((sql) => {
      if (!full || !sql.startsWith("UPDATE tunekit_trials")) return null;
      full = false; // the next write (the FAIL record, smaller) fits again
      return "SQLITE_FULL";
    });
    const storage = new SqlStorage(await SqliteDialect.open({ path, driver }));
    const study = await createStudy({ storage, studyName: "full" });
    const error = (await rejection(
      study.optimize(
        (trial) => {
          const x = trial.suggestFloat("x", 0, 1);
          if (trial.number === 2) full = true;
          return x;
        },
        { nTrials: 5 },
      ),
    )) as Error;
    expect(error).toBeInstanceOf(StorageError);
    expect(error.message).toBe(
      `SQLite file "${path}" could not be written: the disk that holds it is full, so the write was not stored. Free space on that disk (or move the storage to another) and run again (SQLITE_FULL: injected SQLITE_FULL).`,
    );
    const { trials } = await storage.getTrialsSince(study.studyId, 0);
    expect(trials.map((t) => t.state)).toEqual(["COMPLETE", "COMPLETE", "FAIL"]);
    expect(Object.keys(trials[2]?.params ?? {})).toEqual(["x"]);
    expect(trials[2]?.failReason).toEqual({
      code: "storage",
      message: `Its result could not be stored: ${error.message}`,
    });
    await storage.close();
  });

  it("a damaged file is refused at open, before createStudy could write into it", async () => {
    const path = file("damaged.db");
    const storage = new SqlStorage(await SqliteDialect.open({ path }));
    const study = await storage.createStudy({ name: "kept", directions: ["minimize"] });
    for (let i = 0; i < 200; i++)
      await storage.createTrial(study.studyId, {
        state: "COMPLETE",
        values: [i],
        userAttrs: { pad: "x".repeat(500) },
      });
    await storage.close();
    // Garbage over pages in the middle of the file (the trials' table), not the schema or the studies.
    const bytes = readFileSync(path);
    const pageSize = bytes.readUInt16BE(16);
    const pages = bytes.length / pageSize;
    for (let page = Math.floor(pages / 2); page < Math.floor(pages / 2) + 3; page++)
      bytes.fill(0x5a, page * pageSize, (page + 1) * pageSize);
    writeFileSync(path, bytes);
    const error = (await rejection(
      SqliteDialect.open({ path }).then(async (dialect) => {
        const damaged = new SqlStorage(dialect);
        await damaged.createStudy({ name: "new", directions: ["minimize"] });
        await damaged.close();
      }),
    )) as Error;
    expect(error).toBeInstanceOf(StorageError);
    expect(error.message).toMatch(
      /^SQLite file ".*damaged\.db" is damaged \(SQLite's quick check found: .+\), so tunekit refuses to write into it and left it untouched\./,
    );
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });
});
