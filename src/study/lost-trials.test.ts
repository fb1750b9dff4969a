import { describe, expect, it } from "vitest";
import { silenceLogs } from "../../test/helpers.js";
import { RandomSampler } from "../samplers/random/random-sampler.js";
import { MemoryStorage } from "../storage/memory/memory-storage.js";
import { createStudy } from "./create-study.js";

silenceLogs();

const lease = { heartbeatSeconds: 0.05, graceSeconds: 0.3 };

/** A study at maxTrials 5 where a dead worker (it never beats) holds one trial RUNNING within its lease. */
async function withDeadWorkerTrial(maxRetries: number) {
  const storage = new MemoryStorage();
  const study = await createStudy({
    storage,
    sampler: new RandomSampler({ seed: 3 }),
    lease,
    retry: { maxRetries },
  });
  const dead = await storage.claimTrial(study.studyId, {
    workerId: "dead",
    leaseSeconds: lease.graceSeconds,
  });
  await storage.updateTrial(dead?.trialId as number, {
    params: { x: 0.5 },
    distributions: { x: { type: "float", low: 0, high: 1, log: false, step: null } },
  });
  const result = await study.optimize((t) => t.suggestFloat("x", 0, 1), { maxTrials: 5 });
  return { study, result, dead: dead?.number };
}

describe("the last live worker at maxTrials", () => {
  it("waits for a dead worker's trial, reaps it and runs its retry before reporting the study done", async () => {
    const { study, result, dead } = await withDeadWorkerTrial(1);
    expect(result.stopReason).toBe("maxTrials");
    const trials = await study.getTrials();
    expect(trials.filter((t) => t.state === "RUNNING")).toEqual([]);
    expect(trials.filter((t) => t.state === "STALE").map((t) => t.number)).toEqual([dead]);
    const retry = trials.find((t) => t.retryOf === dead);
    expect(retry?.state).toBe("COMPLETE");
    expect(retry?.params).toEqual({ x: 0.5 });
    expect(trials.filter((t) => t.state === "COMPLETE")).toHaveLength(5);
  });

  it("with retries exhausted, fills the budget with a new trial instead", async () => {
    const { study, result, dead } = await withDeadWorkerTrial(0);
    expect(result.stopReason).toBe("maxTrials");
    const trials = await study.getTrials();
    expect(trials.filter((t) => t.state === "RUNNING")).toEqual([]);
    expect(trials.find((t) => t.retryOf === dead)).toBeUndefined();
    expect(trials.filter((t) => t.state === "COMPLETE")).toHaveLength(5);
  });

  it("does not wait for a trial without a lease (it can never be reaped)", async () => {
    const storage = new MemoryStorage();
    const study = await createStudy({ storage, lease });
    await storage.claimTrial(study.studyId, { workerId: "no-lease" });
    const result = await study.optimize(() => 1, { maxTrials: 2 });
    expect(result).toMatchObject({ stopReason: "maxTrials", trialsRun: 1 });
  });

  it("stops waiting when the loop is stopped", async () => {
    const storage = new MemoryStorage();
    const study = await createStudy({ storage, lease: { heartbeatSeconds: 0.05, graceSeconds: 600 } });
    await storage.claimTrial(study.studyId, { workerId: "slow", leaseSeconds: 600 });
    const result = await study.optimize(() => 1, { maxTrials: 2, signal: AbortSignal.timeout(200) });
    expect(result).toMatchObject({ stopReason: "signal", trialsRun: 1 });
  });
});
