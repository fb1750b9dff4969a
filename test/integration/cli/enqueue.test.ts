import { describe, expect, it } from "vitest";
import { fixtureCommand, runCli, workspace } from "./cli-harness.js";

describe("tunekit enqueue", () => {
  it("refuses values outside the sweep's distributions, from --param and --params alike, and stores nothing", async () => {
    const ws = workspace();
    const file = ws.write(
      "sweep.yaml",
      `study: s\ncommand: ${fixtureCommand()}\nmetric: loss\npruner: none\nsampler: {name: random, seed: 2}\nbudget: {trials: 1}\nparameters:\n  x: {type: float, low: 1, high: 4}\n  n: {type: int, low: 0, high: 8, step: 2}\n  mode: [ok, fast]\n`,
    );
    expect((await runCli(["run", file], ws)).code).toBe(0);
    const refused: [string[], RegExp][] = [
      [["--param", "x=9"], /"x" = 9 lies outside float\[1, 4\]/],
      [["--param", "n=3"], /"n" = 3 lies outside int\[0, 8 step 2\]/],
      [["--params", '{"x": 2, "mode": "slow"}'], /"mode" = "slow" lies outside categorical\["ok","fast"\]/],
      [["--params", '{"x": 2.5, "n": 2.5}'], /"n" = 2.5 lies outside/],
    ];
    for (const [args, text] of refused) {
      const result = await runCli(["enqueue", "--study", "s", ...args], ws);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(text);
    }
    const ok = await runCli(["enqueue", "--study", "s", "--params", '{"x": 4, "n": 8, "mode": "fast"}'], ws);
    expect(ok.code, ok.stderr).toBe(0);
    const trials = await runCli(["trials", "--study", "s", "--json"], ws);
    expect((JSON.parse(trials.stdout) as { trials: unknown[] }).trials).toHaveLength(2);
  });
});
