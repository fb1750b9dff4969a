import { describe, expect, it } from "vitest";
import { budgetMessage } from "./budget.js";
import type { OptimizeResult } from "./optimize.js";

const result: OptimizeResult = {
  stopReason: "nTrials",
  trialsRun: 4,
  completed: 2,
  pruned: 1,
  failed: 1,
  forbidden: 0,
  lost: 0,
  computeSeconds: 1.5,
  elapsedSeconds: 2,
};

describe("budgetMessage", () => {
  it("names why the study stopped, a study.stop() as a requested stop", () => {
    expect(budgetMessage("s", result)).toBe(
      'Study "s" stopped (nTrials): 4 trials run (2 complete, 1 pruned = 25.0%, 1 failed); compute 1.5 s, elapsed 2.0 s.',
    );
    expect(budgetMessage("s", { ...result, stopReason: "stopped" })).toMatch(
      /^Study "s" stopped \(stop requested\): /,
    );
  });
});
