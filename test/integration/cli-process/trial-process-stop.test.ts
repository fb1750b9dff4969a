import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startTrialProcess } from "../../../src/cli/process/trial-process.js";
import { baseEnv, expectGone, fixture, isRunning, startReady, tempDir } from "./helpers.js";

const dir = tempDir("trial-stop");
const node = process.execPath;
let count = 0;

/** Options for a fixture run, with its own pid file and log. */
function run(script: string, ...args: string[]) {
  const n = count++;
  const pidFile = join(dir, `pids-${n}.json`);
  return {
    pidFile,
    options: {
      argv: [node, fixture(script), pidFile, ...args],
      cwd: dir,
      env: baseEnv(),
      logPath: join(dir, `${n}.log`),
    },
  };
}

function pids(pidFile: string): { child: number; grandchild: number } {
  return JSON.parse(readFileSync(pidFile, "utf8"));
}

describe("TrialProcess.stop", () => {
  it("stops the child and its grandchild with SIGTERM", async () => {
    const { pidFile, options } = run("family.mjs");
    const { proc } = await startReady(options);
    const { child, grandchild } = pids(pidFile);
    expect(child).toBe(proc.pid);
    expect(isRunning(grandchild)).toBe(true);
    const exit = await proc.stop("pruned", 30_000);
    expect(exit).toEqual({
      code: null,
      signal: "SIGTERM",
      stoppedBy: "pruned",
      spawnError: null,
      warnings: [],
    });
    expect(isRunning(grandchild)).toBe(false);
    await expectGone(child);
    await expectGone(grandchild);
  });

  it("SIGKILLs a child that ignores SIGTERM once the grace has passed", async () => {
    const { pidFile, options } = run("family.mjs", "ignore-term");
    const { proc, lines } = await startReady(options);
    const started = Date.now();
    const exit = await proc.stop("timeout", 1000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(exit).toMatchObject({ code: null, signal: "SIGKILL", stoppedBy: "timeout" });
    expect(lines).toContain("stdout: ignoring SIGTERM");
    await expectGone(pids(pidFile).grandchild);
  });

  it("keeps the first reason, lets a second call bring SIGKILL closer, and settles both calls", async () => {
    const { options } = run("family.mjs", "ignore-term");
    const { proc } = await startReady(options);
    const first = proc.stop("interrupted", 120_000);
    const second = proc.stop("interrupted again", 0);
    const [a, b] = await Promise.all([first, second]);
    expect(a).toBe(b);
    expect(a).toMatchObject({ signal: "SIGKILL", stoppedBy: "interrupted" });
    expect(await proc.stop("after the end", 0)).toBe(a);
  });

  it("does not wait for a grandchild that keeps the output open after the leader exited: it is stopped too", async () => {
    const { pidFile, options } = run("leave-grandchild.mjs");
    const started = Date.now();
    const exit = await startTrialProcess(options).exited;
    expect(exit).toMatchObject({ code: 0, signal: null, stoppedBy: null, warnings: [] });
    expect(Date.now() - started).toBeLessThan(20_000);
    const grandchild = Number(readFileSync(pidFile, "utf8"));
    expect(isRunning(grandchild)).toBe(false);
    await expectGone(grandchild);
  });

  it("gives up on the output of a grandchild that left the group, after the drain time, with a warning", async () => {
    const { pidFile, options } = run("leave-grandchild.mjs", "new-session");
    const lines: string[] = [];
    const exit = await startTrialProcess({ ...options, drainMs: 300, onLine: (l) => lines.push(l) }).exited;
    const grandchild = Number(readFileSync(pidFile, "utf8"));
    try {
      expect(exit).toMatchObject({ code: 0, signal: null });
      expect(exit.warnings).toEqual([
        expect.stringContaining("a process outside its group still holds it open"),
      ]);
      expect(lines).toEqual(["leader done"]);
    } finally {
      process.kill(grandchild, "SIGKILL");
    }
  });
});
