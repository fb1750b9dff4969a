import { expect, it } from "vitest";
import { loadStudy, setVerbosity } from "../../../src/index.js";
import { fixtureCommand, runCli, workspace } from "./cli-harness.js";

it("a sweep file runs with `sampler: evolution` and with its options; the stored config rebuilds it", async () => {
  setVerbosity("silent");
  const ws = workspace();
  const head = `command: ${fixtureCommand()}\nmetric: loss\npruner: none\n`;
  const space = "parameters:\n  x: {type: int, low: 0, high: 8}\n  y: [a, b, c]\n";
  const byName = ws.write("by-name.yaml", `study: plain\n${head}sampler: evolution\n${space}`);
  const withOptions = ws.write(
    "with-options.yaml",
    `study: tuned\n${head}sampler: {name: evolution, populationSize: 3, sampleSize: 2, seed: 5}\n${space}`,
  );
  for (const file of [byName, withOptions]) {
    const out = await runCli(["run", file, "--trials", "6"], ws);
    expect(out.code, out.stderr).toBe(0);
  }
  const plain = await loadStudy({ studyName: "plain", storage: ws.storage });
  expect(plain.sampler.toJSON()).toMatchObject({
    name: "evolution",
    options: { populationSize: 20, sampleSize: 5 },
  });
  const tuned = await loadStudy({ studyName: "tuned", storage: ws.storage });
  expect(tuned.sampler.toJSON()).toEqual({
    name: "evolution",
    options: { populationSize: 3, sampleSize: 2, mutationScale: 0.1, seed: 5 },
  });
  const trials = await tuned.getTrials();
  expect(trials.map((t) => t.state)).toEqual(Array(6).fill("COMPLETE"));
  // Past the 3 random trials, each trial is one of the 3 before it with one parameter changed.
  for (let n = 3; n < 6; n++) {
    const child = (trials[n] as (typeof trials)[number]).params;
    const parents = trials
      .slice(n - 3, n)
      .filter((m) => (m.params.x === child.x) !== (m.params.y === child.y));
    expect(parents.length, `trial ${n}`).toBeGreaterThan(0);
  }
});
