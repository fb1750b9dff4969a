import { expect } from "vitest";
import { StudyNotFoundError } from "../../../src/errors.js";
import { claim, type DeclareTest, expectBetween, mustGet, newStudy, sleep, UNKNOWN_ID } from "./harness.js";

/** A lease short enough to expire within a test: 50 ms, awaited with {@link EXPIRY_WAIT_MS}. */
const SHORT_LEASE_SECONDS = 0.05;
const EXPIRY_WAIT_MS = 120;

/** Declares the tests of leases: claim with a lease, heartbeats and reaping. */
export function declareLeaseTests(test: DeclareTest): void {
  test("claimTrial with leaseSeconds sets leaseExpiresAt to now + leaseSeconds", async (storage) => {
    const study = await newStudy(storage, "lease-claim");
    await storage.createTrial(study.studyId, { state: "WAITING" });
    for (const leaseSeconds of [30, 2.5]) {
      const before = await storage.now();
      const trial = await claim(storage, study.studyId, { leaseSeconds });
      const after = await storage.now();
      expectBetween(
        trial.leaseExpiresAt,
        before + leaseSeconds * 1000,
        after + leaseSeconds * 1000,
        "leaseExpiresAt",
      );
    }
    expect((await claim(storage, study.studyId, { leaseSeconds: null })).leaseExpiresAt).toBeNull();
  });

  test("heartbeat extends RUNNING leases and leaves other trials alone", async (storage) => {
    const study = await newStudy(storage, "heartbeat");
    const leased = await claim(storage, study.studyId, { leaseSeconds: 1 });
    const unleased = await claim(storage, study.studyId);
    const done = await claim(storage, study.studyId, { leaseSeconds: 1 });
    const finished = (await storage.finishTrial(done.trialId, { state: "COMPLETE", values: [1] })).trial;
    const waiting = await storage.createTrial(study.studyId, { state: "WAITING" });
    const { cursor } = await storage.getTrialsSince(study.studyId, 0);

    const before = await storage.now();
    await storage.heartbeat(
      [leased.trialId, unleased.trialId, finished.trialId, waiting.trialId, UNKNOWN_ID],
      60,
    );
    const after = await storage.now();
    const beaten = await mustGet(storage, leased.trialId);
    expectBetween(beaten.leaseExpiresAt, before + 60_000, after + 60_000, "leaseExpiresAt");
    expect(beaten.seq).toBeGreaterThan(leased.seq);
    expect({ ...beaten, leaseExpiresAt: leased.leaseExpiresAt, seq: leased.seq }).toEqual(leased);
    expect(await storage.getTrial(unleased.trialId)).toEqual(unleased);
    expect(await storage.getTrial(finished.trialId)).toEqual(finished);
    expect(await storage.getTrial(waiting.trialId)).toEqual(waiting);
    expect((await storage.getTrialsSince(study.studyId, cursor)).trials).toEqual([beaten]);
  });

  test("updateTrial with leaseSeconds extends a lease and is ignored without one", async (storage) => {
    const study = await newStudy(storage, "lease-update");
    const leased = await claim(storage, study.studyId, { leaseSeconds: 1 });
    const unleased = await claim(storage, study.studyId);
    const before = await storage.now();
    const extended = await storage.updateTrial(leased.trialId, { leaseSeconds: 90, userAttrs: { a: 1 } });
    const after = await storage.now();
    expectBetween(extended.leaseExpiresAt, before + 90_000, after + 90_000, "leaseExpiresAt");
    expect(extended.userAttrs).toEqual({ a: 1 });
    const stillNone = await storage.updateTrial(unleased.trialId, { leaseSeconds: 90 });
    expect(stillNone.leaseExpiresAt).toBeNull();
  });

  test("reapStaleTrials marks RUNNING trials whose lease ended as STALE and returns them", async (storage) => {
    const study = await newStudy(storage, "reap");
    const other = await newStudy(storage, "reap-other");
    const expiring = await claim(storage, study.studyId, {
      leaseSeconds: SHORT_LEASE_SECONDS,
      workerId: "gone",
    });
    const alive = await claim(storage, study.studyId, { leaseSeconds: 60 });
    const noLease = await claim(storage, study.studyId);
    const elsewhere = await claim(storage, other.studyId, { leaseSeconds: SHORT_LEASE_SECONDS });
    const finishedEarly = await claim(storage, study.studyId, { leaseSeconds: SHORT_LEASE_SECONDS });
    const finished = (await storage.finishTrial(finishedEarly.trialId, { state: "COMPLETE", values: [1] }))
      .trial;
    await sleep(EXPIRY_WAIT_MS);

    const before = await storage.now();
    const reaped = await storage.reapStaleTrials(study.studyId);
    const after = await storage.now();
    expect(reaped.map((t) => t.trialId)).toEqual([expiring.trialId]);
    const stale = reaped[0];
    expect(stale).toMatchObject({
      state: "STALE",
      leaseExpiresAt: null,
      workerId: "gone",
      startedAt: expiring.startedAt,
    });
    expect(stale?.failReason?.code).toBe("stale");
    expect(typeof stale?.failReason?.message).toBe("string");
    expectBetween(stale?.completedAt ?? null, before, after, "completedAt");
    expect(stale?.seq).toBeGreaterThan(expiring.seq);
    expect(await storage.getTrial(expiring.trialId)).toEqual(stale);

    expect(await storage.getTrial(alive.trialId)).toEqual(alive);
    expect(await storage.getTrial(noLease.trialId)).toEqual(noLease);
    expect(await storage.getTrial(elsewhere.trialId)).toEqual(elsewhere);
    expect(await storage.getTrial(finished.trialId)).toEqual(finished);
    expect(await storage.reapStaleTrials(study.studyId)).toEqual([]);

    const late = await storage.finishTrial(expiring.trialId, { state: "COMPLETE", values: [1] });
    expect(late).toEqual({ ok: false, trial: stale });
    const summary = (await storage.listStudies()).find((s) => s.study.studyId === study.studyId);
    expect(summary?.trialCounts.STALE).toBe(1);
    expect(summary?.trialCounts.RUNNING).toBe(2);
  });

  test("a heartbeat keeps a trial from being reaped", async (storage) => {
    const study = await newStudy(storage, "reap-heartbeat");
    const trial = await claim(storage, study.studyId, { leaseSeconds: SHORT_LEASE_SECONDS });
    await storage.heartbeat([trial.trialId], 60);
    await sleep(EXPIRY_WAIT_MS);
    expect(await storage.reapStaleTrials(study.studyId)).toEqual([]);
    expect((await mustGet(storage, trial.trialId)).state).toBe("RUNNING");
  });

  test("reapStaleTrials with maxRetries enqueues each lost trial's params again, up to maxRetries times", async (storage) => {
    const study = await newStudy(storage, "reap-retry");
    const first = await claim(storage, study.studyId, { leaseSeconds: SHORT_LEASE_SECONDS });
    await storage.updateTrial(first.trialId, { params: { x: 0.5 }, userAttrs: { tag: "a" } });
    await sleep(EXPIRY_WAIT_MS);
    const [stale] = await storage.reapStaleTrials(study.studyId, { maxRetries: 1 });
    expect(stale?.state).toBe("STALE");
    const { trials } = await storage.getTrialsSince(study.studyId, 0);
    const retry = trials.find((t) => t.number === 1);
    expect(retry).toMatchObject({
      state: "WAITING",
      params: { x: 0.5 },
      userAttrs: { tag: "a" },
      retryOf: first.number,
    });
    expect(retry?.systemAttrs.retryCount).toBe(1);

    const again = await claim(storage, study.studyId, { leaseSeconds: SHORT_LEASE_SECONDS });
    expect(again.number).toBe(1);
    await sleep(EXPIRY_WAIT_MS);
    expect((await storage.reapStaleTrials(study.studyId, { maxRetries: 1 })).map((t) => t.number)).toEqual([
      1,
    ]);
    const after = await storage.getTrialsSince(study.studyId, 0);
    expect(after.trials.map((t) => t.state)).toEqual(["STALE", "STALE"]);
  });

  test("STALE trials do not count against maxTrials: their retry takes the place", async (storage) => {
    const study = await newStudy(storage, "reap-max");
    await claim(storage, study.studyId, { leaseSeconds: SHORT_LEASE_SECONDS, maxTrials: 1 });
    expect(await storage.claimTrial(study.studyId, { workerId: "w", maxTrials: 1 })).toBeNull();
    await sleep(EXPIRY_WAIT_MS);
    await storage.reapStaleTrials(study.studyId, { maxRetries: 1 });
    const retry = await storage.claimTrial(study.studyId, { workerId: "w", maxTrials: 1 });
    expect(retry?.retryOf).toBe(0);
    expect(await storage.claimTrial(study.studyId, { workerId: "w", maxTrials: 1 })).toBeNull();
  });

  test("reapStaleTrials throws StudyNotFoundError for an unknown study", async (storage) => {
    await expect(storage.reapStaleTrials(UNKNOWN_ID)).rejects.toBeInstanceOf(StudyNotFoundError);
  });
}
