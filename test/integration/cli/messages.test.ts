import { spawn } from "node:child_process";
import { stripVTControlCharacters } from "node:util";
import { describe, expect, it } from "vitest";
import { CLI, fixtureCommand, runCli, until, type Workspace, workspace } from "./cli-harness.js";

function sweepFile(ws: Workspace, body: string): string {
  return ws.write("sweep.yaml", `study: s\ncommand: ${fixtureCommand()}\nmetric: loss\n${body}`);
}

interface TrialJson {
  number: number;
  state: string;
  values: unknown[] | null;
  params: Record<string, unknown>;
  failReason: { code: string; message: string } | null;
}

async function trialsOf(ws: Workspace): Promise<TrialJson[]> {
  const out = await runCli(["trials", "--study", "s", "--format", "json"], ws);
  expect(out.code, out.stderr).toBe(0);
  return (JSON.parse(out.stdout) as { trials: TrialJson[] }).trials;
}

/** A period doubled by joining a message that ends in "." (or "...") with another "." */
const DOUBLED = /(^|[^.])\.\.($|[^.])|\.{4}/m;

describe("tunekit run: messages", () => {
  it("takes a metric beyond the float range as Infinity, warning with the trial and the line", async () => {
    const ws = workspace();
    const out = await runCli(
      ["run", sweepFile(ws, "budget: {trials: 1}\nparameters:\n  mode: [overflow]\n")],
      ws,
    );
    expect(out.code, out.stderr).toBe(0);
    expect(out.stderr).toContain(
      'Trial 0, stdout line 2: 1e999 is beyond the range of a 64-bit float and was read as Infinity: tunekit: {"loss": 1e999}',
    );
    const [trial] = await trialsOf(ws);
    expect(trial?.state).toBe("COMPLETE");
    expect(trial?.values).toEqual([{ $nonfinite: "Infinity" }]);
  });

  it("counts every malformed tunekit: line, shows the first three, and says so when the metric is missing", async () => {
    const ws = workspace();
    const file = sweepFile(ws, "sampler: {name: grid}\nparameters:\n  mode: [malformed]\n  x: [1, 0]\n");
    const out = await runCli(["run", file], ws);
    expect(out.code, out.stderr).toBe(0);
    for (const trial of [0, 1]) {
      for (const line of [2, 3, 4]) {
        expect(out.stderr).toContain(`Trial ${trial}: ignored stdout line ${line}: malformed tunekit line`);
      }
      expect(out.stderr).not.toContain(`Trial ${trial}: ignored stdout line 5`);
      expect(out.stderr).toContain(
        `Trial ${trial}: 5 malformed tunekit: lines were ignored in all (stdout lines 2, 3, 4, 5, 6); the first 3 are shown above; the output is in `,
      );
    }
    const trials = await trialsOf(ws);
    const reported = trials.find((t) => t.params.x === 1);
    const missing = trials.find((t) => t.params.x === 0);
    expect(reported?.state).toBe("COMPLETE");
    expect(missing?.failReason?.code).toBe("missing-metric");
    expect(missing?.failReason?.message).toContain(
      "; 5 tunekit: lines were ignored as malformed (the first, stdout line 2: malformed tunekit line:",
    );
  });

  it("stopped by failures in a row: says so once, with no doubled period and no 'stopped (signal)'", async () => {
    const ws = workspace();
    const out = await runCli(
      [
        "run",
        sweepFile(ws, "budget: {trials: 20, maxConsecutiveFailures: 3}\nparameters:\n  mode: [fail]\n"),
      ],
      ws,
    );
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(
      /Stopping: 3 trials failed in a row .*bad learning rate \(log: .*\)\. Fix the program/,
    );
    expect(out.stderr).toContain('Study "s" stopped (stop requested)');
    expect(out.stderr).not.toContain("(signal)");
    expect(out.stderr).not.toMatch(DOUBLED);
  });

  it("says how a stopped program ended in one sentence", async () => {
    const ws = workspace();
    const out = await runCli(
      [
        "run",
        sweepFile(
          ws,
          "pruner: none\ntrialTimeout: 1\nkillGrace: 1\nbudget: {trials: 1}\nparameters:\n  mode: [hang]\n",
        ),
      ],
      ws,
    );
    expect(out.code, out.stderr).toBe(0);
    const [trial] = await trialsOf(ws);
    expect(trial?.failReason?.message).toMatch(
      /The program was stopped; it was killed by SIGTERM \(log: .*\)\.$/,
    );
    expect(out.stderr).not.toMatch(DOUBLED);
  });

  it("on a terminal, acknowledges the first Ctrl-C, and its last live line agrees with the summary", async () => {
    const ws = workspace();
    const file = sweepFile(
      ws,
      "pruner: none\nkillGrace: 1\nbudget: {trials: 3}\nparameters:\n  mode: [hang]\n",
    );
    // script(1) runs tunekit on a pseudo terminal, 100 columns wide; ^C written to it is a real Ctrl-C.
    const child = spawn(
      "script",
      ["-qfec", `stty cols 100; exec ${process.execPath} ${CLI} run ${file}`, "/dev/null"],
      {
        cwd: ws.dir,
        env: ws.env,
        stdio: ["pipe", "pipe", "pipe"],
      },
    );
    let output = "";
    child.stdout.on("data", (d: Buffer) => {
      output += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    await until(() => output.includes("1 running"), 60_000, "the live view with a running trial");
    child.stdin.write("\x03");
    const code = await exited;
    expect(code, output).toBe(130);
    expect(output).toContain("SIGINT: stopping. No new trial starts");
    const plain = stripVTControlCharacters(output);
    const summary =
      /Search budget of study "s": .*\((\d+) complete, \d+ pruned = [\d.]+%, (\d+) failed; (\d+) waiting\)/.exec(
        plain,
      );
    expect(summary, plain).not.toBeNull();
    const [, complete, failed, waiting] = summary as RegExpExecArray;
    const lastLive = plain
      .slice(0, plain.indexOf("Search budget"))
      .split(/[\r\n]/)
      .filter((l) => l.includes(" trials · "))
      .at(-1);
    expect(lastLive).toContain(`${complete} complete`);
    expect(lastLive).toContain(`${failed} failed`);
    expect(lastLive).toContain(`${waiting} waiting`);
  });
});
