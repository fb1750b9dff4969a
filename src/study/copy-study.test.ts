import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { comparable, expectedCopy, sourceStorage } from "../../test/copy-fixture.js";
import { rejection, silenceLogs } from "../../test/helpers.js";
import { DuplicatedStudyError, StudyNotFoundError } from "../errors.js";
import { openSqliteStorage } from "../node/storages.js";
import { MemoryStorage } from "../storage/memory/memory-storage.js";
import type { NewTrial, Storage, StudyRecord } from "../storage/storage.js";
import type { FrozenTrial } from "../trial/frozen-trial.js";
import { copyStudy } from "./copy-study.js";
import { loadStudy } from "./create-study.js";
import { searchBudget } from "./search-budget.js";

silenceLogs();

const dir = mkdtempSync(join(tmpdir(), "tunekit-copy-"));
const opened: Storage[] = [];
afterAll(async () => {
  for (const storage of opened) await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Asserts that study `to` in `target` is a faithful copy of study "src" of `source`. */
async function expectFaithfulCopy(source: Storage, target: Storage, to: string): Promise<void> {
  const from = (await source.getStudy("src")) as StudyRecord;
  const copy = (await target.getStudy(to)) as StudyRecord;
  expect(copy).toMatchObject({
    name: to,
    directions: from.directions,
    metricNames: from.metricNames,
    samplerConfig: from.samplerConfig,
    prunerConfig: from.prunerConfig,
    lease: from.lease,
    retry: from.retry,
    userAttrs: from.userAttrs,
    systemAttrs: { ...from.systemAttrs, copiedFrom: { study: "src", createdAt: from.createdAt } },
  });
  const sourceTrials = (await source.getTrialsSince(from.studyId, 0)).trials;
  const copied = (await target.getTrialsSince(copy.studyId, 0)).trials;
  expect(copied.map(comparable)).toEqual(sourceTrials.map((t) => expectedCopy(t, "src")));
  expect(copied[0]?.values?.[0]).toBeNaN();
  // Budgets read as the original's (the RUNNING trial, now FAIL, counts as failed, with no duration).
  const expected = sourceTrials.map((t) => ({ ...t, ...expectedCopy(t, "src") }) as FrozenTrial);
  expect(searchBudget(copied)).toEqual(searchBudget(expected));
  expect(searchBudget(copied).computeSeconds).toBe(searchBudget(sourceTrials).computeSeconds);
}

describe("copyStudy", () => {
  it("copies memory → memory: study settings and every trial field but ids and seq", async () => {
    const { storage } = await sourceStorage();
    const target = new MemoryStorage();
    const result = await copyStudy({ fromStorage: storage, toStorage: target, fromStudyName: "src" });
    await expectFaithfulCopy(storage, target, "src");
    expect(result.study).toEqual(await target.getStudy("src"));
    expect(result.trialCount).toBe(8);
    expect(result.failedOnCopy).toEqual([6]);
  });

  it("copies memory → SQLite given a sqlite: URL", async () => {
    const { storage } = await sourceStorage();
    const url = `sqlite:${join(dir, "copy.db")}`;
    const result = await copyStudy({
      fromStorage: storage,
      toStorage: url,
      fromStudyName: "src",
      toStudyName: "dst",
    });
    const sqlite = await openSqliteStorage(url);
    opened.push(sqlite);
    await expectFaithfulCopy(storage, sqlite, "dst");
    expect(result.study.name).toBe("dst");
  });

  it("copies SQLite → memory back to the same content", async () => {
    const { storage } = await sourceStorage();
    const sqlite = await openSqliteStorage(`sqlite:${join(dir, "round.db")}`);
    opened.push(sqlite);
    await copyStudy({ fromStorage: storage, toStorage: sqlite, fromStudyName: "src" });
    const back = new MemoryStorage();
    await copyStudy({ fromStorage: sqlite, toStorage: back, fromStudyName: "src", toStudyName: "again" });
    await expectFaithfulCopy(storage, back, "again");
  });

  it("leaves the source untouched", async () => {
    const { storage, record } = await sourceStorage();
    const before = (await storage.getTrialsSince(record.studyId, 0)).trials;
    await copyStudy({ fromStorage: storage, toStorage: storage, fromStudyName: "src", toStudyName: "dup" });
    expect(await storage.getStudy("src")).toEqual(record);
    expect((await storage.getTrialsSince(record.studyId, 0)).trials).toEqual(before);
  });

  it("gives a study that loads with its sampler and continues numbering", async () => {
    const { storage } = await sourceStorage();
    const target = new MemoryStorage();
    await copyStudy({ fromStorage: storage, toStorage: target, fromStudyName: "src" });
    const study = await loadStudy({ storage: target, studyName: "src" });
    expect(study.sampler.toJSON()).toEqual({ name: "random", options: { seed: 7 } });
    const trial = await study.ask();
    expect(trial.number).toBe(7);
    expect(trial.params).toEqual({ x: 0.4 });
  });

  it("throws DuplicatedStudyError naming toStudyName when the target name exists, writing nothing", async () => {
    const { storage } = await sourceStorage();
    const target = new MemoryStorage();
    const existing = await target.createStudy({ name: "src", directions: ["minimize"] });
    const e = (await rejection(
      copyStudy({ fromStorage: storage, toStorage: target, fromStudyName: "src" }),
    )) as DuplicatedStudyError;
    expect(e).toBeInstanceOf(DuplicatedStudyError);
    expect(e.code).toBe("duplicated-study");
    expect(e.message).toBe(
      'copyStudy(): the target storage already has a study named "src". Pass another toStudyName, or delete that study first.',
    );
    expect(await target.getStudy("src")).toEqual(existing);
    expect((await target.getTrialsSince(existing.studyId, 0)).trials).toEqual([]);
  });

  it("throws StudyNotFoundError for an unknown source study", async () => {
    const e = (await rejection(
      copyStudy({ fromStorage: new MemoryStorage(), toStorage: new MemoryStorage(), fromStudyName: "nope" }),
    )) as StudyNotFoundError;
    expect(e).toBeInstanceOf(StudyNotFoundError);
    expect(e.message).toBe('copyStudy(): no study named "nope" in the source storage.');
  });

  it("deletes the half-written copy when a write fails, and rethrows", async () => {
    const { storage } = await sourceStorage();
    const target = new MemoryStorage();
    let writes = 0;
    const failing = Object.create(target, {
      createTrial: {
        value: (studyId: number, trial: NewTrial) => {
          if (++writes === 3) return Promise.reject(new Error("disk full"));
          return target.createTrial(studyId, trial);
        },
      },
    }) as Storage;
    const e = (await rejection(
      copyStudy({ fromStorage: storage, toStorage: failing, fromStudyName: "src" }),
    )) as Error;
    expect(e.message).toBe("disk full");
    expect(await target.getStudy("src")).toBeNull();
  });
});
