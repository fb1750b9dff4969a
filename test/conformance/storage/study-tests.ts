import { expect } from "vitest";
import { DuplicatedStudyError, StudyNotFoundError } from "../../../src/errors.js";
import { SCHEMA_VERSION, type StudySummary } from "../../../src/storage/storage.js";
import { TRIAL_STATES } from "../../../src/trial/frozen-trial.js";
import {
  claim,
  type DeclareTest,
  expectBetween,
  mustGet,
  mustGetStudy,
  newStudy,
  sleep,
  UNKNOWN_ID,
  uniqueName,
} from "./harness.js";

const ZERO_COUNTS = Object.fromEntries(TRIAL_STATES.map((s) => [s, 0]));

/** Declares the tests of study records: create, get, list, update, delete. */
export function declareStudyTests(test: DeclareTest): void {
  test("capabilities are two booleans", async (storage) => {
    expect(typeof storage.capabilities.persistent).toBe("boolean");
    expect(typeof storage.capabilities.multiProcess).toBe("boolean");
  });

  test("createStudy stores the given fields and defaults the rest", async (storage) => {
    const name = uniqueName("create");
    const before = await storage.now();
    const study = await storage.createStudy({ name, directions: ["minimize", "maximize"] });
    const after = await storage.now();
    expect(study).toMatchObject({
      name,
      directions: ["minimize", "maximize"],
      metricNames: null,
      samplerConfig: null,
      prunerConfig: null,
      lease: null,
      retry: null,
      userAttrs: {},
      systemAttrs: {},
      schemaVersion: SCHEMA_VERSION,
    });
    expect(Number.isInteger(study.studyId)).toBe(true);
    expectBetween(study.createdAt, before, after, "createdAt");
    expect(study.lastActivity).toBeGreaterThanOrEqual(study.createdAt);
    expect(await storage.getStudy(name)).toEqual(study);
  });

  test("createStudy stores every optional field it is given", async (storage) => {
    const fields = {
      name: uniqueName("optional"),
      directions: ["maximize"] as const,
      metricNames: ["accuracy"],
      samplerConfig: { name: "tpe", options: { seed: 1, nested: { a: [1, "b", null, true] } } },
      prunerConfig: { name: "median", options: {} },
      lease: { heartbeatSeconds: 10, graceSeconds: 30 },
      retry: { maxRetries: 2 },
      userAttrs: { owner: "ana", tags: ["x", "y"], deep: { n: 1.5 } },
    };
    const study = await storage.createStudy(fields);
    expect(study).toMatchObject(fields);
    expect(await mustGetStudy(storage, fields.name)).toEqual(study);
  });

  test("createStudy throws DuplicatedStudyError for a taken name and writes nothing", async (storage) => {
    const first = await newStudy(storage, "dup", { userAttrs: { first: true } });
    await expect(
      storage.createStudy({ name: first.name, directions: ["maximize"], userAttrs: { first: false } }),
    ).rejects.toBeInstanceOf(DuplicatedStudyError);
    expect(await storage.getStudy(first.name)).toEqual(first);
    const listed = (await storage.listStudies()).filter((s) => s.study.name === first.name);
    expect(listed).toHaveLength(1);
  });

  test("getStudy returns null for an unknown name", async (storage) => {
    expect(await storage.getStudy(uniqueName("missing"))).toBeNull();
  });

  test("studies get distinct ids", async (storage) => {
    const studies = await Promise.all([0, 1, 2, 3, 4].map(() => newStudy(storage, "ids")));
    expect(new Set(studies.map((s) => s.studyId)).size).toBe(5);
  });

  test("listStudies orders by name and counts trials in all six states", async (storage) => {
    const prefix = uniqueName("list");
    for (const suffix of ["b", "a", "c"])
      await storage.createStudy({ name: `${prefix}-${suffix}`, directions: ["minimize"] });
    const a = await mustGetStudy(storage, `${prefix}-a`);
    await storage.createTrial(a.studyId, { state: "WAITING" });
    await storage.createTrial(a.studyId, { state: "WAITING" });
    await storage.createTrial(a.studyId, { state: "COMPLETE", values: [1] });
    await storage.createTrial(a.studyId, { state: "PRUNED", values: [2] });
    await storage.createTrial(a.studyId, {
      state: "FAIL",
      values: null,
      failReason: { code: "exception", message: "x" },
    });
    await storage.claimTrial(a.studyId, { workerId: "w" });
    await storage.claimTrial(a.studyId, { workerId: "w" });
    await storage.claimTrial(a.studyId, { workerId: "w" });
    await storage.createTrial(a.studyId, { state: "WAITING" });

    const all = await storage.listStudies();
    const names = all.map((s) => s.study.name);
    expect([...names].sort()).toEqual(names);
    const ours = all.filter((s) => s.study.name.startsWith(prefix));
    expect(ours.map((s) => s.study.name)).toEqual([`${prefix}-a`, `${prefix}-b`, `${prefix}-c`]);
    expect(ours[0]?.trialCounts).toEqual({
      ...ZERO_COUNTS,
      WAITING: 1,
      RUNNING: 3,
      COMPLETE: 1,
      PRUNED: 1,
      FAIL: 1,
    });
    expect(ours[1]?.trialCounts).toEqual(ZERO_COUNTS);
    expect(ours[1]?.bestValue).toBeNull();
  });

  test("listStudies bestValue is the best feasible COMPLETE value, direction-aware", async (storage) => {
    const summary = async (name: string): Promise<StudySummary | undefined> =>
      (await storage.listStudies()).find((s) => s.study.name === name);
    const min = await newStudy(storage, "best-min");
    const max = await newStudy(storage, "best-max", { directions: ["maximize"] });
    const multi = await newStudy(storage, "best-multi", { directions: ["minimize", "minimize"] });
    for (const study of [min, max]) {
      await storage.createTrial(study.studyId, { state: "COMPLETE", values: [3] });
      await storage.createTrial(study.studyId, { state: "COMPLETE", values: [2], constraints: { c: 0 } });
      await storage.createTrial(study.studyId, { state: "COMPLETE", values: [-50], constraints: { c: 0.5 } });
      await storage.createTrial(study.studyId, { state: "COMPLETE", values: [50], constraints: { c: 0.5 } });
      await storage.createTrial(study.studyId, { state: "PRUNED", values: [-100] });
      await storage.createTrial(study.studyId, { state: "PRUNED", values: [100] });
      const running = await claim(storage, study.studyId);
      await storage.finishTrial(running.trialId, { state: "COMPLETE", values: [2.5] });
    }
    await storage.createTrial(multi.studyId, { state: "COMPLETE", values: [1, 2] });
    expect((await summary(min.name))?.bestValue).toBe(2);
    expect((await summary(max.name))?.bestValue).toBe(3);
    expect((await summary(multi.name))?.bestValue).toBeNull();
  });

  test("updateStudy merges attribute maps key by key and replaces other fields", async (storage) => {
    const study = await newStudy(storage, "update", {
      userAttrs: { a: 1, b: 2 },
      samplerConfig: { name: "random", options: { seed: 1 } },
      retry: { maxRetries: 1 },
    });
    const updated = await storage.updateStudy(study.studyId, {
      userAttrs: { b: 3, c: { d: 4 } },
      systemAttrs: { x: "y" },
      samplerConfig: { name: "tpe", options: {} },
      lease: { heartbeatSeconds: 5, graceSeconds: 20 },
    });
    expect(updated).toMatchObject({
      studyId: study.studyId,
      name: study.name,
      directions: ["minimize"],
      userAttrs: { a: 1, b: 3, c: { d: 4 } },
      systemAttrs: { x: "y" },
      samplerConfig: { name: "tpe", options: {} },
      lease: { heartbeatSeconds: 5, graceSeconds: 20 },
      retry: { maxRetries: 1 },
      createdAt: study.createdAt,
    });
    const again = await storage.updateStudy(study.studyId, { systemAttrs: { z: 1 }, retry: null });
    expect(again.systemAttrs).toEqual({ x: "y", z: 1 });
    expect(again.retry).toBeNull();
    expect(await storage.getStudy(study.name)).toEqual(again);
  });

  test("updateStudy and deleteStudy throw StudyNotFoundError for an unknown id", async (storage) => {
    await expect(storage.updateStudy(UNKNOWN_ID, { userAttrs: { a: 1 } })).rejects.toBeInstanceOf(
      StudyNotFoundError,
    );
    await expect(storage.deleteStudy(UNKNOWN_ID)).rejects.toBeInstanceOf(StudyNotFoundError);
  });

  test("deleteStudy removes the study, its trials and its state records", async (storage) => {
    const study = await newStudy(storage, "delete");
    const other = await newStudy(storage, "delete-other");
    const trial = await storage.createTrial(study.studyId, { state: "COMPLETE", values: [1] });
    const running = await claim(storage, study.studyId);
    const kept = await claim(storage, other.studyId);
    await storage.compareAndSetState(study.studyId, "grid", 0, { done: [1] });
    await storage.compareAndSetState(other.studyId, "grid", 0, { done: [2] });

    await storage.deleteStudy(study.studyId);
    expect(await storage.getStudy(study.name)).toBeNull();
    expect((await storage.listStudies()).some((s) => s.study.studyId === study.studyId)).toBe(false);
    expect(await storage.getTrial(trial.trialId)).toBeNull();
    expect(await storage.getTrial(running.trialId)).toBeNull();
    await expect(storage.getState(study.studyId, "grid")).rejects.toBeInstanceOf(StudyNotFoundError);
    await expect(storage.getTrialsSince(study.studyId, 0)).rejects.toBeInstanceOf(StudyNotFoundError);
    await expect(storage.deleteStudy(study.studyId)).rejects.toBeInstanceOf(StudyNotFoundError);

    const reborn = await storage.createStudy({ name: study.name, directions: ["minimize"] });
    expect(reborn.studyId).not.toBe(study.studyId);
    expect(await storage.getState(reborn.studyId, "grid")).toBeNull();
    expect((await storage.getTrialsSince(reborn.studyId, 0)).trials).toEqual([]);
    expect((await claim(storage, reborn.studyId)).number).toBe(0);

    expect(await mustGet(storage, kept.trialId)).toEqual(kept);
    expect(await storage.getState(other.studyId, "grid")).toEqual({ version: 1, value: { done: [2] } });
  });

  test("lastActivity moves with every write to the study or its trials", async (storage) => {
    const study = await newStudy(storage, "activity");
    let last = study.lastActivity;
    const expectMoved = async (): Promise<void> => {
      const now = (await mustGetStudy(storage, study.name)).lastActivity;
      expect(now).toBeGreaterThan(last);
      last = now;
    };
    const claimedTrialId = async (): Promise<number | undefined> =>
      (await storage.getTrialsSince(study.studyId, 0)).trials[0]?.trialId;
    const steps: Array<() => Promise<unknown>> = [
      () => storage.updateStudy(study.studyId, { userAttrs: { a: 1 } }),
      () => storage.createTrial(study.studyId, { state: "WAITING" }),
      () => storage.claimTrial(study.studyId, { workerId: "w", leaseSeconds: 60 }),
      async () => storage.updateTrial((await claimedTrialId()) as number, { userAttrs: { b: 2 } }),
      async () => storage.heartbeat([(await claimedTrialId()) as number], 120),
      async () => storage.finishTrial((await claimedTrialId()) as number, { state: "COMPLETE", values: [1] }),
      () => storage.compareAndSetState(study.studyId, "k", 0, 1),
    ];
    for (const step of steps) {
      await sleep(5);
      await step();
      await expectMoved();
    }
  });
}
