import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixtureCommand, runCli, workspace } from "./cli-harness.js";

describe("tunekit studies, best, trials, enqueue, delete, copy", () => {
  it("work on a study made by run, as text and as JSON", async () => {
    const ws = workspace();
    const file = ws.write(
      "sweep.yaml",
      `study: s\ncommand: ${fixtureCommand()}\nmetric: loss\npruner: none\nsampler: {name: random, seed: 2}\nbudget: {trials: 5}\nparameters:\n  x: {type: float, low: 1, high: 4}\n  mode: [ok]\n`,
    );
    const enqueueFirst = await runCli(["run", file, "--trials", "2"], ws);
    expect(enqueueFirst.code, enqueueFirst.stderr).toBe(0);

    const enq = await runCli(
      ["enqueue", "--study", "s", "--param", "x=1", "--param", "mode=ok", "--json"],
      ws,
    );
    expect(enq.code, enq.stderr).toBe(0);
    expect(JSON.parse(enq.stdout)).toMatchObject({
      number: 2,
      state: "WAITING",
      params: { x: 1, mode: "ok" },
    });
    const badEnq = await runCli(["enqueue", "--study", "s", "--param", "x=abc"], ws);
    expect(badEnq.code).toBe(2);
    expect(badEnq.stderr).toMatch(/x=abc: must be a number/);
    const unknown = await runCli(["enqueue", "--study", "s", "--param", "y=1"], ws);
    expect(unknown.stderr).toMatch(/no parameter "y"/);

    expect((await runCli(["run", file], ws)).code).toBe(0);

    const studies = await runCli(["studies", "--json"], ws);
    expect(JSON.parse(studies.stdout)).toEqual([
      expect.objectContaining({
        name: "s",
        directions: ["minimize"],
        metricNames: ["loss"],
        trialCounts: expect.objectContaining({ COMPLETE: 5 }),
      }),
    ]);
    expect((await runCli(["studies"], ws)).stdout).toMatch(/^s\s+minimize loss\s+5/m);

    const best = await runCli(["best", "--study", "s", "--json"], ws);
    const doc = JSON.parse(best.stdout) as {
      best: { number: number; params: { x: number } };
      budget: { trials: number };
      warnings: string[];
    };
    expect(doc.best).toMatchObject({ number: 2, params: { x: 1 } });
    expect(doc.budget.trials).toBe(5);
    expect(doc.warnings[0]).toMatch(/x = 1 lies at the low edge/);
    const bestText = await runCli(["best", "--study", "s"], ws);
    expect(bestText.stdout).toMatch(/Best trial 2: loss = 0/);
    expect(bestText.stdout).toMatch(/Search budget: 5 trials \(5 complete/);

    const csv = await runCli(["trials", "--study", "s", "--format", "csv"], ws);
    expect(csv.stdout.split("\n")[0]).toMatch(/^number,state/);
    expect(csv.stdout.trim().split("\n")).toHaveLength(6);
    const table = await runCli(["trials", "--study", "s", "--state", "complete"], ws);
    expect(table.stdout.trim().split("\n")).toHaveLength(6);
    const badState = await runCli(["trials", "--study", "s", "--state", "DONE"], ws);
    expect(badState.code).toBe(2);

    const target = `sqlite:${join(ws.dir, "copy.db")}`;
    const copy = await runCli(["copy", "--study", "s", "--to", target, "--to-study", "s-copy", "--json"], ws);
    expect(copy.code, copy.stderr).toBe(0);
    expect(JSON.parse(copy.stdout)).toMatchObject({ study: "s-copy", trials: 5 });
    const copied = await runCli(["best", "--study", "s-copy", "--storage", target, "--json"], ws);
    expect(JSON.parse(copied.stdout)).toMatchObject({ best: { number: 2 } });

    const refused = await runCli(["delete", "--study", "s"], ws);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--yes/);
    expect((await runCli(["delete", "--study", "s", "--yes"], ws)).code).toBe(0);
    expect(JSON.parse((await runCli(["studies", "--json"], ws)).stdout)).toEqual([]);
    const missing = await runCli(["best", "--study", "s", "--json"], ws);
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout)).toMatchObject({ error: { code: "study-not-found" } });
  });

  it("prints help quickly and names the commands", async () => {
    const ws = workspace();
    const help = await runCli(["--help"], ws);
    expect(help.code).toBe(0);
    for (const command of ["run", "worker", "studies", "best", "trials", "enqueue", "delete", "copy"]) {
      expect(help.stdout).toContain(command);
    }
  });
});
