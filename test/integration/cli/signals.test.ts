import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { alive, fixtureCommand, runCli, startCli, until, type Workspace, workspace } from "./cli-harness.js";

interface Pids {
  child: number;
  grandchild: number;
}

function pidsOf(ws: Workspace, trial: number): Pids | null {
  const path = join(ws.pidsDir, `${trial}.json`);
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as Pids) : null;
}

async function trialsOf(ws: Workspace) {
  const out = await runCli(["trials", "--study", "s", "--format", "json"], ws);
  return (
    JSON.parse(out.stdout) as {
      trials: {
        number: number;
        state: string;
        params: Record<string, unknown>;
        failReason: { code: string } | null;
        retryOf: number | null;
      }[];
    }
  ).trials;
}

describe("tunekit run: stopping trial processes", () => {
  it("pruning stops the program and its grandchildren", async () => {
    const ws = workspace();
    const file = ws.write(
      "sweep.yaml",
      `study: s\ncommand: ${fixtureCommand()}\nmetric: loss\npruner: {name: threshold, upper: 10}\nkillGrace: 2\nsampler: {name: grid}\nparameters:\n  mode: [hang]\n`,
    );
    const out = await runCli(["run", file, "--json"], ws);
    expect(out.code, out.stderr).toBe(0);
    const [trial] = await trialsOf(ws);
    expect(trial?.state).toBe("PRUNED");
    const pids = pidsOf(ws, 0);
    expect(pids).not.toBeNull();
    await until(
      () => !alive(pids?.child ?? 0) && !alive(pids?.grandchild ?? 0),
      10_000,
      "the trial's processes to end",
    );
  });

  it("a per-trial timeout fails the trial and stops its process group, the sweep goes on", async () => {
    const ws = workspace();
    const file = ws.write(
      "sweep.yaml",
      `study: s\ncommand: ${fixtureCommand()}\nmetric: loss\npruner: none\ntrialTimeout: 1\nkillGrace: 1\nsampler: {name: grid}\nparameters:\n  mode: [hang, ok]\n`,
    );
    const out = await runCli(["run", file, "--json"], ws);
    expect(out.code, out.stderr).toBe(0);
    const trials = await trialsOf(ws);
    const hung = trials.find((t) => t.params.mode === "hang");
    expect(hung?.state).toBe("FAIL");
    expect(hung?.failReason?.code).toBe("timeout");
    expect(trials.find((t) => t.params.mode === "ok")?.state).toBe("COMPLETE");
    const pids = pidsOf(ws, hung?.number ?? -1);
    await until(
      () => !alive(pids?.child ?? 0) && !alive(pids?.grandchild ?? 0),
      10_000,
      "the timed-out processes to end",
    );
  });

  it("Ctrl-C stops cleanly (children and grandchildren too) and the next run resumes the interrupted trial", async () => {
    const ws = workspace();
    const file = ws.write(
      "sweep.yaml",
      `study: s\ncommand: ${fixtureCommand()}\nmetric: loss\npruner: none\nkillGrace: 2\nbudget: {trials: 3}\nparameters:\n  mode: [hang]\n`,
    );
    const run = startCli(["run", file], ws);
    await until(() => pidsOf(ws, 0) !== null, 30_000, "the first trial to start");
    run.child.kill("SIGINT");
    const result = await run.exited;
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(/SIGINT: stopping/);
    const pids = pidsOf(ws, 0);
    await until(
      () => !alive(pids?.child ?? 0) && !alive(pids?.grandchild ?? 0),
      10_000,
      "the interrupted processes to end",
    );
    let trials = await trialsOf(ws);
    expect(trials[0]).toMatchObject({ state: "FAIL", failReason: { code: "interrupted" } });
    expect(trials.some((t) => t.state === "WAITING" && t.retryOf === 0)).toBe(true);

    // The program is fixed; the next run re-runs the interrupted parameters first.
    const resumed = await runCli(["run", file, "--json"], { ...ws, env: { ...ws.env, NO_HANG: "1" } });
    expect(resumed.code, resumed.stderr).toBe(0);
    trials = await trialsOf(ws);
    expect(trials.find((t) => t.retryOf === 0)).toMatchObject({
      state: "COMPLETE",
      params: { mode: "hang" },
    });
    expect(trials.filter((t) => t.state === "COMPLETE")).toHaveLength(2);
  }, 120_000);

  it("a second run on the host cleans up trial processes left by a tunekit that was killed", async () => {
    const ws = workspace();
    const file = ws.write(
      "sweep.yaml",
      `study: s\ncommand: ${fixtureCommand()}\nmetric: loss\npruner: none\nkillGrace: 1\nbudget: {trials: 1}\nparameters:\n  mode: [hang]\n`,
    );
    const run = startCli(["run", file], ws);
    await until(() => pidsOf(ws, 0) !== null, 30_000, "the first trial to start");
    run.child.kill("SIGKILL");
    await run.exited;
    const pids = pidsOf(ws, 0) as Pids;
    expect(alive(pids.child)).toBe(true);
    expect(alive(pids.grandchild)).toBe(true);
    const studies = await runCli(["studies"], ws);
    expect(studies.code).toBe(0);
    const next = startCli(["run", file, "--timeout", "3"], ws);
    await next.exited;
    expect(next.stderrSoFar()).toMatch(/Stopped 1 trial process group/);
    await until(() => !alive(pids.child) && !alive(pids.grandchild), 10_000, "the orphans to be killed");
    expect(readdirSync(join(ws.dir, "run-registry")).filter((f) => f.endsWith(".json"))).toEqual([]);
  }, 120_000);
});
