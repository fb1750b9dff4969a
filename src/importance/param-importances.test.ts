import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  InvalidArgumentError,
  MultiObjectiveError,
  NoCompletedTrialsError,
  NothingToScoreError,
} from "../errors.js";
import { getVerbosity, setVerbosity } from "../logging/logger.js";
import { RandomSampler } from "../samplers/random/random-sampler.js";
import type { Distribution, ParamValue } from "../search-space/distribution.js";
import { createStudy } from "../study/create-study.js";
import type { FrozenTrial, TrialState } from "../trial/frozen-trial.js";
import type { ImportanceEvaluator, ImportanceInput } from "./importance-evaluator.js";
import { getParamImportances, type ParamImportancesOptions, paramImportances } from "./param-importances.js";

const X: Distribution = { type: "float", low: 0, high: 1, log: false, step: null };
const LR: Distribution = { type: "float", low: 1e-4, high: 1, log: true, step: null };
const C: Distribution = { type: "categorical", choices: ["a", "b", "c"] };
const ONE: Distribution = { type: "int", low: 3, high: 3, log: false, step: 1 };

let nextNumber = 0;
function trial(
  params: Record<string, [Distribution, ParamValue]>,
  values: number[] | null,
  state: TrialState = "COMPLETE",
  userAttrs: Record<string, number> = {},
): FrozenTrial {
  return {
    number: nextNumber++,
    state,
    values,
    params: Object.fromEntries(Object.entries(params).map(([k, [, v]]) => [k, v])),
    distributions: Object.fromEntries(Object.entries(params).map(([k, [d]]) => [k, d])),
    userAttrs,
  } as unknown as FrozenTrial;
}

/** Records every input and scores column j with `scores[name]` (default 1). */
class SpyEvaluator implements ImportanceEvaluator {
  readonly name = "spy";
  readonly inputs: ImportanceInput[] = [];
  constructor(private readonly scores: Record<string, number> = {}) {}
  evaluate(input: ImportanceInput): Float64Array {
    this.inputs.push(input);
    return Float64Array.from(input.params, (p) => this.scores[p] ?? 1);
  }
}

describe("paramImportances: the evaluator's input", () => {
  it("has log values for log-scaled, choice indices for categoricals, COMPLETE finite-target rows only", () => {
    const spy = new SpyEvaluator();
    const trials = [
      trial({ lr: [LR, 0.01], c: [C, "c"], x: [X, 0.5] }, [3]),
      trial({ lr: [LR, 1], c: [C, "a"], x: [X, 0.25] }, [1]),
      trial({ lr: [LR, 0.1], c: [C, "b"], x: [X, 0.75] }, null, "PRUNED"),
      trial({ lr: [LR, 0.1], c: [C, "b"], x: [X, 0.75] }, null, "FAIL"),
      trial({ lr: [LR, 0.1], c: [C, "b"], x: [X, 0.75] }, [Number.NaN]),
      trial({ lr: [LR, 0.1], c: [C, "b"], x: [X, 0.75] }, [Number.POSITIVE_INFINITY]),
    ];
    paramImportances(trials, ["minimize"], { evaluator: spy });
    const input = spy.inputs[0] as ImportanceInput;
    expect(input.params).toEqual(["c", "lr", "x"]);
    expect(input.n).toBe(2);
    expect([...input.x]).toEqual([2, Math.log(0.01), 0.5, 0, 0, 0.25]);
    expect([...input.y]).toEqual([3, 1]);
  });

  it("negates a maximised objective, and orients a custom target by targetDirection (default: the first objective's)", () => {
    const trials = [trial({ x: [X, 0.1] }, [1, 10], "COMPLETE", { t: 5 }), trial({ x: [X, 0.2] }, [2, 20])];
    const spy = new SpyEvaluator();
    paramImportances(trials, ["maximize", "minimize"], { evaluator: spy, target: (t) => t.values?.[1] ?? 0 });
    expect([...(spy.inputs[0] as ImportanceInput).y]).toEqual([-10, -20]);
    paramImportances(trials, ["maximize", "minimize"], {
      evaluator: spy,
      target: (t) => t.values?.[1] ?? 0,
      targetDirection: "minimize",
      targetName: "latency",
    });
    expect([...(spy.inputs[1] as ImportanceInput).y]).toEqual([10, 20]);
    paramImportances(trials, ["maximize"], { evaluator: spy, target: (t) => t.values?.[0] ?? 0 });
    expect([...(spy.inputs[2] as ImportanceInput).y]).toEqual([-1, -2]);
  });

  it("scores pruned trials when states asks for them, with a target they have", () => {
    const trials = [
      trial({ x: [X, 0.1] }, [1]),
      trial({ x: [X, 0.2] }, null, "PRUNED", { loss: 7 }),
      trial({ x: [X, 0.3] }, null, "FAIL", { loss: 8 }),
    ];
    const spy = new SpyEvaluator();
    paramImportances(trials, ["minimize"], {
      evaluator: spy,
      states: ["COMPLETE", "PRUNED"],
      target: (t) => (t.values?.[0] ?? (t.userAttrs.loss as number)) * 1,
    });
    expect([...(spy.inputs[0] as ImportanceInput).y]).toEqual([1, 7]);
  });

  it("restricts the columns to params and leaves single-valued parameters out", () => {
    const trials = [
      trial({ x: [X, 0.1], c: [C, "a"], k: [ONE, 3] }, [1]),
      trial({ x: [X, 0.2], c: [C, "b"], k: [ONE, 3] }, [2]),
    ];
    const spy = new SpyEvaluator();
    expect(Object.keys(paramImportances(trials, ["minimize"], { evaluator: spy }))).toEqual(["c", "x"]);
    expect(paramImportances(trials, ["minimize"], { evaluator: spy, params: ["x", "k"] })).toEqual({ x: 1 });
    expect((spy.inputs[1] as ImportanceInput).params).toEqual(["x"]);
  });
});

