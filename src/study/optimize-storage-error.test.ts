import { describe, expect, it } from "vitest";
import { captureLogs, rejection, silenceLogs } from "../../test/helpers.js";
import { StorageError } from "../errors.js";
import { MemoryStorage } from "../storage/memory/memory-storage.js";
import type { Storage, TrialOutcome } from "../storage/storage.js";
import { createStudy } from "./create-study.js";

silenceLogs();

/** A memory storage whose finishTrial fails with a StorageError while `failing()` says so. */
function refusingStorage(failing: (outcome: TrialOutcome) => boolean): Storage {
  return new (class extends MemoryStorage {
    override finishTrial(trialId: number, outcome: TrialOutcome) {
      if (failing(outcome)) return Promise.reject(new StorageError("The disk is full."));
      return super.finishTrial(trialId, outcome);
    }
  })();
}

describe("optimize when the storage refuses a trial's result", () => {
  it("records the trial FAIL with reason code storage, then stops with the storage error", async () => {
    const storage = refusingStorage((outcome) => outcome.state === "COMPLETE" && outcome.values?.[0] === 1);
    const study = await createStudy({ storage });
    const error = await rejection(study.optimize((trial) => trial.number, { nTrials: 5 }));
    expect(error).toBeInstanceOf(StorageError);
    expect((await study.getTrials()).map((t) => [t.number, t.state, t.failReason?.code ?? null])).toEqual([
      [0, "COMPLETE", null],
      [1, "FAIL", "storage"],
    ]);
    expect((await study.getTrials())[1]?.failReason?.message).toBe(
      "Its result could not be stored: The disk is full.",
    );
  });

  it("warns when even the FAIL record is refused (its lease takes it back), and still stops with the error", async () => {
    const lines = captureLogs("warning");
    const study = await createStudy({ storage: refusingStorage(() => true) });
    const error = await rejection(study.optimize(() => 1, { nTrials: 2 }));
    expect(error).toBeInstanceOf(StorageError);
    expect(lines).toContainEqual({
      level: "warning",
      message:
        "Trial 0 could not be recorded FAIL either; it stays RUNNING until its lease ends, when the next run marks it STALE (and retries it with retry settings).",
    });
  });
});
