import { describe, expect, it } from "vitest";
import { LineProblems } from "./line-problems.js";

describe("LineProblems", () => {
  it("shows the first three, counts every one and lists their lines", () => {
    const problems = new LineProblems();
    const shown = [2, 3, 5, 8, 13].map((line) => problems.add(line, `bad ${line}`));
    expect(shown).toEqual([true, true, true, false, false]);
    expect(problems.count).toBe(5);
    expect(problems.summary()).toBe(
      "5 malformed tunekit: lines were ignored in all (stdout lines 2, 3, 5, 8, 13); the first 3 are shown above",
    );
    expect(problems.note()).toBe(
      "5 tunekit: lines were ignored as malformed (the first, stdout line 2: bad 2)",
    );
  });

  it("lists ten line numbers at most", () => {
    const problems = new LineProblems();
    for (let line = 1; line <= 12; line++) problems.add(line, "bad");
    expect(problems.summary()).toContain("(stdout lines 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, ...)");
  });

  it("says nothing more for a single line, which was shown in full", () => {
    const problems = new LineProblems();
    expect(problems.summary()).toBeNull();
    expect(problems.note()).toBeNull();
    problems.add(4, "bad");
    expect(problems.summary()).toBeNull();
    expect(problems.note()).toBe("1 tunekit: line was ignored as malformed (stdout line 4: bad)");
  });
});