describe("paramImportances: scores", () => {
  const trials = [
    trial({ a: [X, 0.1], b: [X, 0.2], c: [X, 0.3] }, [1]),
    trial({ a: [X, 0.4], b: [X, 0.5], c: [X, 0.6] }, [2]),
  ];

  it("normalises to sum 1 and orders most important first (ties by name)", () => {
    const result = paramImportances(trials, ["minimize"], {
      evaluator: new SpyEvaluator({ a: 1, b: 6, c: 1 }),
    });
    expect(Object.entries(result)).toEqual([
      ["b", 0.75],
      ["a", 0.125],
      ["c", 0.125],
    ]);
  });

  it("returns the raw scores with normalize: false, and all-zero scores as zeros", () => {
    const evaluator = new SpyEvaluator({ a: 1, b: 6, c: 2 });
    expect(paramImportances(trials, ["minimize"], { evaluator, normalize: false })).toEqual({
      b: 6,
      c: 2,
      a: 1,
    });
    const zero = new SpyEvaluator({ a: 0, b: 0, c: 0 });
    expect(paramImportances(trials, ["minimize"], { evaluator: zero })).toEqual({ a: 0, b: 0, c: 0 });
  });

  it("rejects an evaluator that returns a negative, non-finite or missing score", () => {
    const bad: ImportanceEvaluator = { name: "bad", evaluate: () => Float64Array.of(1, -1, 0) };
    expect(() => paramImportances(trials, ["minimize"], { evaluator: bad })).toThrow(InvalidArgumentError);
    const short: ImportanceEvaluator = { name: "short", evaluate: () => Float64Array.of(1) };
    expect(() => paramImportances(trials, ["minimize"], { evaluator: short })).toThrow(/one finite score/);
  });
});

