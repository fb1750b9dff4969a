import { describe, expect, it } from "vitest";
import { searchBudget } from "../index.js";
import { type LiveStats, liveLine } from "./live-view.js";

const stats: LiveStats = {
  budget: { ...searchBudget([]), trials: 11, complete: 7, pruned: 2, failed: 2, running: 2, waiting: 1 },
  used: 13,
  budgetTrials: 50,
  best: {
    value: 0.031234567,
    number: 9,
    params: { learning_rate: 0.00123456, optimizer: "adam", batch_size: 128, dropout: 0.25 },
  },
  elapsedSeconds: 75,
  timeoutSeconds: 3600,
};

describe("liveLine", () => {
  it.each([40, 60, 80])(
    "fits %i columns, keeping the best value whole and shortening the params",
    (width) => {
      const line = liveLine(stats, width);
      expect(line.length).toBeLessThanOrEqual(width);
      expect(line).toContain("13/50 trials");
      expect(line).toContain("best 0.0312346 (#9)");
      expect(line).not.toContain("dropout=0.25");
    },
  );

  it("drops the times first, then the other counts, and keeps failed and waiting as long as it can", () => {
    expect(liveLine(stats, 80)).toBe(
      "13/50 trials · 7 complete · 2 failed · 1 waiting · best 0.0312346 (#9)",
    );
    expect(liveLine(stats, 60)).toBe("13/50 trials · 2 failed · 1 waiting · best 0.0312346 (#9)");
    expect(liveLine(stats, 40)).toBe("13/50 trials · best 0.0312346 (#9)");
  });

  it("shows the whole line with the best trial's params when there is room, and shortens them with …", () => {
    expect(liveLine(stats, 300)).toBe(
      "13/50 trials · 7 complete · 2 running · 2 pruned · 2 failed · 1 waiting · best 0.0312346 (#9) learning_rate=0.00123456 optimizer=adam batch_size=128 dropout=0.25 · 75.0 s elapsed · remaining 37 trials, 58.8 min",
    );
    const line = liveLine(stats, 190);
    expect(line.length).toBeLessThanOrEqual(190);
    expect(line).toContain("best 0.0312346 (#9) learning_rate=0.00123456 optimizer=adam");
    expect(line).toMatch(/…/);
  });
});
