import { describe, expect, it } from "vitest";
import { getLogSink, log, setLogSink, setVerbosity } from "../logging/logger.js";
import type { ProgressSnapshot } from "../progress/progress.js";
import { terminalProgress } from "./terminal-progress.js";

const p = (done: number): ProgressSnapshot => ({
  studyName: "s",
  done,
  total: 4,
  running: 1,
  pruned: 0,
  failed: 0,
  best: 1.5,
  elapsedSeconds: 2,
});

describe("terminalProgress", () => {
  it("redraws one line in place, shows the bar, puts log lines above it and restores the sink", () => {
    const out: string[] = [];
    const logged: string[] = [];
    setVerbosity("info");
    setLogSink((_, m) => logged.push(m));
    const original = getLogSink();
    const reporter = terminalProgress(
      { studyName: "s", total: 4 },
      { write: (t: string) => out.push(t), columns: 200 },
    );
    reporter.update(p(2));
    log("info", "Trial 1 finished");
    reporter.stop(p(4));
    expect(out[0]).toBe(
      `\r\x1b[2Ks [${"█".repeat(12)}${"░".repeat(12)}] 2/4 done · 1 running · 0 pruned · 0 failed · best 1.5 · 2.0 s`,
    );
    expect(out[1]).toBe("\r\x1b[2K");
    expect(logged).toEqual(["Trial 1 finished"]);
    expect(out[2]).toContain("2/4 done");
    expect(out.at(-2)).toContain(`[${"█".repeat(24)}] 4/4 done`);
    expect(out.at(-1)).toBe("\n");
    expect(getLogSink()).toBe(original);
    setLogSink(undefined);
    setVerbosity("silent");
  });

  it("cuts the line to the terminal width", () => {
    const out: string[] = [];
    const reporter = terminalProgress(
      { studyName: "s", total: null },
      { write: (t: string) => out.push(t), columns: 20 },
    );
    reporter.update({ ...p(1), total: null });
    reporter.stop({ ...p(1), total: null });
    expect(out[0]).toBe(`\r\x1b[2K${"s 1 done · 1 running".slice(0, 19)}`);
  });
});
