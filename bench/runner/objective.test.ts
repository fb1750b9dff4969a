import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createStudy, RandomSampler, setVerbosity } from "../../src/index.js";
import { isActive, makeObjective } from "./objective.js";
import { benchDir, loadProblems, type Problem, selectProblems } from "./problems.js";
import {
  ackley,
  branin,
  conditionalSynth,
  hartmann6,
  levy,
  mixedSynth,
  rosenbrock,
  styblinskiTang,
  zdt,
} from "./synthetic.js";
import { TabularTable } from "./tabular.js";

const DIR = benchDir();
const SET = loadProblems(DIR);
const problem = (id: string) => SET.problems.find((p) => p.id === id) as Problem;

describe("problems.json", () => {
  it("loads every problem, expanding space templates in order", () => {
    expect(SET.checkpoints).toEqual([25, 50, 100, 200]);
    expect(SET.problems.map((p) => p.id)).toContain("hpolib_naval");
    expect(problem("rosenbrock10").space.map((p) => p.name)).toEqual(
      Array.from({ length: 10 }, (_, i) => `x${i}`),
    );
    expect(problem("zdt1").hvReference).toEqual([11, 11]);
    expect(selectProblems(SET, "branin, zdt2").map((p) => p.id)).toEqual(["branin", "zdt2"]);
    expect(selectProblems(SET, "all")).toHaveLength(SET.problems.length);
    expect(() => selectProblems(SET, "nope")).toThrow(/unknown problem\(s\) nope/);
  });

  it("implements every problem", () => {
    for (const p of SET.problems) expect(() => makeObjective(p, DIR), p.id).not.toThrow();
  });
});

describe("closed-form objectives, by hand", () => {
  it("branin: 0.397887 at its three minima; 56 − 10/(8π) at the origin", () => {
    const optimum = problem("branin").optimum.value as number;
    expect(branin([Math.PI, 2.275])).toBeCloseTo(optimum, 12);
    expect(branin([-Math.PI, 12.275])).toBeCloseTo(optimum, 12);
    expect(branin([9.42478, 2.475])).toBeCloseTo(0.397887, 6);
    expect(branin([0, 0])).toBeCloseTo(56 - 10 / (8 * Math.PI), 12);
  });

  it("hartmann6: −3.32237 at its optimum", () => {
    const p = problem("hartmann6");
    const x = p.space.map(
      (s) => (p.optimum as { params?: Record<string, number> }).params?.[s.name] ?? Number.NaN,
    );
    expect(hartmann6(x)).toBeCloseTo(p.optimum.value as number, 12);
    expect(hartmann6([0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573])).toBeCloseTo(-3.32237, 5);
    // −Σ α_i exp(−Σ_j A_ij P_ij²), evaluated independently in NumPy.
    expect(hartmann6([0, 0, 0, 0, 0, 0])).toBeCloseTo(-0.00508911288366444, 14);
    expect(hartmann6([0.5, 0.5, 0.5, 0.5, 0.5, 0.5])).toBeCloseTo(-0.5053149917022333, 14);
  });

  it("rosenbrock, ackley, levy, styblinski_tang at their optima and at simple points", () => {
    expect(rosenbrock([1, 1, 1, 1, 1])).toBe(0);
    expect(rosenbrock([0, 0, 0, 0, 0])).toBe(4);
    expect(rosenbrock([1, 2])).toBe(100);
    expect(ackley(new Array(10).fill(0))).toBeCloseTo(0, 14);
    expect(ackley(new Array(10).fill(1))).toBeCloseTo(20 - 20 * Math.exp(-0.2), 13);
    expect(levy(new Array(10).fill(1))).toBeCloseTo(0, 28);
    // sin²(3π/4) + 9·(1/16)(1 + 10 sin²(3π/4 + 1)) + (1/16)(1 + sin²(3π/2)).
    const s = Math.sin((3 * Math.PI) / 4 + 1) ** 2;
    expect(levy(new Array(10).fill(0))).toBeCloseTo(0.5 + (9 / 16) * (1 + 10 * s) + 2 / 16, 13);
    expect(styblinskiTang([1])).toBe(-5);
    expect(styblinskiTang(new Array(8).fill(-2.9035340286202334))).toBeCloseTo(
      problem("styblinski_tang8").optimum.value as number,
      9,
    );
  });

  it("mixed_synth and conditional_synth: 0 at the optimum, hand values elsewhere", () => {
    expect(mixedSynth({ optimizer: "adam", lr: 1e-3, n_layers: 3, units: 128, dropout: 0.2 })).toBeCloseTo(
      0,
      14,
    );
    // 0.3 + 0.25·(−3 + 1)² + 0.1·(1 − 3)² + (3 − 7)²/16 + 2·0.2² = 2.78
    expect(mixedSynth({ optimizer: "sgd", lr: 1e-3, n_layers: 1, units: 8, dropout: 0 })).toBeCloseTo(
      2.78,
      13,
    );
    const best = problem("conditional_synth").optimum as { params?: Record<string, string | number> };
    expect(conditionalSynth(best.params ?? {})).toBeCloseTo(0, 14);
    expect(conditionalSynth({ model: "linear", linear_C: 10 })).toBe(0.5);
    expect(conditionalSynth({ model: "tree", tree_depth: 8, tree_min_leaf: 8 })).toBe(0.2);
    // u = 1/2: 1/16 + 0.1·(1 − cos π) + 0.1·1 + 0
    expect(conditionalSynth({ model: "net", net_lr: 10 ** -2, net_layers: 3, net_dropout: 0.3 })).toBeCloseTo(
      0.0625 + 0.2 + 0.1,
      13,
    );
  });

  it("zdt1 and zdt2 by hand", () => {
    const x = [0.25, ...new Array(9).fill(0)];
    expect(zdt("zdt1", x)).toEqual([0.25, 0.5]);
    expect(zdt("zdt2", x)).toEqual([0.25, 0.9375]);
    const far = [0.25, ...new Array(9).fill(1)];
    expect(zdt("zdt1", far)[1]).toBeCloseTo(10 * (1 - Math.sqrt(0.025)), 13);
  });
});

