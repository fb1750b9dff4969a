import { describe, expect, it } from "vitest";
import { MemoryStorage } from "./memory/memory-storage.js";

describe("a trial whose worker died before writing its params", () => {
  it("ends STALE without params, says so, and its retry has no fixed params (samples afresh)", async () => {
    let now = 1_000_000;
    const storage = new MemoryStorage({ clock: () => now });
    const { studyId } = await storage.createStudy({ name: "s", directions: ["minimize"] });
    const lost = await storage.claimTrial(studyId, { workerId: "dead", leaseSeconds: 5 });
    const written = await storage.claimTrial(studyId, { workerId: "dead", leaseSeconds: 5 });
    await storage.updateTrial(written?.trialId as number, {
      params: { x: 1 },
      distributions: { x: { type: "float", low: 0, high: 2, log: false, step: null } },
    });
    now += 6000;
    const [stale, staleWithParams] = await storage.reapStaleTrials(studyId, { maxRetries: 1 });
    expect(stale?.trialId).toBe(lost?.trialId);
    expect(stale?.state).toBe("STALE");
    expect(stale?.params).toEqual({});
    expect(stale?.failReason?.message).toMatch(/No parameter had been written, so a retry samples afresh/);
    expect(staleWithParams?.failReason?.message).not.toMatch(/No parameter/);
    const retries = (await storage.getTrialsSince(studyId, 0)).trials.filter((t) => t.state === "WAITING");
    expect(retries.map((t) => [t.retryOf, t.systemAttrs.fixedParams])).toEqual([
      [stale?.number, {}],
      [staleWithParams?.number, { x: 1 }],
    ]);
  });
});
