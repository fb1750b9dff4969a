import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startTrialProcess } from "../../../src/cli/process/trial-process.js";
import { baseEnv, fixture, tempDir } from "./helpers.js";

const dir = tempDir("trial-process");
const node = process.execPath;

function collectLines() {
  const lines: [string, string][] = [];
  return { lines, onLine: (line: string, stream: "stdout" | "stderr") => lines.push([stream, line]) };
}

describe("startTrialProcess", () => {
  it("runs a program to exit code 0, logging both streams and passing every line on", async () => {
    const { lines, onLine } = collectLines();
    const logPath = join(dir, "ok", "logs", "trial-0.log");
    const proc = startTrialProcess({
      argv: [node, fixture("report.mjs"), "0"],
      cwd: dir,
      env: baseEnv(),
      logPath,
      onLine,
    });
    expect(proc.pid).toBeGreaterThan(1);
    expect(proc.pgid).toBe(proc.pid);
    const exit = await proc.exited;
    expect(exit).toEqual({ code: 0, signal: null, stoppedBy: null, spawnError: null, warnings: [] });
    expect(lines.filter(([s]) => s === "stdout").map(([, l]) => l)).toEqual([
      'tunekit: {"step": 0, "loss": 1.5}',
      "plain line",
      'tunekit: {"step": 1, "loss": NaN}',
      'tunekit: {"final": true, "loss": 0.25}',
      "no newline at the end",
    ]);
    expect(lines.filter(([s]) => s === "stderr").map(([, l]) => l)).toEqual(["warming up", "almost done"]);
    const log = readFileSync(logPath, "utf8");
    for (const text of [
      "warming up\n",
      "plain line\n",
      "almost done\n",
      "NaN}\r\n",
      "no newline at the end",
    ]) {
      expect(log).toContain(text);
    }
  });

  it("reports a nonzero exit code, and appends to an existing log", async () => {
    const logPath = join(dir, "fail.log");
    writeFileSync(logPath, "# header\n");
    const exit = await startTrialProcess({
      argv: [node, fixture("report.mjs"), "3"],
      cwd: dir,
      env: baseEnv(),
      logPath,
    }).exited;
    expect(exit).toMatchObject({ code: 3, signal: null, spawnError: null });
    expect(readFileSync(logPath, "utf8")).toMatch(/^# header\n[\s\S]*warming up/);
  });

  it("passes each argument literally, with exactly the given environment and folder", async () => {
    const { lines, onLine } = collectLines();
    const marker = join(dir, "pwned");
    const args = ["; rm -rf ~", `$(touch ${marker})`, `\`touch ${marker}\``, "a b", "", "'\"\\"];
    const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", ONLY_THIS: "yes" };
    const exit = await startTrialProcess({
      argv: [node, fixture("echo-argv.mjs"), ...args],
      cwd: dir,
      env,
      logPath: join(dir, "argv.log"),
      onLine,
    }).exited;
    expect(exit.code).toBe(0);
    const echoed = JSON.parse(lines[0]?.[1] ?? "null");
    expect(echoed.argv).toEqual(args);
    expect(echoed.cwd).toBe(dir);
    expect(echoed.env).toEqual(env);
    expect(existsSync(marker)).toBe(false);
  });

  it("runs a shell script with /bin/sh", async () => {
    const { lines, onLine } = collectLines();
    const exit = await startTrialProcess({
      shell: 'echo "tunekit: {\\"loss\\": $X}"; echo oops >&2; exit 4',
      cwd: dir,
      env: { ...baseEnv(), X: "0.5" },
      logPath: join(dir, "shell.log"),
      onLine,
    }).exited;
    expect(exit.code).toBe(4);
    expect(lines).toEqual([
      ["stdout", 'tunekit: {"loss": 0.5}'],
      ["stderr", "oops"],
    ]);
  });

  it("settles with a spawnError, never throwing, when the program cannot start", async () => {
    const common = { cwd: dir, env: baseEnv(), logPath: join(dir, "spawn.log") };
    const missing = startTrialProcess({ argv: ["tunekit-no-such-command-xyz", "--x"], ...common });
    expect(missing.pid).toBeNull();
    expect(await missing.stop("too late", 0)).toMatchObject({
      spawnError: "command not found: tunekit-no-such-command-xyz",
    });
    expect(await missing.exited).toEqual({
      code: null,
      signal: null,
      stoppedBy: "too late",
      spawnError: "command not found: tunekit-no-such-command-xyz",
      warnings: [],
    });

    const script = join(dir, "not-executable.sh");
    writeFileSync(script, "#!/bin/sh\necho hi\n");
    chmodSync(script, 0o644);
    expect((await startTrialProcess({ argv: [script], ...common }).exited).spawnError).toMatch(
      /^permission denied: /,
    );
    expect((await startTrialProcess({ argv: ["./nope.sh"], ...common }).exited).spawnError).toBe(
      "no such file: ./nope.sh",
    );

    const badInterpreter = join(dir, "bad-interpreter.sh");
    writeFileSync(badInterpreter, "#!/no/such/interpreter\n", { mode: 0o755 });
    expect((await startTrialProcess({ argv: [badInterpreter], ...common }).exited).spawnError).toContain(
      "the interpreter its #! line names was not found",
    );

    expect((await startTrialProcess({ argv: [], ...common }).exited).spawnError).toContain("argv is empty");
    expect(
      (await startTrialProcess({ argv: ["x"], ...common, cwd: join(dir, "missing") }).exited).spawnError,
    ).toContain("working directory does not exist");
    const blocked = join(dir, "a-file");
    writeFileSync(blocked, "");
    expect(
      (await startTrialProcess({ argv: ["x"], ...common, logPath: join(blocked, "t.log") }).exited)
        .spawnError,
    ).toMatch(/^cannot open the log file /);
  });

  it("passes a line over 1 MiB on cut, while the log keeps every byte", async () => {
    const { lines, onLine } = collectLines();
    const logPath = join(dir, "long.log");
    const exit = await startTrialProcess({
      argv: [node, "-e", "process.stdout.write('x'.repeat(3 * 1024 * 1024) + '\\nafter\\n')"],
      cwd: dir,
      env: baseEnv(),
      logPath,
      onLine,
    }).exited;
    expect(exit.code).toBe(0);
    expect(lines.map(([, l]) => l.length)).toEqual([1024 * 1024, 5]);
    expect(readFileSync(logPath).length).toBe(3 * 1024 * 1024 + 7);
  });
});
