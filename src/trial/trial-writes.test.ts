import { describe, expect, it } from "vitest";
import { silenceLogs } from "../../test/helpers.js";
import { RandomSampler } from "../samplers/random/random-sampler.js";
import { MemoryStorage } from "../storage/memory/memory-storage.js";
import type { Storage, TrialPatch } from "../storage/storage.js";
import { createStudy } from "../study/create-study.js";
import type { FrozenTrial } from "./frozen-trial.js";

silenceLogs();

/**
 * A memory storage whose `updateTrial` can be held back or made to fail, as on PostgreSQL, where a
 * heartbeat's flush and a tell go out on two pooled connections and either may commit first.
 */
class SlowUpdates extends MemoryStorage {
  gate: Promise<void> | null = null;
  failNext = 0;
  override async updateTrial(trialId: number, patch: TrialPatch): Promise<FrozenTrial> {
    const gate = this.gate;
    if (gate !== null) await gate;
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error("connection reset");
    }
    return super.updateTrial(trialId, patch);
  }
}

async function studyOn(storage: Storage) {
  return createStudy({ storage, sampler: new RandomSampler({ seed: 1 }) });
}

describe("a trial's writes", () => {
  it("a tell while a flush is in flight keeps the flushed params, reports and attributes", async () => {
    const storage = new SlowUpdates();
    const study = await studyOn(storage);
    const trial = await study.ask();
    const x = trial.suggestFloat("x", 0, 1);
    trial.report(0.5, 0);
    trial.setUserAttr("note", "kept");
    let open: () => void = () => undefined;
    storage.gate = new Promise<void>((resolve) => (open = resolve));
    const beat = trial.flush(); // a heartbeat's flush, held back on its connection
    const told = study.tell(trial, 0.25);
    await new Promise((resolve) => setTimeout(resolve, 20));
    open();
    storage.gate = null;
    await beat;
    await told;
    const stored = await storage.getTrial(trial.trialId);
    expect(stored?.state).toBe("COMPLETE");
    expect(stored?.params).toEqual({ x });
    expect(stored?.intermediateValues).toEqual({ 0: 0.5 });
    expect(stored?.userAttrs).toEqual({ note: "kept" });
  });

  it("a flush that fails puts its writes back: the next write carries them", async () => {
    const storage = new SlowUpdates();
    const study = await studyOn(storage);
    const trial = await study.ask();
    const x = trial.suggestFloat("x", 0, 1);
    trial.report({ loss: 1 }, 3);
    storage.failNext = 1;
    await expect(trial.flush()).rejects.toThrow("connection reset");
    trial.report({ acc: 0.5 }, 3);
    trial.report({ loss: 0.5 }, 4);
    await study.tell(trial, 0.5);
    const stored = await storage.getTrial(trial.trialId);
    expect(stored?.params).toEqual({ x });
    expect(stored?.intermediateValues).toEqual({ 3: { loss: 1, acc: 0.5 }, 4: { loss: 0.5 } });
  });

  it("params are written by the first report after they are suggested, before any heartbeat", async () => {
    const storage = new MemoryStorage();
    const study = await studyOn(storage);
    const trial = await study.ask();
    const x = trial.suggestFloat("x", 0, 1);
    expect((await storage.getTrial(trial.trialId))?.params).toEqual({});
    trial.report(0.9, 0);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect((await storage.getTrial(trial.trialId))?.params).toEqual({ x });
    await study.tell(trial, 0.1);
  });
});