describe("tabular objectives", () => {
  const raw = (file: string) =>
    JSON.parse(readFileSync(join(DIR, "data", file), "utf8")) as { values: (number | null)[][] };
  const mean = (xs: readonly (number | null)[]) => (xs as number[]).reduce((s, v) => s + v, 0) / xs.length;

  it("hpolib_naval: int params index the grid, configurations in mixed radix, seeds averaged", () => {
    const naval = problem("hpolib_naval");
    const f = makeObjective(naval, DIR);
    const json = raw("hpolib-naval_propulsion.json");
    const all0 = Object.fromEntries(
      naval.space.map((s) => [s.name, s.type === "int" ? 0 : (s.choices?.[0] as string)]),
    );
    expect(f.evaluate(all0)).toBeCloseTo(mean(json.values[0] as number[]), 15);
    const params = {
      activation_fn_1: "tanh",
      activation_fn_2: "relu",
      batch_size: 2,
      dropout_1: 1,
      dropout_2: 0,
      init_lr: 3,
      lr_schedule: naval.space.find((s) => s.name === "lr_schedule")?.choices?.[1] as string,
      n_units_1: 4,
      n_units_2: 5,
    };
    // Radices 2, 2, 4, 3, 3, 6, 2, 6, 6 in the table's parameter order.
    const index = (((((((1 * 2 + 0) * 4 + 2) * 3 + 1) * 3 + 0) * 6 + 3) * 2 + 1) * 6 + 4) * 6 + 5;
    expect(f.evaluate(params)).toBeCloseTo(mean(json.values[index] as number[]), 15);
    const table = TabularTable.load(join(DIR, "data/hpolib-naval_propulsion.json"));
    expect(Math.min(...table.means)).toBeCloseTo(naval.optimum.value as number, 15);
  });

  it("nb201_cifar10: categorical operations, the optimum of the seed-averaged table", () => {
    const nb = problem("nb201_cifar10");
    const best = (nb.optimum as { params?: Record<string, string> }).params ?? {};
    expect(makeObjective(nb, DIR).evaluate(best)).toBeCloseTo(nb.optimum.value as number, 12);
    const table = TabularTable.load(join(DIR, "data/nasbench201-cifar10.json"));
    expect(Math.max(...table.means)).toBeCloseTo(nb.optimum.value as number, 12);
    expect(table.value({ Op0: 0, Op1: 0, Op2: 0, Op3: 0, Op4: 0, Op5: 0 })).toBeCloseTo(
      mean(raw("nasbench201-cifar10.json").values[0] as number[]),
      12,
    );
    expect(() => table.value({ Op0: 5 })).toThrow(/needs an index in 0…4/);
  });
});

describe("suggesting a problem's space", () => {
  beforeAll(() => setVerbosity("silent"));

  it("suggests in list order and skips inactive conditional parameters", async () => {
    const p = problem("conditional_synth");
    const f = makeObjective(p, DIR);
    const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
    const branches = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const trial = await study.ask();
      const params = f.suggest(trial);
      const model = params.model as string;
      branches.add(model);
      expect(
        Object.keys(params).every(
          (k) => k === "model" || k.startsWith(`${model === "linear" ? "linear" : model}_`),
        ),
      ).toBe(true);
      await study.tell(trial, f.evaluate(params));
    }
    expect(branches).toEqual(new Set(["linear", "tree", "net"]));
    expect(isActive(p.space[1] as Problem["space"][number], { model: "linear" })).toBe(true);
    expect(isActive(p.space[1] as Problem["space"][number], { model: "tree" })).toBe(false);
  });
});
