import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { TrialProcess } from "../../../src/cli/process/index.js";
import { parseSweep } from "../../../src/cli/sweep/index.js";
import { sweepObjective } from "../../../src/cli/trial-objective.js";
import { createStudy, MemoryStorage, setVerbosity } from "../../../src/index.js";
import { alive, until } from "./cli-harness.js";

setVerbosity("silent");

describe("sweepObjective", () => {
  it("stops the program when the trial cannot be written, instead of leaving it running", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tunekit-objective-"));
    process.env.TUNEKIT_RUN_DIR = join(dir, "run");
    const sweep = parseSweep(
      [
        "study: s",
        `command: ${JSON.stringify([process.execPath, "-e", "console.log(process.pid); setInterval(() => {}, 1000)"])}`,
        "metric: loss",
        "killGrace: 1",
        "parameters:",
        "  x: {type: float, low: 0, high: 1}",
      ].join("\n"),
      "sweep.yaml",
    );
    const storage = new MemoryStorage();
    const updateTrial = storage.updateTrial.bind(storage);
    storage.updateTrial = async (trialId, patch) => {
      if (patch.systemAttrs?.logPath !== undefined) throw new Error("storage unavailable");
      return updateTrial(trialId, patch);
    };
    const study = await createStudy({ storage, studyName: "s" });
    const live = new Set<TrialProcess>();
    let pid: number | null = null;
    const objective = sweepObjective({ study, sweep, live, baseDir: dir });
    const run = study.optimize(
      async (trial) => {
        const result = objective(trial);
        await until(() => live.size > 0, 10_000, "the program to start");
        pid = [...live][0]?.pid ?? null;
        return result;
      },
      { nTrials: 1, catch: true },
    );
    await run;
    expect(study.trials[0]?.failReason?.message).toMatch(/storage unavailable/);
    expect(pid).not.toBeNull();
    await until(() => !alive(pid as number), 10_000, "the program to be stopped");
  });
});
