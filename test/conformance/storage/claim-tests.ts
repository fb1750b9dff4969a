import { expect } from "vitest";
import { StudyNotFoundError } from "../../../src/errors.js";
import { claim, type DeclareTest, expectBetween, newStudy, UNKNOWN_ID } from "./harness.js";

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** Declares the tests of `claimTrial`: order, creation, `maxTrials` and concurrency. */
export function declareClaimTests(test: DeclareTest): void {
  test("claimTrial takes the oldest WAITING trial first", async (storage) => {
    const study = await newStudy(storage, "claim-order");
    for (const x of [10, 11, 12])
      await storage.createTrial(study.studyId, { state: "WAITING", params: { x } });
    const before = await storage.now();
    const first = await claim(storage, study.studyId, { workerId: "w-a" });
    const after = await storage.now();
    expect(first).toMatchObject({ number: 0, state: "RUNNING", params: { x: 10 }, workerId: "w-a" });
    expectBetween(first.startedAt, before, after, "startedAt");
    expect(first.completedAt).toBeNull();
    expect(first.leaseExpiresAt).toBeNull();
    await storage.createTrial(study.studyId, { state: "WAITING", params: { x: 13 } });
    const rest = [];
    for (let i = 0; i < 3; i++) rest.push(await claim(storage, study.studyId, { workerId: `w-${i}` }));
    expect(rest.map((t) => [t.number, t.params.x])).toEqual([
      [1, 11],
      [2, 12],
      [3, 13],
    ]);
  });

  test("claimTrial creates a RUNNING trial with the next number when none is WAITING", async (storage) => {
    const study = await newStudy(storage, "claim-new");
    await storage.createTrial(study.studyId, { state: "COMPLETE", values: [1] });
    const before = await storage.now();
    const trial = await claim(storage, study.studyId, { workerId: "worker-7" });
    const after = await storage.now();
    expect(trial).toMatchObject({
      number: 1,
      state: "RUNNING",
      values: null,
      params: {},
      distributions: {},
      intermediateValues: {},
      constraints: {},
      userAttrs: {},
      systemAttrs: {},
      completedAt: null,
      workerId: "worker-7",
      leaseExpiresAt: null,
      retryOf: null,
      failReason: null,
    });
    expectBetween(trial.startedAt, before, after, "startedAt");
    expect(await storage.getTrial(trial.trialId)).toEqual(trial);
  });

  test("claimTrial throws StudyNotFoundError for an unknown study", async (storage) => {
    await expect(storage.claimTrial(UNKNOWN_ID, { workerId: "w" })).rejects.toBeInstanceOf(
      StudyNotFoundError,
    );
  });

  test("claimTrial honours maxTrials, counting neither WAITING nor forbidden FAIL trials", async (storage) => {
    const study = await newStudy(storage, "max-trials");
    const max = { maxTrials: 3 };
    await storage.createTrial(study.studyId, { state: "WAITING", params: { x: 0 } });
    await storage.createTrial(study.studyId, { state: "WAITING", params: { x: 1 } });
    await storage.createTrial(study.studyId, {
      state: "FAIL",
      values: null,
      failReason: { code: "forbidden", message: "rejected" },
    });
    const forbidden = await claim(storage, study.studyId, max);
    expect(forbidden.number).toBe(0);
    await storage.finishTrial(forbidden.trialId, {
      state: "FAIL",
      values: null,
      failReason: { code: "forbidden", message: "rejected" },
    });
    const counted = [
      await claim(storage, study.studyId, max),
      await claim(storage, study.studyId, max),
      await claim(storage, study.studyId, max),
    ];
    expect(counted.map((t) => t.number)).toEqual([1, 3, 4]);
    await storage.finishTrial(counted[0]?.trialId as number, {
      state: "FAIL",
      values: null,
      failReason: { code: "exception", message: "counts" },
    });

    const waiting = await storage.createTrial(study.studyId, { state: "WAITING" });
    const { cursor } = await storage.getTrialsSince(study.studyId, 0);
    expect(await storage.claimTrial(study.studyId, { workerId: "w", ...max })).toBeNull();
    expect((await storage.getTrialsSince(study.studyId, cursor)).trials).toEqual([]);
    expect(await storage.getTrial(waiting.trialId)).toEqual(waiting);

    expect((await claim(storage, study.studyId, { maxTrials: 4 })).number).toBe(waiting.number);
    expect(await storage.claimTrial(study.studyId, { workerId: "w", maxTrials: 4 })).toBeNull();
    expect((await claim(storage, study.studyId, { maxTrials: null })).number).toBe(waiting.number + 1);
    expect((await claim(storage, study.studyId)).number).toBe(waiting.number + 2);
  });

  test("claimTrial counts trials created finished against maxTrials", async (storage) => {
    const study = await newStudy(storage, "max-trials-added");
    await storage.createTrial(study.studyId, { state: "COMPLETE", values: [1] });
    await storage.createTrial(study.studyId, { state: "PRUNED", values: [1] });
    expect(await storage.claimTrial(study.studyId, { workerId: "w", maxTrials: 2 })).toBeNull();
    expect(await storage.claimTrial(study.studyId, { workerId: "w", maxTrials: 0 })).toBeNull();
    expect((await claim(storage, study.studyId, { maxTrials: 3 })).number).toBe(2);
  });

  test("200 concurrent claims return 200 distinct trials numbered 0..199", async (storage) => {
    const study = await newStudy(storage, "claim-race");
    const trials = await Promise.all(
      range(200).map((i) => claim(storage, study.studyId, { workerId: `w${i}` })),
    );
    expect(trials.map((t) => t.number).sort((a, b) => a - b)).toEqual(range(200));
    expect(new Set(trials.map((t) => t.trialId)).size).toBe(200);
    expect(trials.every((t) => t.state === "RUNNING")).toBe(true);
  });

  test("concurrent claims take each WAITING trial exactly once, oldest first", async (storage) => {
    const study = await newStudy(storage, "claim-race-waiting");
    for (const i of range(50)) await storage.createTrial(study.studyId, { state: "WAITING", params: { i } });
    const trials = await Promise.all(
      range(200).map((i) => claim(storage, study.studyId, { workerId: `w${i}` })),
    );
    const numbers = trials.map((t) => t.number).sort((a, b) => a - b);
    expect(numbers).toEqual(range(200));
    for (const t of trials) {
      if (t.number < 50) expect(t.params).toEqual({ i: t.number });
      else expect(t.params).toEqual({});
    }
    const all = (await storage.getTrialsSince(study.studyId, 0)).trials;
    expect(all.map((t) => t.state)).toEqual(range(200).map(() => "RUNNING"));
  });

  test("concurrent claims never exceed maxTrials", async (storage) => {
    const study = await newStudy(storage, "claim-race-max");
    for (const i of range(5)) await storage.createTrial(study.studyId, { state: "WAITING", params: { i } });
    const results = await Promise.all(
      range(60).map((i) => storage.claimTrial(study.studyId, { workerId: `w${i}`, maxTrials: 20 })),
    );
    const claimed = results.filter((t) => t !== null);
    expect(claimed).toHaveLength(20);
    expect(claimed.map((t) => t.number).sort((a, b) => a - b)).toEqual(range(20));
    expect((await storage.getTrialsSince(study.studyId, 0)).trials).toHaveLength(20);
  });
}
