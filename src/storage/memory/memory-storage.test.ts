import { describe, expect, it } from "vitest";
import { describeStorage } from "../../../test/conformance/describe-storage.js";
import { InvalidArgumentError } from "../../errors.js";
import type { FrozenTrial } from "../../trial/frozen-trial.js";
import { ChangeLog } from "./change-log.js";
import { MemoryStorage } from "./memory-storage.js";

describeStorage("memory", () => new MemoryStorage());

/** A storage on a hand-driven clock, so lease tests need no sleeping. */
function onManualClock(start = 1_000_000): { storage: MemoryStorage; advance: (ms: number) => void } {
  let t = start;
  return {
    storage: new MemoryStorage({ clock: () => t }),
    advance: (ms) => {
      t += ms;
    },
  };
}

describe("MemoryStorage", () => {
  it("is neither persistent nor multi-process", () => {
    expect(new MemoryStorage().capabilities).toEqual({ persistent: false, multiProcess: false });
  });

  it("refreshes cheaply: after 20,000 trials one new write returns one trial", async () => {
    const storage = new MemoryStorage();
    const { studyId } = await storage.createStudy({ name: "big", directions: ["minimize"] });
    for (let i = 0; i < 20_000; i++) {
      const trial = (await storage.claimTrial(studyId, { workerId: "w" })) as FrozenTrial;
      await storage.updateTrial(trial.trialId, { params: { x: i } });
      await storage.finishTrial(trial.trialId, { state: "COMPLETE", values: [i] });
    }
    const { trials, cursor } = await storage.getTrialsSince(studyId, 0);
    expect(trials).toHaveLength(20_000);
    await storage.claimTrial(studyId, { workerId: "w" });
    const changes = await storage.getTrialsSince(studyId, cursor);
    expect(changes.trials.map((t) => t.number)).toEqual([20_000]);
    expect((await storage.listStudies())[0]?.bestValue).toBe(0);
  });

  it("uses its clock for times and reaps only leases that ended strictly before now", async () => {
    const { storage, advance } = onManualClock();
    const { studyId } = await storage.createStudy({ name: "clock", directions: ["minimize"] });
    const trial = (await storage.claimTrial(studyId, { workerId: "w", leaseSeconds: 10 })) as FrozenTrial;
    expect(trial.startedAt).toBe(1_000_000);
    expect(trial.leaseExpiresAt).toBe(1_010_000);
    advance(10_000);
    expect(await storage.reapStaleTrials(studyId)).toEqual([]);
    advance(1);
    const [stale] = await storage.reapStaleTrials(studyId);
    expect(stale).toMatchObject({ state: "STALE", completedAt: 1_010_001, leaseExpiresAt: null });
    expect(stale?.failReason?.message).toContain('worker "w"');
  });

  it("rejects bad input with InvalidArgumentError and writes nothing", async () => {
    const storage = new MemoryStorage();
    const { studyId } = await storage.createStudy({ name: "bad", directions: ["minimize"] });
    const trial = (await storage.claimTrial(studyId, { workerId: "w" })) as FrozenTrial;
    const { cursor } = await storage.getTrialsSince(studyId, 0);
    const bad: Array<() => Promise<unknown>> = [
      () => storage.updateTrial(trial.trialId, { intermediateValues: { [-1]: 1 } }),
      () => storage.updateTrial(trial.trialId, { intermediateValues: { 1.5: 1 } }),
      () =>
        storage.updateTrial(trial.trialId, { params: { ok: 1 }, userAttrs: { when: new Date() as never } }),
      () => storage.updateTrial(trial.trialId, { leaseSeconds: -1 }),
      () => storage.createTrial(studyId, { state: "WAITING", values: [1] }),
      () => storage.createTrial(studyId, { state: "RUNNING" as never }),
      () => storage.claimTrial(studyId, { workerId: "w", maxTrials: -1 }),
      () => storage.finishTrial(trial.trialId, { state: "STALE" as never, values: null }),
      () => storage.compareAndSetState(studyId, "k", 0, { f: (() => 1) as never }),
      () => storage.createStudy({ name: "no-directions", directions: [] }),
    ];
    for (const call of bad) await expect(call()).rejects.toBeInstanceOf(InvalidArgumentError);
    expect((await storage.getTrialsSince(studyId, cursor)).trials).toEqual([]);
    expect(await storage.getTrial(trial.trialId)).toEqual(trial);
    expect(await storage.getStudy("no-directions")).toBeNull();
  });

  it("shares unchanged parts between versions of a record", async () => {
    const storage = new MemoryStorage();
    const { studyId } = await storage.createStudy({ name: "share", directions: ["minimize"] });
    const trial = (await storage.claimTrial(studyId, { workerId: "w" })) as FrozenTrial;
    const a = await storage.updateTrial(trial.trialId, { params: { x: 1 }, userAttrs: { u: 1 } });
    const b = await storage.updateTrial(trial.trialId, { intermediateValues: { 0: 1 } });
    expect(b.params).toBe(a.params);
    expect(b.userAttrs).toBe(a.userAttrs);
    expect(b.intermediateValues).not.toBe(a.intermediateValues);
  });

  it("keeps an error message that says what was expected, what came and how to fix it", async () => {
    const storage = new MemoryStorage();
    const { studyId } = await storage.createStudy({ name: "msg", directions: ["minimize"] });
    const done = await storage.createTrial(studyId, { state: "COMPLETE", values: [1] });
    await expect(storage.updateTrial(done.trialId, {})).rejects.toThrow(
      /must be RUNNING.*but it is COMPLETE/,
    );
    await expect(storage.createStudy({ name: "msg", directions: ["minimize"] })).rejects.toThrow(
      /must be unused, but "msg" is already study \d+\. Pick another name/,
    );
  });
});

describe("ChangeLog", () => {
  it("stays bounded and answers every cursor correctly across compactions", () => {
    const latest: number[] = [];
    const log = new ChangeLog((n) => latest[n] as number);
    let seq = 0;
    for (let i = 0; i < 10; i++) {
      latest[i] = ++seq;
      log.append(seq, i, latest.length);
    }
    for (let w = 0; w < 5000; w++) {
      const n = (w * 7) % 10;
      latest[n] = ++seq;
      log.append(seq, n, latest.length);
    }
    expect(log.size).toBeLessThanOrEqual(2 * latest.length + 1024 + 1);
    for (const cursor of [0, 5, 4000, seq - 3, seq - 1, seq]) {
      const expected = latest
        .map((s, n) => [s, n] as const)
        .filter(([s]) => s > cursor)
        .map(([, n]) => n);
      expect(log.changedSince(cursor)).toEqual(expected);
    }
  });
});
