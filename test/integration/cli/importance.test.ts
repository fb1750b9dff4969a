import { beforeAll, describe, expect, it } from "vitest";
import { createStudy, openStorage, RandomSampler, setVerbosity } from "../../../src/index.js";
import { runCli, type Workspace, workspace } from "./cli-harness.js";

interface ImportanceDoc {
  study: string;
  evaluator: string;
  results: {
    target: string;
    direction: string;
    trials: number;
    importances: { param: string; importance: number }[];
  }[];
}

let ws: Workspace;

/**
 * Study "quad": loss = (x − 1)² + n² with a dummy y, and accuracy depending on y only (maximised);
 * 60 random trials on SQLite, every fifth one failed.
 */
beforeAll(async () => {
  setVerbosity("error");
  ws = workspace();
  const storage = await openStorage(ws.storage);
  const study = await createStudy({
    storage,
    studyName: "quad",
    directions: ["minimize", "maximize"],
    metricNames: ["loss", "accuracy"],
    sampler: new RandomSampler({ seed: 5 }),
  });
  await study.optimize(
    (t) => {
      const x = t.suggestFloat("x", -4, 4);
      const y = t.suggestFloat("y", -4, 4);
      const n = t.suggestInt("n", 0, 3);
      if (t.number % 5 === 4) throw new Error("failed on purpose");
      return [(x - 1) ** 2 + n * n, -Math.abs(y)];
    },
    { nTrials: 60, catch: [Error] },
  );
  await createStudy({ storage, studyName: "empty" });
  await storage.close();
}, 60_000);

describe("tunekit importance", () => {
  it("ranks the parameters of each objective, the dummy last, as JSON", async () => {
    // The default evaluator (fANOVA) seeded, so the ranking is the same every run.
    const result = await runCli(["importance", "--study", "quad", "--seed", "1", "--json"], ws);
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout) as ImportanceDoc;
    expect(doc).toMatchObject({ study: "quad", evaluator: "fanova" });
    expect(doc.results.map((r) => [r.target, r.direction, r.trials])).toEqual([
      ["loss", "minimize", 48],
      ["accuracy", "maximize", 48],
    ]);
    const [loss, accuracy] = doc.results;
    expect(loss?.importances.map((i) => i.param).sort()).toEqual(["n", "x", "y"]);
    expect(loss?.importances[2]).toMatchObject({ param: "y" });
    expect(loss?.importances[1]?.importance).toBeGreaterThan(5 * (loss?.importances[2]?.importance ?? 1));
    expect(accuracy?.importances[0]?.param).toBe("y");
    const sum = loss?.importances.reduce((s, i) => s + i.importance, 0);
    expect(sum).toBeCloseTo(1, 12);
  });

  it("prints one ranked table per objective, or the one asked for by name, with bars", async () => {
    const both = await runCli(["importance", "--study", "quad", "--seed", "1"], ws);
    expect(both.code, both.stderr).toBe(0);
    expect(both.stdout).toMatch(/Importance for loss \(minimize\) by fanova, over 48 complete trials:/);
    expect(both.stdout).toMatch(/Importance for accuracy \(maximize\) by fanova/);
    expect(both.stdout).toMatch(/^rank\s+parameter\s+importance/m);
    expect(both.stdout).toMatch(/^1\s+[nx]\s+0\.\d{4}\s+█{30}$/m);
    expect(both.stdout).toMatch(/^3\s+y\s+0\.\d{4}\s+█{0,5}[▏▎▍▌▋▊▉]?$/m);
    const one = await runCli(["importance", "--study", "quad", "--objective", "accuracy", "--seed", "1"], ws);
    expect(one.stdout).not.toContain("loss");
    expect(one.stdout).toMatch(/^1\s+y\s/m);
    const byIndex = await runCli(["importance", "--study", "quad", "--objective", "1", "--json"], ws);
    expect((JSON.parse(byIndex.stdout) as ImportanceDoc).results.map((r) => r.target)).toEqual(["accuracy"]);
  });

  it("ranks with PED-ANOVA and impurity importance too; the forests reproducibly with --seed", async () => {
    const ped = await runCli(["importance", "--study", "quad", "--evaluator", "ped-anova", "--json"], ws);
    const pedDoc = JSON.parse(ped.stdout) as ImportanceDoc;
    expect(pedDoc.evaluator).toBe("ped-anova");
    expect(pedDoc.results[0]?.importances.at(-1)?.param).toBe("y");
    for (const evaluator of ["fanova", "mdi"]) {
      const args = ["importance", "--study", "quad", "--objective", "loss", "--evaluator", evaluator];
      const runs = await Promise.all(
        [1, 1, 2].map((seed) => runCli([...args, "--seed", String(seed), "--json"], ws)),
      );
      const [a, b, c] = runs.map((r) => {
        expect(r.code, r.stderr).toBe(0);
        return JSON.parse(r.stdout) as ImportanceDoc;
      });
      expect(a?.evaluator).toBe(evaluator);
      expect(a?.results[0]?.importances.at(-1)?.param).toBe("y");
      expect(b?.results).toEqual(a?.results);
      expect(c?.results).not.toEqual(a?.results);
    }
  });

  it("scores only --params, and the trials' duration with --target duration", async () => {
    const some = await runCli(
      ["importance", "--study", "quad", "--params", "y,x", "--seed", "1", "--json"],
      ws,
    );
    expect(some.code, some.stderr).toBe(0);
    const doc = JSON.parse(some.stdout) as ImportanceDoc;
    expect(doc.results[0]?.importances.map((i) => i.param)).toEqual(["x", "y"]);
    const duration = await runCli(["importance", "--study", "quad", "--target", "duration", "--json"], ws);
    expect(duration.code, duration.stderr).toBe(0);
    const d = JSON.parse(duration.stdout) as ImportanceDoc;
    expect(d.results.map((r) => [r.target, r.trials])).toEqual([["duration", 48]]);
    expect(d.results[0]?.importances.map((i) => i.param).sort()).toEqual(["n", "x", "y"]);
  });

  it("refuses a bad evaluator, objective, target, parameter or study (exit 2); no complete trial is exit 1", async () => {
    const bad = await runCli(["importance", "--study", "quad", "--evaluator", "shap"], ws);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /The importance evaluator must be one of fanova, ped-anova, mdi, but got "shap"\./,
    );
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    const badJson = await runCli(["importance", "--study", "quad", "--evaluator", "shap", "--json"], ws);
    expect(JSON.parse(badJson.stdout)).toMatchObject({ error: { code: "invalid-argument" } });
    const objective = await runCli(["importance", "--study", "quad", "--objective", "2"], ws);
    expect(objective.code).toBe(2);
    expect(objective.stderr).toContain("index (0 to 1) or name (loss, accuracy)");
    const target = await runCli(["importance", "--study", "quad", "--target", "memory"], ws);
    expect(target.code).toBe(2);
    expect(target.stderr).toContain('--target must be one of duration, but got "memory"');
    const missing = await runCli(["importance", "--study", "nope"], ws);
    expect(missing.code).toBe(2);
    const empty = await runCli(["importance", "--study", "empty"], ws);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain("needs at least one trial in state COMPLETE");
    const params = await runCli(["importance", "--study", "quad", "--params", "z"], ws);
    expect(params.code).toBe(2);
    expect(params.stderr).toMatch(/"z" is not a parameter/);
  });
});
