import { afterAll, describe, expect, it } from "vitest";
import { dropTestSchemas, postgresAvailable, testSchemaUrl } from "../../postgres.js";
import { fixtureCommand, runCli, startCli, workspace } from "./cli-harness.js";

const available = await postgresAvailable();
afterAll(async () => {
  if (available) await dropTestSchemas();
});

describe.runIf(available)(
  "tunekit worker on PostgreSQL (under CI always; elsewhere when a server answers)",
  () => {
    it("two workers share one study's budget, each trial run once", async () => {
      const storage = testSchemaUrl("cli");
      const ws = workspace();
      const file = ws.write(
        "sweep.yaml",
        `study: shared\nstorage: ${JSON.stringify(storage)}\ncommand: ${fixtureCommand()}\nmetric: loss\npruner: none\nbudget: {trials: 16}\nparameters:\n  x: {type: float, low: -2, high: 2}\n  mode: [ok]\n`,
      );
      const started = await runCli(["run", file, "--trials", "1"], ws);
      expect(started.code, started.stderr).toBe(0);
      const workers = [1, 2].map(() =>
        startCli(["worker", "--study", "shared", "--storage", storage, "--parallel", "2", "--json"], ws),
      );
      const results = await Promise.all(workers.map((w) => w.exited));
      for (const r of results) expect(r.code, r.stderr).toBe(0);
      const runs = results.map((r) => (JSON.parse(r.stdout) as { run: { trialsRun: number } }).run.trialsRun);
      expect(runs.reduce((a, b) => a + b, 0)).toBe(15);
      // Each worker's summary covers the whole study, the other worker's trials included.
      for (const r of results) {
        const { budget } = JSON.parse(r.stdout) as { budget: { trials: number; running: number } };
        expect(budget.trials + budget.running).toBe(16);
      }
      expect(Math.min(...runs)).toBeGreaterThan(0);
      const out = await runCli(["trials", "--study", "shared", "--storage", storage, "--format", "json"], ws);
      const trials = (
        JSON.parse(out.stdout) as { trials: { number: number; state: string; workerId: string }[] }
      ).trials;
      expect(trials).toHaveLength(16);
      expect(trials.every((t) => t.state === "COMPLETE")).toBe(true);
      expect(new Set(trials.map((t) => t.number)).size).toBe(16);
      expect(new Set(trials.map((t) => t.workerId.split(":")[1])).size).toBe(3);
    });
  },
);
