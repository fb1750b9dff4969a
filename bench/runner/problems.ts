/**
 * The language-neutral benchmark problems of ../shared/bench (see its README): loading problems.json and
 * expanding `space_template` into the ordered parameter list.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Direction } from "../../src/index.js";

/** Where problems.json, data/ and optuna-4.9.0/ live: `TUNEKIT_BENCH_DIR`, else ../shared/bench beside the repository. */
export function benchDir(): string {
  return process.env.TUNEKIT_BENCH_DIR ?? join(import.meta.dirname, "../../../shared/bench");
}

/** One parameter of a problem's search space, in suggest order. */
export interface ParamSpec {
  readonly name: string;
  readonly type: "float" | "int" | "categorical";
  readonly low?: number;
  readonly high?: number;
  readonly log?: boolean;
  readonly choices?: readonly (string | number | boolean | null)[];
  /** Tabular int parameters: the real values the index 0…n−1 stands for. */
  readonly grid?: readonly (string | number)[];
  /** Active only when the earlier parameter `param` took one of the values `in`. */
  readonly condition?: { readonly param: string; readonly in: readonly (string | number | boolean | null)[] };
}

/** One benchmark problem, with its space expanded. */
export interface Problem {
  readonly id: string;
  readonly kind: "synthetic" | "zdt" | "tabular";
  /** Closed-form kinds: the formula's name (branin, rosenbrock, …). */
  readonly function?: string;
  /** Tabular kind: path of the table relative to the bench directory. */
  readonly table?: string;
  readonly directions: readonly Direction[];
  readonly space: readonly ParamSpec[];
  /** Single objective: the optimal value; two objectives: the optimal hypervolume. */
  readonly optimum: { readonly value?: number; readonly hypervolume?: number };
  readonly nTrials: number;
  readonly nSeeds: number;
  /** The strategies Optuna's figures cover. */
  readonly samplers: readonly string[];
  readonly hvReference?: readonly [number, number];
}

/** The problems file: checkpoints and problems, in file order. */
export interface ProblemSet {
  readonly checkpoints: readonly number[];
  readonly problems: readonly Problem[];
}

interface RawProblem {
  id: string;
  kind: Problem["kind"];
  function?: string;
  table?: string;
  directions: Direction[];
  space?: ParamSpec[];
  space_template?: { prefix: string; dim: number; type: "float"; low: number; high: number; log: boolean };
  optimum: { value?: number; hypervolume?: number };
  n_trials: number;
  n_seeds: number;
  samplers: string[];
  hv_reference?: [number, number];
}

/**
 * Reads `problems.json` from `dir` (default {@link benchDir}).
 * @example
 * const { problems, checkpoints } = loadProblems();
 */
export function loadProblems(dir: string = benchDir()): ProblemSet {
  const raw = JSON.parse(readFileSync(join(dir, "problems.json"), "utf8")) as {
    schema: string;
    checkpoints: number[];
    problems: RawProblem[];
  };
  if (raw.schema !== "hpo-bench-problems/1") {
    throw new Error(
      `${join(dir, "problems.json")}: expected schema "hpo-bench-problems/1", got "${raw.schema}".`,
    );
  }
  return { checkpoints: raw.checkpoints, problems: raw.problems.map(toProblem) };
}

function toProblem(raw: RawProblem): Problem {
  const space: ParamSpec[] =
    raw.space ??
    (raw.space_template === undefined
      ? []
      : Array.from({ length: raw.space_template.dim }, (_, i) => {
          const { prefix, type, low, high, log } = raw.space_template as NonNullable<
            RawProblem["space_template"]
          >;
          return { name: `${prefix}${i}`, type, low, high, log };
        }));
  if (space.length === 0) throw new Error(`problem "${raw.id}" has neither space nor space_template.`);
  return {
    id: raw.id,
    kind: raw.kind,
    ...(raw.function === undefined ? {} : { function: raw.function }),
    ...(raw.table === undefined ? {} : { table: raw.table }),
    directions: raw.directions,
    space,
    optimum: raw.optimum,
    nTrials: raw.n_trials,
    nSeeds: raw.n_seeds,
    samplers: raw.samplers,
    ...(raw.hv_reference === undefined ? {} : { hvReference: raw.hv_reference }),
  };
}

/**
 * The problems named in `list` ("all", or comma-separated ids), in file order; throws on an unknown id.
 * @example
 * selectProblems(set, "branin,hartmann6");
 */
export function selectProblems(set: ProblemSet, list: string): Problem[] {
  if (list === "all") return [...set.problems];
  const wanted = list
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  const unknown = wanted.filter((id) => !set.problems.some((p) => p.id === id));
  if (unknown.length > 0) {
    throw new Error(
      `unknown problem(s) ${unknown.join(", ")}; known: ${set.problems.map((p) => p.id).join(", ")}.`,
    );
  }
  return set.problems.filter((p) => wanted.includes(p.id));
}
