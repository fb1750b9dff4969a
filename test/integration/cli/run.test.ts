import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixtureCommand, runCli, type Workspace, workspace } from "./cli-harness.js";

function sweepFile(ws: Workspace, body: string, command = fixtureCommand()): string {
  return ws.write("sweep.yaml", `study: s\ncommand: ${command}\nmetric: loss\n${body}`);
}

function jsonOf(stdout: string): Record<string, unknown> {
  return JSON.parse(stdout) as Record<string, unknown>;
}

interface TrialJson {
  number: number;
  state: string;
  values: number[] | null;
  params: Record<string, unknown>;
  userAttrs: Record<string, unknown>;
  systemAttrs: Record<string, unknown>;
  failReason: { code: string; message: string } | null;
  intermediateValues: Record<string, unknown>;
}

async function trialsOf(ws: Workspace, study = "s"): Promise<TrialJson[]> {
  const out = await runCli(["trials", "--study", study, "--format", "json"], ws);
  expect(out.code, out.stderr).toBe(0);
  return (JSON.parse(out.stdout) as { trials: TrialJson[] }).trials;
}

describe("tunekit run", () => {
  it("runs a sweep to its budget, records reports, logs and the best trial, and a re-run continues it", async () => {
    const ws = workspace();
    const file = sweepFile(
      ws,
      "sampler: {name: tpe, seed: 1}\npruner: none\nbudget: {trials: 6}\nparallel: 2\nparameters:\n  x: {type: float, low: -3, high: 3}\n",
    );
    const first = await runCli(["run", file, "--trials", "4", "--json"], ws);
    expect(first.code, first.stderr).toBe(0);
    const summary = jsonOf(first.stdout);
    expect(summary).toMatchObject({ study: "s", stopReason: "nTrials", budget: { trials: 4, complete: 4 } });
    let trials = await trialsOf(ws);
    expect(trials).toHaveLength(4);
    for (const t of trials) {
      expect(t.state).toBe("COMPLETE");
      const x = t.params.x as number;
      expect(t.values?.[0]).toBeCloseTo((x - 1) ** 2, 10);
      expect(Object.keys(t.intermediateValues)).toEqual(["0", "1", "2"]);
      const log = readFileSync(t.systemAttrs.logPath as string, "utf8");
      expect(log).toContain("tunekit: {");
      expect(log).toContain("some stderr output");
    }
    expect(existsSync(join(ws.dir, "tunekit-logs", "s", "trial-0.params.json"))).toBe(true);

    const second = await runCli(["run", file], ws);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain('Continuing study "s"');
    expect(second.stdout).toMatch(/^Best trial \d+: loss = /m);
    expect(second.stdout).toMatch(/Search budget of study "s": 6 trials \(6 complete/);
    trials = await trialsOf(ws);
    expect(trials).toHaveLength(6);

    const third = await runCli(["run", file, "--json"], ws);
    expect(jsonOf(third.stdout)).toMatchObject({ stopReason: "maxTrials", run: { trialsRun: 0 } });
  });

  it("records a nonzero exit, a crash, a missing metric and NaN as failures with their reason, and goes on", async () => {
    const ws = workspace();
    const file = sweepFile(
      ws,
      "sampler: {name: grid}\npruner: none\nbudget: {maxConsecutiveFailures: 10}\nparameters:\n  mode: [fail, crash, nometric, nan, ok]\n",
    );
    const out = await runCli(["run", file, "--json"], ws);
    expect(out.code, out.stderr).toBe(0);
    const byMode = Object.fromEntries((await trialsOf(ws)).map((t) => [t.params.mode, t]));
    expect(byMode.fail?.failReason?.code).toBe("exit-code");
    expect(byMode.fail?.failReason?.message).toMatch(
      /exited with code 3: Traceback: ValueError: bad learning rate \(log: .*trial-\d+\.log\)/,
    );
    expect(byMode.crash?.failReason).toMatchObject({
      code: "crash",
      message: expect.stringContaining("SIGKILL"),
    });
    expect(byMode.nometric?.failReason).toMatchObject({
      code: "missing-metric",
      message: expect.stringContaining('"loss"'),
    });
    expect(byMode.nan?.failReason?.code).toBe("nan-metric");
    expect(byMode.ok?.state).toBe("COMPLETE");
  });

  it("stops at the consecutive-failure limit with a clear message and exit code 1", async () => {
    const ws = workspace();
    const file = sweepFile(
      ws,
      "budget: {trials: 20, maxConsecutiveFailures: 3}\nparameters:\n  mode: [fail]\n",
    );
    const out = await runCli(["run", file], ws);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/3 trials failed in a row \(budget\.maxConsecutiveFailures = 3\)/);
    expect(out.stderr).toContain("bad learning rate");
    const trials = await trialsOf(ws);
    expect(trials.length).toBe(3);
  });

  it("rejects forbidden combinations before the command runs", async () => {
    const ws = workspace();
    const file = sweepFile(
      ws,
      "sampler: {name: grid}\npruner: none\nparameters:\n  x: [0, 1, 2, 3]\n  mode: [ok]\nforbidden:\n  - {x: {gte: 2}}\n",
    );
    const out = await runCli(["run", file, "--json"], ws);
    expect(out.code, out.stderr).toBe(0);
    const trials = await trialsOf(ws);
    const forbidden = trials.filter((t) => t.failReason?.code === "forbidden");
    expect(forbidden.map((t) => t.params.x).sort()).toEqual([2, 3]);
    expect(forbidden[0]?.failReason?.message).toMatch(/forbidden by rule 1/);
    const runs = readdirSync(ws.runsDir).map(
      (f) => JSON.parse(readFileSync(join(ws.runsDir, f), "utf8")) as { params: { x: number } },
    );
    expect(runs.map((r) => r.params.x).sort()).toEqual([0, 1]);
  });

  it("passes values as single literal arguments, never as shell syntax", async () => {
    const ws = workspace();
    const marker = join(ws.dir, "pwned");
    const file = ws.write(
      "sweep.yaml",
      [
        "study: s",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: sweep placeholders, not JavaScript templates
        `command: ${fixtureCommand(["--v=${v}", "${v}"])}`,
        "metric: loss",
        "sampler: {name: grid}",
        "parameters:",
        "  mode: [argv]",
        `  v: ["; rm -rf ~", "$(touch ${marker})", "a b 'c' \\"d\\""]`,
      ].join("\n"),
    );
    const out = await runCli(["run", file, "--json"], ws);
    expect(out.code, out.stderr).toBe(0);
    const trials = await trialsOf(ws);
    expect(trials).toHaveLength(3);
    for (const t of trials) {
      expect(t.userAttrs.argv).toEqual([`--v=${t.params.v}`, t.params.v]);
      expect(t.userAttrs.env).toBe(t.params.v);
    }
    expect(existsSync(marker)).toBe(false);
  });

  it("quotes values for the shell when the sweep asks for one", async () => {
    const ws = workspace();
    const marker = join(ws.dir, "pwned");
    const file = ws.write(
      "sweep.yaml",
      [
        "study: s",
        "shell: true",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: sweep placeholders, not JavaScript templates
        `command: 'printf "tunekit: {\\"loss\\": 1}\\n"; printf "%s" \${v} > ${join(ws.dir, "out-${trial}.txt")}'`,
        "metric: loss",
        "sampler: {name: grid}",
        "parameters:",
        `  v: ["$(touch ${marker})", "it's; rm -rf ~"]`,
      ].join("\n"),
    );
    const out = await runCli(["run", file, "--json"], ws);
    expect(out.code, out.stderr).toBe(0);
    const trials = await trialsOf(ws);
    expect(trials.map((t) => t.state)).toEqual(["COMPLETE", "COMPLETE"]);
    for (const t of trials) {
      expect(readFileSync(join(ws.dir, `out-${t.number}.txt`), "utf8")).toBe(t.params.v);
    }
    expect(existsSync(marker)).toBe(false);
  });

  it("refuses a malformed sweep with the file, line and field, before anything runs", async () => {
    const ws = workspace();
    const file = ws.write(
      "bad.yaml",
      [
        "study: s",
        `command: ${fixtureCommand()}`,
        "metric: loss",
        "parameters:",
        "  lr: {type: float, low: 0, high: 1, log: true}",
        "",
      ].join("\n"),
    );
    const out = await runCli(["run", file], ws);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/bad\.yaml:5:\d+: parameters\.lr(\.low)?: .*low/);
    const syntax = ws.write("syntax.yaml", "study: s\nmetric: [loss\n");
    const bad = await runCli(["run", syntax], ws);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/syntax\.yaml:\d+/);
    // Nothing ran: not even the storage file was created (`tunekit studies` says there is none).
    expect(existsSync(join(ws.dir, "t.db"))).toBe(false);
    expect((await runCli(["studies", "--json"], ws)).code).toBe(2);
  });

  it("applies compatible sweep changes, refuses others naming the field, and starts a new study on request", async () => {
    const ws = workspace();
    const body = (trials: number, high: number, choices: string) =>
      `pruner: none\nbudget: {trials: ${trials}}\nparameters:\n  x: {type: float, low: 0, high: ${high}}\n  mode: ${choices}\n`;
    const file = sweepFile(ws, body(2, 2, "[ok]"));
    expect((await runCli(["run", file], ws)).code).toBe(0);
    sweepFile(ws, body(4, 2, "[ok, argv]"));
    const grown = await runCli(["run", file], ws);
    expect(grown.code, grown.stderr).toBe(0);
    expect(grown.stderr).toMatch(/budget\.trials: 2 → 4/);
    expect(grown.stderr).toMatch(/parameters\.mode\.choices/);
    expect(await trialsOf(ws)).toHaveLength(4);
    sweepFile(ws, body(4, 5, "[ok, argv]"));
    const changed = await runCli(["run", file], ws);
    expect(changed.code).toBe(2);
    expect(changed.stderr).toMatch(/parameters\.x/);
    expect(changed.stderr).toMatch(/--new-study/);
    const fresh = await runCli(["run", file, "--new-study", "--json"], ws);
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(jsonOf(fresh.stdout)).toMatchObject({ study: "s-2", budget: { trials: 4 } });
  });
});
