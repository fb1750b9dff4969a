import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { copyStudy, MemoryStorage, openStorage, type Storage, searchBudget } from "../../src/index.js";
import { comparable, expectedCopy, sourceStorage } from "../copy-fixture.js";
import { silenceLogs } from "../helpers.js";
import { dropTestSchemas, postgresAvailable, testSchemaUrl } from "../postgres.js";

silenceLogs();

const available = await postgresAvailable();
const dir = mkdtempSync(join(tmpdir(), "tunekit-copy-roundtrip-"));
const opened: Storage[] = [];

afterAll(async () => {
  for (const s of opened) await s.close();
  if (available) await dropTestSchemas();
  rmSync(dir, { recursive: true, force: true });
});

describe.runIf(available)(
  "copyStudy round trip (skipped only without a PostgreSQL server outside CI)",
  () => {
    it("memory → SQLite → PostgreSQL → memory keeps every field of every trial, and the budget", async () => {
      const { storage: source, record } = await sourceStorage();
      const sqlite = await openStorage(`sqlite:${join(dir, "hop.db")}`);
      const postgres = await openStorage(testSchemaUrl("copyroundtrip"));
      const back = new MemoryStorage();
      opened.push(sqlite, postgres);
      await copyStudy({ fromStorage: source, toStorage: sqlite, fromStudyName: "src", toStudyName: "a" });
      await copyStudy({ fromStorage: sqlite, toStorage: postgres, fromStudyName: "a", toStudyName: "b" });
      const last = await copyStudy({ fromStorage: postgres, toStorage: back, fromStudyName: "b" });
      const original = (await source.getTrialsSince(record.studyId, 0)).trials;
      const copied = (await back.getTrialsSince(last.study.studyId, 0)).trials;
      expect(new Set(original.map((t) => t.state))).toEqual(
        new Set(["WAITING", "RUNNING", "COMPLETE", "PRUNED", "FAIL", "STALE"]),
      );
      expect(copied.map(comparable)).toEqual(original.map((t) => expectedCopy(t, "src")));
      expect(copied[0]?.values?.[0]).toBeNaN();
      expect(searchBudget(copied).computeSeconds).toBe(searchBudget(original).computeSeconds);
      expect(searchBudget(copied).wallSeconds).toBe(searchBudget(original).wallSeconds);
      expect(last.study.systemAttrs.copiedFrom).toEqual({ study: "src", createdAt: record.createdAt });
    });
  },
);