describe("paramImportances: errors", () => {
  it("needs a trial with a finite target", () => {
    const trials = [trial({ x: [X, 0.1] }, null, "PRUNED"), trial({ x: [X, 0.1] }, [Number.NaN])];
    expect(() => paramImportances(trials, ["minimize"])).toThrow(NoCompletedTrialsError);
    expect(() => paramImportances([], ["minimize"])).toThrow(/none of the 0 trials/);
  });

  it("refuses an unknown option or conditional mode, naming the known ones", () => {
    const trials = [trial({ x: [X, 0.1] }, [1])];
    const typo = { param: ["x"] } as unknown as ParamImportancesOptions;
    expect(() => paramImportances(trials, ["minimize"], typo)).toThrow(
      /unknown option "param"\. Did you mean "params"\?/,
    );
    const mode = { conditional: "union" } as unknown as ParamImportancesOptions;
    expect(() => paramImportances(trials, ["minimize"], mode)).toThrow(
      /conditional must be one of "intersection", "active"/,
    );
  });

  it("needs a target when the study has several objectives", () => {
    const trials = [trial({ x: [X, 0.1] }, [1, 2])];
    expect(() => paramImportances(trials, ["minimize", "maximize"])).toThrow(MultiObjectiveError);
    expect(() => paramImportances(trials, ["minimize", "maximize"])).toThrow(/Pass target/);
  });

  it("names the known parameters for an unknown one, and points conditional ones to conditional: active", () => {
    const trials = [trial({ x: [X, 0.1], y: [X, 0.1] }, [1]), trial({ x: [X, 0.2] }, [2])];
    const evaluator = new SpyEvaluator();
    expect(() => paramImportances(trials, ["minimize"], { evaluator, params: ["x", "lr"] })).toThrow(
      /"lr" is not a parameter of any scored trial\. Known parameters: x, y\./,
    );
    expect(() => paramImportances(trials, ["minimize"], { evaluator, params: ["y"] })).toThrow(
      /conditional: "active"/,
    );
  });

  it("has nothing to score when the trials share no parameter, or only single-valued ones", () => {
    const disjoint = [trial({ x: [X, 0.1] }, [1]), trial({ y: [X, 0.2] }, [2])];
    expect(() => paramImportances(disjoint, ["minimize"])).toThrow(NothingToScoreError);
    const single = [trial({ k: [ONE, 3] }, [1]), trial({ k: [ONE, 3] }, [2])];
    expect(() => paramImportances(single, ["minimize"])).toThrow(/no parameter to score over 2 trial/);
  });
});

describe('paramImportances: conditional: "active"', () => {
  // Branch "a" sets u (and the shared x); branch "b" sets v (and x).
  const B: Distribution = { type: "categorical", choices: ["a", "b"] };
  const trials = [
    trial({ branch: [B, "a"], x: [X, 0.1], u: [X, 0.5] }, [1]),
    trial({ branch: [B, "a"], x: [X, 0.2], u: [X, 0.6] }, [2]),
    trial({ branch: [B, "b"], x: [X, 0.3], v: [X, 0.7] }, [3]),
    trial({ branch: [B, "b"], x: [X, 0.4], v: [X, 0.8] }, [4]),
    trial({ branch: [B, "b"], x: [X, 0.5], v: [X, 0.9] }, [5]),
  ];

  it("scores each parameter over the trials where it is active, normalised within that evaluation", () => {
    const spy = new SpyEvaluator({ branch: 1, x: 1, u: 2, v: 6 });
    const result = paramImportances(trials, ["minimize"], { evaluator: spy, conditional: "active" });
    // branch and x: all 5 trials, columns {branch, x}; u: trials 0–1, columns {branch, u, x}; v: 2–4.
    expect(Object.entries(result)).toEqual([
      ["v", 0.75],
      ["branch", 0.5],
      ["u", 0.5],
      ["x", 0.5],
    ]);
    expect(spy.inputs.map((i) => [i.n, i.params.join()])).toEqual([
      [5, "branch,x"],
      [2, "branch,u,x"],
      [3, "branch,v,x"],
    ]);
    expect([...(spy.inputs[2] as ImportanceInput).y]).toEqual([3, 4, 5]);
  });

  it("returns each parameter's raw score in its own evaluation with normalize: false", () => {
    const spy = new SpyEvaluator({ branch: 1, x: 1, u: 2, v: 6 });
    const result = paramImportances(trials, ["minimize"], {
      evaluator: spy,
      conditional: "active",
      normalize: false,
    });
    expect(result).toEqual({ v: 6, u: 2, branch: 1, x: 1 });
  });

  it("scores only the parameters asked for, as the intersection mode cannot", () => {
    const spy = new SpyEvaluator();
    expect(
      Object.keys(
        paramImportances(trials, ["minimize"], { evaluator: spy, conditional: "active", params: ["u"] }),
      ),
    ).toEqual(["u"]);
    expect((spy.inputs[0] as ImportanceInput).params).toEqual(["u"]);
  });
});

describe("getParamImportances", () => {
  const verbosity = getVerbosity();
  beforeAll(() => setVerbosity("warning"));
  afterAll(() => setVerbosity(verbosity));

  it("refreshes the study and finds the parameter that drives the objective (default fANOVA)", async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 3 }) });
    await study.optimize(
      (t) => {
        const x = t.suggestFloat("x", -1, 1);
        t.suggestFloat("dummy", -1, 1);
        t.suggestCategorical("unused", ["p", "q"]);
        return x * x;
      },
      { nTrials: 100 },
    );
    const importances = await getParamImportances(study);
    expect(Object.keys(importances)[0]).toBe("x");
    expect(importances.x).toBeGreaterThan(0.8);
    expect(Object.values(importances).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
});
