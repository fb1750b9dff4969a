import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { QMCSampler, setVerbosity } from "../../src/index.js";
import { compareMarkdown, compareRows, fmt } from "./compare-table.js";
import { bestAt, hypervolumeAt, median, overheadAt, regret, regretFloor } from "./metrics.js";
import { makeObjective } from "./objective.js";
import { benchDir, loadProblems, type Problem } from "./problems.js";
import { type RunRecord, runOne } from "./run-one.js";
import { createStrategySampler, STRATEGIES } from "./strategies.js";

const DIR = benchDir();
const SET = loadProblems(DIR);
const problem = (id: string) => SET.problems.find((p) => p.id === id) as Problem;

beforeAll(() => setVerbosity("silent"));

describe("strategies", () => {
  it("builds registered samplers by strategy name, seeded", () => {
    const qmc = createStrategySampler("qmc", 3);
    expect(qmc).toBeInstanceOf(QMCSampler);
    expect(qmc.toJSON().options).toMatchObject({ qmcType: "sobol", scramble: true, seed: 3 });
    expect(createStrategySampler("random", 4).toJSON()).toEqual({ name: "random", options: { seed: 4 } });
    expect(() => createStrategySampler("annealing", 1)).toThrow(/unknown strategy "annealing"/);
    expect(STRATEGIES["tpe-mv"]?.sampler).toEqual({
      name: "tpe",
      options: { multivariate: true, group: true },
    });
  });
});

describe("runOne", () => {
  it("writes the same fields as Optuna's per-seed results", async () => {
    const p = problem("branin");
    const record = await runOne({
      problem: p,
      objective: makeObjective(p, DIR),
      strategy: "qmc",
      sampler: createStrategySampler("qmc", 0),
      seed: 0,
      nTrials: 20,
    });
    const optunaLine = readFileSync(join(DIR, "optuna-4.9.0/branin.jsonl"), "utf8").split("\n")[0] as string;
    expect(Object.keys(record).sort()).toEqual(Object.keys(JSON.parse(optunaLine)).sort());
    expect(record).toMatchObject({
      library: "tunekit",
      problem: "branin",
      strategy: "qmc",
      seed: 0,
      n_trials: 20,
    });
    expect(record.states).toBe("C".repeat(20));
    expect(record.values).toHaveLength(20);
    expect(record.sample_s).toHaveLength(20);
    expect(record.best_value).toBe(Math.min(...(record.values as number[])));
    expect(record.values[record.best_trial as number]).toBe(record.best_value);
    expect(record.sampler_config).toMatchObject({ class: "QMCSampler", qmcType: "sobol", seed: 0 });
  });

  it("records two objectives and their hypervolume", async () => {
    const p = problem("zdt2");
    const record = await runOne({
      problem: p,
      objective: makeObjective(p, DIR),
      strategy: "random",
      sampler: createStrategySampler("random", 1),
      seed: 1,
      nTrials: 10,
    });
    expect(record.values.every((v) => Array.isArray(v) && v.length === 2)).toBe(true);
    expect(record.best_value).toBeNull();
    expect(record.hypervolume).toBeCloseTo(hypervolumeAt(record, 10, [11, 11]), 12);
    expect(record.hypervolume).toBeGreaterThan(0);
  });

  it("is deterministic by seed", async () => {
    const p = problem("mixed_synth");
    const run = async (seed: number) =>
      (
        await runOne({
          problem: p,
          objective: makeObjective(p, DIR),
          strategy: "qmc",
          sampler: createStrategySampler("qmc", seed),
          seed,
          nTrials: 15,
        })
      ).values;
    expect(await run(5)).toEqual(await run(5));
    expect(await run(6)).not.toEqual(await run(5));
  });
});

/** A hand-made record: only the fields the metrics read. */
function record(strategy: string, seed: number, values: number[], library = "tunekit"): RunRecord {
  return {
    schema: "hpo-bench-run/1",
    library,
    problem: "branin",
    strategy,
    seed,
    directions: ["minimize"],
    values,
    sample_s: values.map(() => 0.001),
    tell_s: values.map(() => 0.0005),
  } as unknown as RunRecord;
}

describe("metrics", () => {
  it("median, best-so-far, overhead and regrets by hand", () => {
    expect(median([3, 1, 2, 10])).toBe(2.5);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([])).toBeNaN();
    expect(median([1, Number.NaN])).toBeNaN();
    const r = record("random", 0, [5, 3, 4, 1, 2]);
    expect([1, 2, 3, 4, 5].map((k) => bestAt(r, k))).toEqual([5, 3, 3, 1, 1]);
    expect(bestAt({ ...r, directions: ["maximize"] }, 3)).toBe(5);
    expect(overheadAt(r, 5)).toBeCloseTo(1.5, 12);
    expect(regret(0.5, 0.4, "minimize")).toBeCloseTo(0.1, 15);
    expect(regret(90, 91.5, "maximize")).toBe(1.5);
    expect(regretFloor(0)).toBe(1e-6);
    expect(regretFloor(-300)).toBeCloseTo(3e-4, 15);
  });

  it("compares medians, regret ratios and the rank test against random", () => {
    const p = problem("branin");
    const opt = p.optimum.value as number;
    const flat = (v: number) => new Array(100).fill(v);
    const tunekit = [
      ...[0, 1, 2, 3, 4].map((s) => record("random", s, flat(opt + 1 + s))),
      ...[0, 1, 2, 3, 4].map((s) => record("qmc", s, flat(opt + 0.1 + s / 100))),
    ];
    const optuna = [0, 1, 2].map((s) => record("qmc", s, flat(opt + 0.2 * (s + 1)), "optuna"));
    const rows = compareRows({ problems: [p], checkpoints: [25, 100], tunekit, optuna });
    const qmc = rows.find((r) => r.strategy === "qmc");
    expect(qmc?.seeds).toEqual([5, 3]);
    expect(qmc?.medians[1]?.[0]).toBeCloseTo(opt + 0.12, 12);
    expect(qmc?.medians[1]?.[1]).toBeCloseTo(opt + 0.4, 12);
    expect(qmc?.regretRatio).toBeCloseTo(0.12 / 0.4, 10);
    // Every qmc value beats every random one: exact p = 1/C(10, 5).
    expect(qmc?.pVsRandom).toBeCloseTo(1 / 252, 12);
    expect(rows.find((r) => r.strategy === "random")?.pVsRandom).toBeNull();
    const markdown = compareMarkdown({ problems: [p], checkpoints: [25, 100], tunekit, optuna });
    expect(markdown).toContain("| branin | qmc | 5/3 |");
    expect(markdown).toContain("| qmc | 1 | 1 | 0.30 (branin) | 1 of 1 |");
    expect(fmt(0.39788735)).toBe("0.3979");
    expect(fmt(Number.NaN)).toBe("–");
  });
});
