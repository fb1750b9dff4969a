/**
 * A benchmark problem as a tunekit objective, split in two so the runner can time them apart: `suggest`
 * (sampling: parameters in list order, inactive conditional ones skipped) and `evaluate` (the formula or
 * the table lookup, on the active parameters only).
 */
import { join } from "node:path";
import type { Choice, ParamValue, Trial } from "../../src/index.js";
import type { ParamSpec, Problem } from "./problems.js";
import { conditionalSynth, mixedSynth, VECTOR_FUNCTIONS, zdt } from "./synthetic.js";
import { EXTRA_VECTOR_FUNCTIONS } from "./synthetic-extra.js";
import { TabularTable } from "./tabular.js";
import { TRAINING_FUNCTIONS } from "./training.js";

/** Parameter values by name, as the objective sees them. */
export type Params = Readonly<Record<string, ParamValue>>;

/** A problem ready to run. */
export interface BenchObjective {
  /** Suggests the problem's active parameters in list order and returns them. */
  suggest(trial: Trial): Params;
  /** The value (or the two values) of a parameter assignment. */
  evaluate(params: Params): number | [number, number];
}

/** Whether `spec` is active given the parameters suggested before it. */
export function isActive(spec: ParamSpec, params: Params): boolean {
  if (spec.condition === undefined) return true;
  const value = params[spec.condition.param];
  return value !== undefined && spec.condition.in.includes(value as Choice);
}

function suggestOne(trial: Trial, spec: ParamSpec): ParamValue {
  switch (spec.type) {
    case "float":
      return trial.suggestFloat(spec.name, spec.low as number, spec.high as number, {
        log: spec.log === true,
      });
    case "int":
      return trial.suggestInt(spec.name, spec.low as number, spec.high as number, { log: spec.log === true });
    case "categorical":
      return trial.suggestCategorical(spec.name, spec.choices as readonly Choice[]);
  }
}

/**
 * The objective of `problem`; tabular problems load their table from `dir`.
 * @example
 * const objective = makeObjective(problem, benchDir());
 * const params = objective.suggest(trial);
 * await study.tell(trial, objective.evaluate(params));
 */
export function makeObjective(problem: Problem, dir: string): BenchObjective {
  const suggest = (trial: Trial): Params => {
    const params: Record<string, ParamValue> = {};
    for (const spec of problem.space) {
      if (isActive(spec, params)) params[spec.name] = suggestOne(trial, spec);
    }
    return params;
  };
  return { suggest, evaluate: evaluator(problem, dir) };
}

function evaluator(problem: Problem, dir: string): BenchObjective["evaluate"] {
  const names = problem.space.map((p) => p.name);
  const vector = (params: Params) => names.map((n) => params[n] as number);
  if (problem.kind === "tabular") return tabularEvaluator(problem, dir);
  const fn = problem.function ?? "";
  if (problem.kind === "zdt") {
    if (fn !== "zdt1" && fn !== "zdt2")
      throw new Error(`problem "${problem.id}": unknown zdt function "${fn}".`);
    return (params) => zdt(fn, vector(params));
  }
  if (fn === "mixed_synth")
    return (params) => mixedSynth(params as unknown as Parameters<typeof mixedSynth>[0]);
  if (fn === "conditional_synth")
    return (params) => conditionalSynth(params as Record<string, string | number>);
  const training = TRAINING_FUNCTIONS[fn];
  if (training !== undefined) return (params) => training(params as Record<string, number | string>);
  const f = VECTOR_FUNCTIONS[fn] ?? EXTRA_VECTOR_FUNCTIONS[fn];
  if (f === undefined) throw new Error(`problem "${problem.id}": no implementation of function "${fn}".`);
  return (params) => f(vector(params));
}

function tabularEvaluator(problem: Problem, dir: string): BenchObjective["evaluate"] {
  if (problem.table === undefined) throw new Error(`tabular problem "${problem.id}" names no table.`);
  const table = TabularTable.load(join(dir, problem.table));
  const specs = new Map(problem.space.map((s) => [s.name, s]));
  for (const name of table.names) {
    const spec = specs.get(name);
    const grid = table.grids.get(name) as readonly unknown[];
    const size =
      spec?.type === "categorical" ? spec.choices?.length : (spec?.high ?? -1) - (spec?.low ?? 0) + 1;
    if (spec === undefined || size !== grid.length || (spec.type === "int" && spec.low !== 0)) {
      throw new Error(
        `problem "${problem.id}": parameter "${name}" of the table does not match the problem's space.`,
      );
    }
  }
  return (params) => {
    const indices: Record<string, number> = {};
    for (const name of table.names) {
      const value = params[name] as ParamValue;
      // Int parameters are already grid indices; categoricals are looked up among the table's values.
      indices[name] =
        specs.get(name)?.type === "int" ? (value as number) : table.indexOf(name, value as Choice);
    }
    return table.value(indices);
  };
}
