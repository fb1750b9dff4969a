import { expect } from "vitest";
import {
  InvalidArgumentError,
  StudyNotFoundError,
  TrialNotFoundError,
  TrialNotRunningError,
} from "../../../src/errors.js";
import type { Distribution } from "../../../src/search-space/distribution.js";
import type { NewTrial } from "../../../src/storage/storage.js";
import { claim, type DeclareTest, expectBetween, mustGet, newStudy, UNKNOWN_ID } from "./harness.js";

const FLOAT: Distribution = { type: "float", low: 0, high: 1, log: false, step: null };
const CHOICE: Distribution = { type: "categorical", choices: ["a", "b", null] };

/** Declares the tests of trial records: creation, numbering, patches, finishing, immutability. */
export function declareTrialTests(test: DeclareTest): void {
  test("trial numbers are dense per study and trial ids distinct storage-wide", async (storage) => {
    const a = await newStudy(storage, "dense-a");
    const b = await newStudy(storage, "dense-b");
    const trials = [
      await claim(storage, a.studyId),
      await claim(storage, b.studyId),
      await storage.createTrial(a.studyId, { state: "WAITING" }),
      await storage.createTrial(a.studyId, { state: "COMPLETE", values: [1] }),
      await storage.createTrial(b.studyId, { state: "WAITING" }),
      await claim(storage, a.studyId),
      await storage.createTrial(b.studyId, { state: "FAIL", values: null }),
      await claim(storage, a.studyId),
    ];
    expect(trials.map((t) => [t.number, t.state])).toEqual([
      [0, "RUNNING"],
      [0, "RUNNING"],
      [1, "WAITING"],
      [2, "COMPLETE"],
      [1, "WAITING"],
      [1, "RUNNING"],
      [2, "FAIL"],
      [3, "RUNNING"],
    ]);
    // Claiming the WAITING trial keeps its id; every other trial has its own.
    expect(trials[5]?.trialId).toBe(trials[2]?.trialId);
    expect(new Set(trials.map((t) => t.trialId)).size).toBe(trials.length - 1);
  });

  test("createTrial WAITING stores params and attributes, with no times, worker or values", async (storage) => {
    const study = await newStudy(storage, "enqueue");
    const trial = await storage.createTrial(study.studyId, {
      state: "WAITING",
      params: { x: 0.5, kind: "b" },
      distributions: { x: FLOAT },
      userAttrs: { source: "manual" },
      systemAttrs: { fixed: true },
      retryOf: null,
    });
    expect(trial).toMatchObject({
      number: 0,
      state: "WAITING",
      values: null,
      params: { x: 0.5, kind: "b" },
      distributions: { x: FLOAT },
      intermediateValues: {},
      constraints: {},
      userAttrs: { source: "manual" },
      systemAttrs: { fixed: true },
      startedAt: null,
      completedAt: null,
      workerId: null,
      leaseExpiresAt: null,
      retryOf: null,
      failReason: null,
    });
    expect(await storage.getTrial(trial.trialId)).toEqual(trial);
  });

  test("createTrial of a finished trial stores values, reason, retryOf and its times", async (storage) => {
    const study = await newStudy(storage, "add-trial");
    const before = await storage.now();
    const complete = await storage.createTrial(study.studyId, {
      state: "COMPLETE",
      values: [0.25],
      params: { x: 0.1 },
      distributions: { x: FLOAT },
      intermediateValues: { 0: 1, 1: 0.5 },
      constraints: { c: -1 },
    });
    const failed = await storage.createTrial(study.studyId, {
      state: "FAIL",
      values: null,
      failReason: { code: "exception", message: "boom", stack: "at objective" },
      retryOf: 0,
    });
    const pruned = await storage.createTrial(study.studyId, { state: "PRUNED", values: [3] });
    const after = await storage.now();
    expect(complete).toMatchObject({
      state: "COMPLETE",
      values: [0.25],
      intermediateValues: { 0: 1, 1: 0.5 },
    });
    expect(complete.constraints).toEqual({ c: -1 });
    expect(failed).toMatchObject({ state: "FAIL", values: null, retryOf: 0 });
    expect(failed.failReason).toEqual({ code: "exception", message: "boom", stack: "at objective" });
    expect(pruned).toMatchObject({ state: "PRUNED", values: [3], failReason: null, workerId: null });
    for (const t of [complete, failed, pruned]) {
      expectBetween(t.startedAt, before, after, "startedAt");
      expectBetween(t.completedAt, before, after, "completedAt");
      expect(t.leaseExpiresAt).toBeNull();
      expect(await storage.getTrial(t.trialId)).toEqual(t);
    }
  });

  test("createTrial of a finished trial keeps the times and worker it is given; STALE is creatable", async (storage) => {
    const study = await newStudy(storage, "given-times");
    const complete = await storage.createTrial(study.studyId, {
      state: "COMPLETE",
      values: [1],
      startedAt: 1_600_000_000_000,
      completedAt: 1_600_000_004_250,
      workerId: "host:42:ab",
    });
    const stale = await storage.createTrial(study.studyId, {
      state: "STALE",
      startedAt: 1_600_000_001_000,
      completedAt: null,
      workerId: "dead:7:cd",
      failReason: { code: "stale", message: "lease ended" },
    });
    const unknownStart = await storage.createTrial(study.studyId, { state: "FAIL", startedAt: null });
    expect(complete).toMatchObject({
      startedAt: 1_600_000_000_000,
      completedAt: 1_600_000_004_250,
      workerId: "host:42:ab",
    });
    expect(stale).toMatchObject({
      state: "STALE",
      startedAt: 1_600_000_001_000,
      completedAt: null,
      workerId: "dead:7:cd",
      failReason: { code: "stale", message: "lease ended" },
    });
    expect(unknownStart.startedAt).toBeNull();
    expect(unknownStart.completedAt).not.toBeNull();
    for (const t of [complete, stale, unknownStart]) expect(await storage.getTrial(t.trialId)).toEqual(t);
    // A STALE trial, like a reaped one, does not count against maxTrials.
    expect(await storage.claimTrial(study.studyId, { workerId: "w", maxTrials: 3 })).not.toBeNull();
    expect(await storage.claimTrial(study.studyId, { workerId: "w", maxTrials: 3 })).toBeNull();
    const [summary] = (await storage.listStudies()).filter((s) => s.study.studyId === study.studyId);
    expect(summary?.trialCounts).toMatchObject({ COMPLETE: 1, STALE: 1, FAIL: 1 });
  });

  test("createTrial refuses times or a worker on a WAITING trial and bad times, writing nothing", async (storage) => {
    const study = await newStudy(storage, "bad-times");
    const bad: NewTrial[] = [
      { state: "WAITING", startedAt: 1 },
      { state: "WAITING", workerId: "w" },
      { state: "COMPLETE", values: [1], startedAt: Number.NaN },
      { state: "COMPLETE", values: [1], completedAt: 1.5 },
      { state: "COMPLETE", values: [1], workerId: 3 as never },
    ];
    for (const trial of bad) {
      await expect(storage.createTrial(study.studyId, trial)).rejects.toBeInstanceOf(InvalidArgumentError);
    }
    expect((await storage.getTrialsSince(study.studyId, 0)).trials).toEqual([]);
  });

  test("createTrial throws StudyNotFoundError for an unknown study and writes nothing", async (storage) => {
    await expect(storage.createTrial(UNKNOWN_ID, { state: "WAITING" })).rejects.toBeInstanceOf(
      StudyNotFoundError,
    );
    const study = await newStudy(storage, "after-unknown");
    expect((await storage.createTrial(study.studyId, { state: "WAITING" })).number).toBe(0);
  });

  test("trial-id methods throw TrialNotFoundError for an unknown id; getTrial returns null", async (storage) => {
    expect(await storage.getTrial(UNKNOWN_ID)).toBeNull();
    await expect(storage.updateTrial(UNKNOWN_ID, { userAttrs: { a: 1 } })).rejects.toBeInstanceOf(
      TrialNotFoundError,
    );
    await expect(storage.finishTrial(UNKNOWN_ID, { state: "COMPLETE", values: [1] })).rejects.toBeInstanceOf(
      TrialNotFoundError,
    );
  });

  test("updateTrial adds params and distributions; a name already present keeps its first value", async (storage) => {
    const study = await newStudy(storage, "params");
    await storage.createTrial(study.studyId, { state: "WAITING", params: { fixed: 3 } });
    const trial = await claim(storage, study.studyId);
    const first = await storage.updateTrial(trial.trialId, {
      params: { x: 0.5, fixed: 4 },
      distributions: { x: FLOAT, fixed: { type: "int", low: 0, high: 9, log: false, step: 1 } },
    });
    expect(first.params).toEqual({ fixed: 3, x: 0.5 });
    expect(first.distributions).toEqual({
      x: FLOAT,
      fixed: { type: "int", low: 0, high: 9, log: false, step: 1 },
    });
    const second = await storage.updateTrial(trial.trialId, {
      params: { x: 0.9, kind: "a" },
      distributions: { x: { type: "float", low: 0, high: 2, log: false, step: null }, kind: CHOICE },
    });
    expect(second.params).toEqual({ fixed: 3, x: 0.5, kind: "a" });
    expect(second.distributions).toEqual({
      x: FLOAT,
      fixed: { type: "int", low: 0, high: 9, log: false, step: 1 },
      kind: CHOICE,
    });
    expect(await mustGet(storage, trial.trialId)).toEqual(second);
  });

  test("updateTrial replaces a repeated step's number or vector and merges named values by name", async (storage) => {
    const study = await newStudy(storage, "intermediate");
    const trial = await claim(storage, study.studyId);
    await storage.updateTrial(trial.trialId, {
      intermediateValues: { 0: 1, 1: [1, 2], 2: { a: 1, b: 2 }, 3: 5, 4: { a: 1 } },
    });
    const merged = await storage.updateTrial(trial.trialId, {
      intermediateValues: { 0: 2, 1: [3], 2: { b: 3, c: 4 }, 3: { a: 1 }, 4: 7 },
    });
    expect(merged.intermediateValues).toEqual({ 0: 2, 1: [3], 2: { a: 1, b: 3, c: 4 }, 3: { a: 1 }, 4: 7 });
    const more = await storage.updateTrial(trial.trialId, { intermediateValues: { 10: 0.1, 7: 0.2 } });
    expect(Object.keys(more.intermediateValues)).toEqual(["0", "1", "2", "3", "4", "7", "10"]);
    expect((await mustGet(storage, trial.trialId)).intermediateValues).toEqual(more.intermediateValues);
  });

  test("updateTrial merges constraints and attributes key by key", async (storage) => {
    const study = await newStudy(storage, "attrs");
    const trial = await claim(storage, study.studyId);
    await storage.updateTrial(trial.trialId, {
      constraints: { c1: 1, c2: -1 },
      userAttrs: { a: 1, nested: { x: 1 } },
      systemAttrs: { s: "one" },
    });
    const next = await storage.updateTrial(trial.trialId, {
      constraints: { c2: 0.5, c3: 0 },
      userAttrs: { nested: { y: 2 }, b: [1, 2] },
      systemAttrs: { t: null },
    });
    expect(next.constraints).toEqual({ c1: 1, c2: 0.5, c3: 0 });
    expect(next.userAttrs).toEqual({ a: 1, nested: { y: 2 }, b: [1, 2] });
    expect(next.systemAttrs).toEqual({ s: "one", t: null });
  });

  test("updateTrial throws TrialNotRunningError on a WAITING or finished trial and writes nothing", async (storage) => {
    const study = await newStudy(storage, "not-running");
    const running = await claim(storage, study.studyId);
    const waiting = await storage.createTrial(study.studyId, { state: "WAITING" });
    const done = await storage.createTrial(study.studyId, { state: "COMPLETE", values: [1] });
    const finished = (await storage.finishTrial(running.trialId, { state: "PRUNED", values: [2] })).trial;
    const { cursor } = await storage.getTrialsSince(study.studyId, 0);
    for (const trial of [waiting, done, finished]) {
      await expect(
        storage.updateTrial(trial.trialId, {
          params: { x: 1 },
          userAttrs: { late: true },
          intermediateValues: { 0: 1 },
        }),
      ).rejects.toBeInstanceOf(TrialNotRunningError);
      expect(await storage.getTrial(trial.trialId)).toEqual(trial);
    }
    expect((await storage.getTrialsSince(study.studyId, cursor)).trials).toEqual([]);
  });

  test("finishTrial applies state, values and patch, sets completedAt and clears the lease", async (storage) => {
    const study = await newStudy(storage, "finish");
    const trial = await claim(storage, study.studyId, { leaseSeconds: 60 });
    await storage.updateTrial(trial.trialId, { params: { x: 0.5 }, intermediateValues: { 0: 3 } });
    const before = await storage.now();
    const result = await storage.finishTrial(trial.trialId, {
      state: "COMPLETE",
      values: [0.125],
      params: { x: 0.7, y: 2 },
      intermediateValues: { 1: 2 },
      constraints: { c: -0.5 },
      userAttrs: { final: true },
    });
    const after = await storage.now();
    expect(result.ok).toBe(true);
    expect(result.trial).toMatchObject({
      trialId: trial.trialId,
      number: trial.number,
      state: "COMPLETE",
      values: [0.125],
      params: { x: 0.5, y: 2 },
      intermediateValues: { 0: 3, 1: 2 },
      constraints: { c: -0.5 },
      userAttrs: { final: true },
      startedAt: trial.startedAt,
      workerId: trial.workerId,
      leaseExpiresAt: null,
      failReason: null,
    });
    expectBetween(result.trial.completedAt, before, after, "completedAt");
    expect(await storage.getTrial(trial.trialId)).toEqual(result.trial);
  });

  test("finishTrial FAIL stores its reason", async (storage) => {
    const study = await newStudy(storage, "finish-fail");
    const trial = await claim(storage, study.studyId);
    const reason = {
      code: "exception",
      message: "division by zero",
      stack: "Error: division by zero\n  at f",
    };
    const { ok, trial: failed } = await storage.finishTrial(trial.trialId, {
      state: "FAIL",
      values: null,
      failReason: reason,
    });
    expect(ok).toBe(true);
    expect(failed).toMatchObject({ state: "FAIL", values: null, failReason: reason });
  });

  test("finishTrial is a compare-and-set: a second finish returns ok:false and changes nothing", async (storage) => {
    const study = await newStudy(storage, "finish-cas");
    const trial = await claim(storage, study.studyId);
    const first = await storage.finishTrial(trial.trialId, { state: "COMPLETE", values: [1] });
    const second = await storage.finishTrial(trial.trialId, {
      state: "FAIL",
      values: null,
      failReason: { code: "exception", message: "late" },
      userAttrs: { late: true },
    });
    expect(second.ok).toBe(false);
    expect(second.trial).toEqual(first.trial);
    expect(await storage.getTrial(trial.trialId)).toEqual(first.trial);

    const waiting = await storage.createTrial(study.studyId, { state: "WAITING" });
    const onWaiting = await storage.finishTrial(waiting.trialId, { state: "COMPLETE", values: [1] });
    expect(onWaiting).toEqual({ ok: false, trial: waiting });
    expect(await storage.getTrial(waiting.trialId)).toEqual(waiting);
  });

  test("concurrent updateTrial and heartbeat calls on one trial all land, each at its own seq", async (storage) => {
    const study = await newStudy(storage, "update-race");
    const trial = await claim(storage, study.studyId, { leaseSeconds: 60 });
    const steps = Array.from({ length: 16 }, (_, i) => i);
    const [updates] = await Promise.all([
      Promise.all(
        steps.map((step) =>
          storage.updateTrial(trial.trialId, { intermediateValues: { [step]: step / 10 } }),
        ),
      ),
      Promise.all(steps.map(() => storage.heartbeat([trial.trialId], 60))),
    ]);
    const stored = await mustGet(storage, trial.trialId);
    expect(
      Object.keys(stored.intermediateValues)
        .map(Number)
        .sort((a, b) => a - b),
    ).toEqual(steps);
    expect(new Set(updates.map((u) => u.seq)).size).toBe(steps.length);
    for (const u of updates) expect(u.seq).toBeGreaterThan(trial.seq);
    expect(stored.seq).toBeGreaterThanOrEqual(Math.max(...updates.map((u) => u.seq)));
    expect(stored.state).toBe("RUNNING");
  });

  test("concurrent finishTrial calls: exactly one wins", async (storage) => {
    const study = await newStudy(storage, "finish-race");
    const trial = await claim(storage, study.studyId);
    const results = await Promise.all(
      [1, 2, 3, 4, 5, 6, 7, 8].map((v) =>
        storage.finishTrial(trial.trialId, { state: "COMPLETE", values: [v] }),
      ),
    );
    const winners = results.filter((r) => r.ok);
    expect(winners).toHaveLength(1);
    expect(await storage.getTrial(trial.trialId)).toEqual(winners[0]?.trial);
  });
}
