import { expect } from "vitest";
import { InvalidArgumentError, StudyNotFoundError } from "../../../src/errors.js";
import type { Storage } from "../../../src/storage/storage.js";
import type { FrozenTrial } from "../../../src/trial/frozen-trial.js";
import { claim, type DeclareTest, newStudy, UNKNOWN_ID } from "./harness.js";

/** Creates `n` trials in a study, alternating WAITING, RUNNING and COMPLETE. */
async function fill(storage: Storage, studyId: number, n: number): Promise<FrozenTrial[]> {
  const trials: FrozenTrial[] = [];
  for (let i = 0; i < n; i++) {
    if (i % 3 === 0) trials.push(await claim(storage, studyId));
    else if (i % 3 === 1) trials.push(await storage.createTrial(studyId, { state: "COMPLETE", values: [i] }));
    else trials.push(await claim(storage, studyId, { leaseSeconds: 60 }));
  }
  return trials;
}

/** Declares the tests of change tracking: `getTrialsSince` and `seq`. */
export function declareChangeTests(test: DeclareTest): void {
  test("getTrialsSince(0) returns every trial of the study in ascending number order", async (storage) => {
    const study = await newStudy(storage, "since-all");
    const other = await newStudy(storage, "since-all-other");
    await fill(storage, other.studyId, 3);
    const trials = await fill(storage, study.studyId, 10);
    await storage.updateTrial(trials[0]?.trialId as number, { userAttrs: { a: 1 } });
    const { trials: all, cursor } = await storage.getTrialsSince(study.studyId, 0);
    expect(all.map((t) => t.number)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(all.map((t) => t.trialId)).toEqual(trials.map((t) => t.trialId));
    expect(all[0]?.userAttrs).toEqual({ a: 1 });
    expect(cursor).toBeGreaterThanOrEqual(Math.max(...all.map((t) => t.seq)));
  });

  test("getTrialsSince after one write returns only that trial, in its new version", async (storage) => {
    const study = await newStudy(storage, "since-one");
    const trials = await fill(storage, study.studyId, 12);
    const { cursor } = await storage.getTrialsSince(study.studyId, 0);
    const updated = await storage.updateTrial(trials[6]?.trialId as number, { params: { x: 1 } });
    const changes = await storage.getTrialsSince(study.studyId, cursor);
    expect(changes.trials).toEqual([updated]);
    expect(changes.cursor).toBeGreaterThanOrEqual(updated.seq);
    const added = await storage.createTrial(study.studyId, { state: "WAITING" });
    expect((await storage.getTrialsSince(study.studyId, changes.cursor)).trials).toEqual([added]);
  });

  test("getTrialsSince returns each changed trial once, latest version, ascending numbers", async (storage) => {
    const study = await newStudy(storage, "since-latest");
    const trials = await fill(storage, study.studyId, 6);
    const { cursor } = await storage.getTrialsSince(study.studyId, 0);
    const id = (n: number): number => trials[n]?.trialId as number;
    await storage.updateTrial(id(5), { userAttrs: { v: 1 } });
    await storage.updateTrial(id(0), { userAttrs: { v: 1 } });
    await storage.updateTrial(id(5), { userAttrs: { v: 2 } });
    await storage.finishTrial(id(3), { state: "COMPLETE", values: [0] });
    const last = await storage.finishTrial(id(5), { state: "PRUNED", values: [1] });
    const { trials: changed } = await storage.getTrialsSince(study.studyId, cursor);
    expect(changed.map((t) => t.number)).toEqual([0, 3, 5]);
    expect(changed[2]).toEqual(last.trial);
    for (const t of changed) expect(t).toEqual(await storage.getTrial(t.trialId));
  });

  test("getTrialsSince cursors never go back and a quiet study returns nothing", async (storage) => {
    const study = await newStudy(storage, "since-monotone");
    const other = await newStudy(storage, "since-monotone-other");
    let cursor = 0;
    const step = async (): Promise<readonly FrozenTrial[]> => {
      const changes = await storage.getTrialsSince(study.studyId, cursor);
      expect(changes.cursor).toBeGreaterThanOrEqual(cursor);
      cursor = changes.cursor;
      return changes.trials;
    };
    expect(await step()).toEqual([]);
    await fill(storage, study.studyId, 3);
    expect(await step()).toHaveLength(3);
    expect(await step()).toEqual([]);
    await fill(storage, other.studyId, 3);
    expect(await step()).toEqual([]);
    await storage.compareAndSetState(study.studyId, "k", 0, 1);
    await storage.updateStudy(study.studyId, { userAttrs: { a: 1 } });
    expect(await step()).toEqual([]);
    await claim(storage, study.studyId);
    expect((await step()).map((t) => t.number)).toEqual([3]);
  });

  test("getTrialsSince throws StudyNotFoundError for an unknown study", async (storage) => {
    await expect(storage.getTrialsSince(UNKNOWN_ID, 0)).rejects.toBeInstanceOf(StudyNotFoundError);
  });

  test("getTrialsSince throws InvalidArgumentError for a cursor that is not a number", async (storage) => {
    const study = await newStudy(storage, "bad-cursor");
    for (const cursor of [Number.NaN, "3" as unknown as number, undefined as unknown as number]) {
      await expect(storage.getTrialsSince(study.studyId, cursor)).rejects.toThrow(InvalidArgumentError);
    }
  });

  test("every trial write gives the trial a new, growing seq within its study", async (storage) => {
    const a = await newStudy(storage, "seq-a");
    const b = await newStudy(storage, "seq-b");
    const seqs = new Map<number, number[]>([
      [a.studyId, []],
      [b.studyId, []],
    ]);
    const record = (studyId: number, t: FrozenTrial): FrozenTrial => {
      seqs.get(studyId)?.push(t.seq);
      return t;
    };
    const waiting = record(a.studyId, await storage.createTrial(a.studyId, { state: "WAITING" }));
    record(b.studyId, await storage.createTrial(b.studyId, { state: "COMPLETE", values: [1] }));
    const claimed = record(a.studyId, await claim(storage, a.studyId, { leaseSeconds: 0.5 }));
    expect(claimed.trialId).toBe(waiting.trialId);
    const fresh = record(b.studyId, await claim(storage, b.studyId, { leaseSeconds: 60 }));
    record(a.studyId, await storage.updateTrial(claimed.trialId, { userAttrs: { x: 1 } }));
    record(a.studyId, await storage.updateTrial(claimed.trialId, {}));
    await storage.heartbeat([fresh.trialId], 120);
    record(b.studyId, await storage.getTrial(fresh.trialId).then((t) => t as FrozenTrial));
    record(b.studyId, (await storage.finishTrial(fresh.trialId, { state: "COMPLETE", values: [2] })).trial);
    record(a.studyId, (await storage.finishTrial(claimed.trialId, { state: "FAIL", values: null })).trial);
    for (const [studyId, list] of seqs) {
      for (let i = 1; i < list.length; i++) expect(list[i] as number).toBeGreaterThan(list[i - 1] as number);
      const { cursor } = await storage.getTrialsSince(studyId, 0);
      expect(cursor).toBeGreaterThanOrEqual(Math.max(...list));
    }
  });
}
