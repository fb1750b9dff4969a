import { describe, expect, it } from "vitest";
import { CMAES_STATE_KEY, loadStudy, openStorage, parseCmaEsRecord } from "../../../src/index.js";
import { fixtureCommand, runCli, workspace } from "./cli-harness.js";

describe("tunekit run with sampler: cmaes", () => {
  it("runs a CMA-ES sweep with two parallel trials, proposing from the study's shared search", async () => {
    const ws = workspace();
    const file = ws.write(
      "sweep.yaml",
      `study: s\ncommand: ${fixtureCommand()}\nmetric: loss\nsampler: {name: cmaes, seed: 1, popsize: 4}\npruner: none\nbudget: {trials: 12}\nparallel: 2\nparameters:\n  x: {type: float, low: -3, high: 3}\n  k: {type: int, low: 1, high: 8}\n`,
    );
    const out = await runCli(["run", file, "--json"], ws);
    expect(out.code, out.stderr).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({
      stopReason: "maxTrials",
      budget: { trials: 12, complete: 12 },
    });
    const listed = await runCli(["trials", "--study", "s", "--format", "json"], ws);
    const trials = (
      JSON.parse(listed.stdout) as { trials: { state: string; params: Record<string, number> }[] }
    ).trials;
    expect(trials).toHaveLength(12);
    for (const t of trials) {
      expect(t.state).toBe("COMPLETE");
      expect(Number.isInteger(t.params.k)).toBe(true);
    }
    const storage = await openStorage(ws.storage);
    try {
      const study = await loadStudy({ storage, studyName: "s" });
      const stored = await study.fullView().state.get(CMAES_STATE_KEY);
      const record = parseCmaEsRecord(stored?.value ?? null, "s");
      // Trial 0 has no history (the fallback's); 11 proposals make two full generations of 4.
      expect(record.names).toEqual(["k", "x"]);
      expect(record.state.generation).toBeGreaterThanOrEqual(1);
      expect(record.fedBy.length).toBe(4);
    } finally {
      await storage.close();
    }
  });
});
