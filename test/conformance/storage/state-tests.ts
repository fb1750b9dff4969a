import { expect } from "vitest";
import { StorageError, StudyNotFoundError } from "../../../src/errors.js";
import type { Storage } from "../../../src/storage/storage.js";
import { claim, type DeclareTest, newStudy, UNKNOWN_ID } from "./harness.js";

/** Declares the tests of versioned state records and of `close()`. */
export function declareStateTests(test: DeclareTest): void {
  test("getState returns null for a key never written", async (storage) => {
    const study = await newStudy(storage, "state-empty");
    expect(await storage.getState(study.studyId, "never")).toBeNull();
  });

  test("compareAndSetState with expectedVersion 0 creates version 1; 0 again fails", async (storage) => {
    const study = await newStudy(storage, "state-create");
    const value = { rungs: [[0, 1.5]], done: false, name: "x", none: null };
    const created = await storage.compareAndSetState(study.studyId, "pruner", 0, value);
    expect(created).toEqual({ version: 1, value });
    expect(await storage.getState(study.studyId, "pruner")).toEqual(created);
    expect(await storage.compareAndSetState(study.studyId, "pruner", 0, { other: 1 })).toBeNull();
    expect(await storage.getState(study.studyId, "pruner")).toEqual(created);
  });

  test("compareAndSetState advances the version by one on each success", async (storage) => {
    const study = await newStudy(storage, "state-advance");
    let expected = 0;
    for (const value of [1, "two", [3], { four: 4 }, null]) {
      const record = await storage.compareAndSetState(study.studyId, "k", expected, value);
      expect(record).toEqual({ version: expected + 1, value });
      expected++;
    }
    expect(await storage.getState(study.studyId, "k")).toEqual({ version: 5, value: null });
  });

  test("compareAndSetState with a stale version returns null and writes nothing", async (storage) => {
    const study = await newStudy(storage, "state-stale");
    await storage.compareAndSetState(study.studyId, "k", 0, "a");
    const current = await storage.compareAndSetState(study.studyId, "k", 1, "b");
    for (const stale of [1, 3])
      expect(await storage.compareAndSetState(study.studyId, "k", stale, "c")).toBeNull();
    expect(await storage.getState(study.studyId, "k")).toEqual(current);
    expect(await storage.compareAndSetState(study.studyId, "fresh", 1, "c")).toBeNull();
    expect(await storage.getState(study.studyId, "fresh")).toBeNull();
  });

  test("concurrent compareAndSetState calls on one version: exactly one wins", async (storage) => {
    const study = await newStudy(storage, "state-race");
    await storage.compareAndSetState(study.studyId, "k", 0, { writer: -1 });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, writer) =>
        storage.compareAndSetState(study.studyId, "k", 1, { writer }),
      ),
    );
    const winners = results.filter((r) => r !== null);
    expect(winners).toHaveLength(1);
    expect(winners[0]?.version).toBe(2);
    expect(await storage.getState(study.studyId, "k")).toEqual(winners[0]);

    const creators = await Promise.all(
      Array.from({ length: 20 }, (_, writer) => storage.compareAndSetState(study.studyId, "new", 0, writer)),
    );
    expect(creators.filter((r) => r !== null)).toHaveLength(1);
  });

  test("state records are kept per study and per key", async (storage) => {
    const a = await newStudy(storage, "state-a");
    const b = await newStudy(storage, "state-b");
    await storage.compareAndSetState(a.studyId, "k", 0, "a-k");
    await storage.compareAndSetState(a.studyId, "other", 0, "a-other");
    expect(await storage.getState(b.studyId, "k")).toBeNull();
    await storage.compareAndSetState(b.studyId, "k", 0, "b-k");
    expect(await storage.getState(a.studyId, "k")).toEqual({ version: 1, value: "a-k" });
    expect(await storage.getState(a.studyId, "other")).toEqual({ version: 1, value: "a-other" });
    expect(await storage.getState(b.studyId, "k")).toEqual({ version: 1, value: "b-k" });
  });

  test("state methods throw StudyNotFoundError for an unknown study", async (storage) => {
    await expect(storage.getState(UNKNOWN_ID, "k")).rejects.toBeInstanceOf(StudyNotFoundError);
    await expect(storage.compareAndSetState(UNKNOWN_ID, "k", 0, 1)).rejects.toBeInstanceOf(
      StudyNotFoundError,
    );
  });

  test("after close() every call fails with StorageError", async (storage) => {
    const study = await newStudy(storage, "closed");
    const trial = await claim(storage, study.studyId, { leaseSeconds: 60 });
    await storage.close();
    const calls: Array<[string, (s: Storage) => Promise<unknown>]> = [
      ["createStudy", (s) => s.createStudy({ name: `${study.name}-2`, directions: ["minimize"] })],
      ["getStudy", (s) => s.getStudy(study.name)],
      ["listStudies", (s) => s.listStudies()],
      ["updateStudy", (s) => s.updateStudy(study.studyId, { userAttrs: { a: 1 } })],
      ["deleteStudy", (s) => s.deleteStudy(study.studyId)],
      ["createTrial", (s) => s.createTrial(study.studyId, { state: "WAITING" })],
      ["claimTrial", (s) => s.claimTrial(study.studyId, { workerId: "w" })],
      ["updateTrial", (s) => s.updateTrial(trial.trialId, { userAttrs: { a: 1 } })],
      ["finishTrial", (s) => s.finishTrial(trial.trialId, { state: "COMPLETE", values: [1] })],
      ["getTrial", (s) => s.getTrial(trial.trialId)],
      ["getTrialsSince", (s) => s.getTrialsSince(study.studyId, 0)],
      ["heartbeat", (s) => s.heartbeat([trial.trialId], 60)],
      ["reapStaleTrials", (s) => s.reapStaleTrials(study.studyId)],
      ["getState", (s) => s.getState(study.studyId, "k")],
      ["compareAndSetState", (s) => s.compareAndSetState(study.studyId, "k", 0, 1)],
      ["now", (s) => s.now()],
    ];
    for (const [method, call] of calls) {
      await expect(call(storage), method).rejects.toBeInstanceOf(StorageError);
    }
  });
}
