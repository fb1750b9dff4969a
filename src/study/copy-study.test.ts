import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { rejection, silenceLogs } from "../../test/helpers.js";
import { DuplicatedStudyError, StudyNotFoundError } from "../errors.js";
import { openSqliteStorage } from "../node/storages.js";
import { MemoryStorage } from "../storage/memory/memory-storage.js";
import type { NewTrial, Storage, StudyRecord } from "../storage/storage.js";
import type { FrozenTrial } from "../trial/frozen-trial.js";
import { copyStudy } from "./copy-study.js";
import { loadStudy } from "./create-study.js";

silenceLogs();

const dir = mkdtempSync(join(tmpdir(), "tunekit-copy-"));
const opened: Storage[] = [];
afterAll(async () => {
  for (const storage of opened) await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

const T0 = 1_700_000_000_000;

/**
 * A memory storage holding study "src" with a trial in every state (RUNNING and STALE included), NaN and
 * ±Infinity values, every kind of intermediate value, constraints, attributes, a fail reason with a
 * stack and a retry, on a clock the test moves.
 */
async function sourceStorage(): Promise<{ storage: MemoryStorage; record: StudyRecord }> {
  let now = T0;
  const storage = new MemoryStorage({ clock: () => (now += 1000) });
  const created = await storage.createStudy({
    name: "src",
    directions: ["minimize", "maximize"],
    metricNames: ["loss", "acc"],
    samplerConfig: { name: "random", options: { seed: 7 } },
    prunerConfig: { name: "nop", options: {} },
    lease: { heartbeatSeconds: 10, graceSeconds: 30 },
    retry: { maxRetries: 2 },
    userAttrs: { owner: "ana", tags: ["a", "b"] },
  });
  const id = created.studyId;
  const dist = { type: "float", low: 0, high: 1, log: false, step: null } as const;
  await storage.createTrial(id, {
    state: "COMPLETE",
    values: [Number.NaN, Number.POSITIVE_INFINITY],
    params: { x: 0.5, opt: "adam" },
    distributions: { x: dist, opt: { type: "categorical", choices: ["adam", "sgd"] } },
    intermediateValues: { 0: [1, Number.NEGATIVE_INFINITY], 2: { loss: 0.5 }, 5: 0.25 },
    constraints: { mem: -1, time: Number.NEGATIVE_INFINITY },
    userAttrs: { note: "ünï ✓", cfg: { layers: [1, 2] } },
    systemAttrs: { bracket: 1 },
  });
  await storage.createTrial(id, {
    state: "PRUNED",
    values: [0.3, 0.1],
    params: { x: 0.1 },
    distributions: { x: dist },
  });
  await storage.createTrial(id, {
    state: "FAIL",
    params: { x: 0.9 },
    distributions: { x: dist },
    failReason: { code: "exception", message: "Error: boom", stack: "Error: boom\n    at f (x.ts:1)" },
  });
  await storage.createTrial(id, {
    state: "COMPLETE",
    values: [1, 2],
    params: { x: 0.9 },
    distributions: { x: dist },
    retryOf: 2,
  });
  const stale = (await storage.claimTrial(id, { workerId: "dead:1:aa", leaseSeconds: 1 })) as FrozenTrial;
  await storage.updateTrial(stale.trialId, {
    params: { x: 0.2 },
    distributions: { x: dist },
    intermediateValues: { 0: 3 },
  });
  now += 60_000;
  await storage.reapStaleTrials(id);
  const running = (await storage.claimTrial(id, { workerId: "live:2:bb" })) as FrozenTrial;
  await storage.updateTrial(running.trialId, {
    params: { x: 0.7 },
    distributions: { x: dist },
    userAttrs: { step: 3 },
  });
  await storage.createTrial(id, {
    state: "WAITING",
    params: { x: 0.4 },
    systemAttrs: { fixedParams: { x: 0.4 } },
  });
  const record = await storage.updateStudy(id, { systemAttrs: { note: "internal" } });
  return { storage, record };
}

/** What `trial` must look like in the copy, leaving out what the target storage assigns. */
function expectedCopy(trial: FrozenTrial, fromStudy: string): Partial<FrozenTrial> {
  const copiedFrom = {
    study: fromStudy,
    number: trial.number,
    state: trial.state,
    startedAt: trial.startedAt,
    completedAt: trial.completedAt,
    workerId: trial.workerId,
  };
  const failed =
    trial.state === "RUNNING"
      ? {
          state: "FAIL" as const,
          failReason: {
            code: "copied-running",
            message: `Trial ${trial.number} of study "${fromStudy}" was RUNNING on worker "${trial.workerId}" when the study was copied, so its result is unknown.`,
          },
        }
      : trial.state === "STALE"
        ? { state: "FAIL" as const }
        : {};
  return {
    number: trial.number,
    state: trial.state,
    values: trial.values,
    params: trial.params,
    distributions: trial.distributions,
    intermediateValues: trial.intermediateValues,
    constraints: trial.constraints,
    userAttrs: trial.userAttrs,
    systemAttrs: { ...trial.systemAttrs, copiedFrom },
    retryOf: trial.retryOf,
    failReason: trial.failReason,
    workerId: null,
    leaseExpiresAt: null,
    ...failed,
  };
}

/** The fields of a copied trial that {@link expectedCopy} describes. */
function comparable(trial: FrozenTrial): Partial<FrozenTrial> {
  const { trialId: _id, seq: _seq, startedAt: _start, completedAt: _end, ...rest } = trial;
  return rest;
}

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
  for (const t of copied) expect(t.completedAt === null).toBe(t.state === "WAITING");
}

describe("copyStudy", () => {
  it("copies memory → memory: study settings and every trial field but ids, seq and times", async () => {
    const { storage } = await sourceStorage();
    const target = new MemoryStorage();
    const result = await copyStudy({ fromStorage: storage, toStorage: target, fromStudyName: "src" });
    await expectFaithfulCopy(storage, target, "src");
    expect(result.study).toEqual(await target.getStudy("src"));
    expect(result.trialCount).toBe(7);
    expect(result.failedOnCopy).toEqual([4, 5]);
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
    // A copy of a copy keeps the first origin, whose times are the real ones.
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
    expect(trial.number).toBe(6);
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
