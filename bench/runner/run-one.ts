/**
 * One benchmark run (problem × strategy × seed) through ask/tell in memory, timed per trial, recorded in
 * the fields of Optuna's per-seed results (../shared/bench/README.md, schema "hpo-bench-run/1").
 */
import { readFileSync } from "node:fs";
import { cpus, hostname, machine } from "node:os";
import { join } from "node:path";
import { createStudy, hypervolume2d, MemoryStorage, type Sampler } from "../../src/index.js";
import type { BenchObjective } from "./objective.js";
import type { Problem } from "./problems.js";
import { STRATEGIES } from "./strategies.js";

/** One trial's value: a number, two numbers for two objectives, or null (not COMPLETE). */
export type TrialValue = number | readonly number[] | null;

/** One line of a results file (tunekit's or Optuna's). Fields tunekit does not fill are optional. */
export interface RunRecord {
  readonly schema: "hpo-bench-run/1";
  readonly library: string;
  readonly library_version: string;
  readonly problem: string;
  readonly strategy: string;
  readonly sampler: string;
  readonly pruner: null;
  readonly sampler_config: Readonly<Record<string, unknown>>;
  readonly seed: number;
  readonly directions: readonly string[];
  readonly storage: string;
  readonly values: readonly TrialValue[];
  /** One character per trial: C complete, P pruned, F failed. */
  readonly states: string;
  /** Per trial, seconds: ask + suggest (sampling), tell, and the objective. */
  readonly sample_s: readonly number[];
  readonly tell_s: readonly number[];
  readonly objective_s: readonly number[];
  readonly wall_s: number;
  readonly n_trials: number;
  readonly best_value: number | null;
  readonly best_trial?: number | null;
  readonly hypervolume?: number;
  readonly overhead_s_total: number;
  readonly objective_s_total: number;
  readonly host?: Readonly<Record<string, unknown>>;
  readonly versions?: Readonly<Record<string, unknown>>;
  readonly finished_at?: string;
}

/** What {@link runOne} needs. */
export interface RunOneArgs {
  readonly problem: Problem;
  readonly objective: BenchObjective;
  readonly strategy: string;
  readonly sampler: Sampler;
  readonly seed: number;
  /** Default: the problem's `n_trials`. */
  readonly nTrials?: number;
}

const VERSION = (
  JSON.parse(readFileSync(join(import.meta.dirname, "../../package.json"), "utf8")) as { version: string }
).version;

/** Four significant digits, as Optuna's timings are stored. */
function sig4(x: number): number {
  return Number(x.toPrecision(4));
}

/**
 * Runs `nTrials` trials of `problem` with `sampler` and returns the record.
 * @example
 * const record = await runOne({ problem, objective, strategy: "qmc", sampler: createStrategySampler("qmc", 0), seed: 0 });
 */
export async function runOne(args: RunOneArgs): Promise<RunRecord> {
  const { problem, objective, strategy, sampler, seed } = args;
  const nTrials = args.nTrials ?? problem.nTrials;
  const study = await createStudy({
    storage: new MemoryStorage(),
    sampler,
    directions: [...problem.directions],
  });
  const values: TrialValue[] = [];
  const sample: number[] = [];
  const tell: number[] = [];
  const objectiveTimes: number[] = [];
  let states = "";
  const start = performance.now();
  for (let i = 0; i < nTrials; i++) {
    const t0 = performance.now();
    const trial = await study.ask();
    const params = objective.suggest(trial);
    const t1 = performance.now();
    const value = objective.evaluate(params);
    const t2 = performance.now();
    const told = await study.tell(trial, value);
    const t3 = performance.now();
    values.push(told.state === "COMPLETE" ? (Array.isArray(value) ? [...value] : (value as number)) : null);
    states += told.state === "COMPLETE" ? "C" : told.state === "PRUNED" ? "P" : "F";
    sample.push((t1 - t0) / 1000);
    objectiveTimes.push((t2 - t1) / 1000);
    tell.push((t3 - t2) / 1000);
  }
  const wall = (performance.now() - start) / 1000;
  const overhead = sample.reduce((s, x) => s + x, 0) + tell.reduce((s, x) => s + x, 0);
  const objectiveTotal = objectiveTimes.reduce((s, x) => s + x, 0);
  const config = sampler.toJSON();
  const note = STRATEGIES[strategy]?.note;
  return {
    schema: "hpo-bench-run/1",
    library: "tunekit",
    library_version: VERSION,
    problem: problem.id,
    strategy,
    sampler: strategy,
    pruner: null,
    sampler_config: {
      class: sampler.constructor.name,
      ...config.options,
      ...(note === undefined ? {} : { note }),
    },
    seed,
    directions: problem.directions,
    storage: "memory",
    values,
    states,
    sample_s: sample.map(sig4),
    tell_s: tell.map(sig4),
    objective_s: objectiveTimes.map(sig4),
    wall_s: Number(wall.toFixed(3)),
    n_trials: nTrials,
    ...bestOf(problem, values),
    overhead_s_total: Number(overhead.toFixed(4)),
    objective_s_total: Number(objectiveTotal.toFixed(4)),
    host: { hostname: hostname(), machine: machine(), cpus: cpus().length, threads: 1 },
    versions: { tunekit: VERSION, node: process.version, v8: process.versions.v8 },
    finished_at: new Date().toISOString(),
  };
}

/** best_value/best_trial for one objective; hypervolume of every trial for two. */
function bestOf(problem: Problem, values: readonly TrialValue[]) {
  if (problem.directions.length === 2) {
    const reference = problem.hvReference ?? [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY];
    const points = values.filter((v): v is readonly number[] => Array.isArray(v));
    return { best_value: null, hypervolume: hypervolume2d(points, reference) };
  }
  const sign = problem.directions[0] === "maximize" ? -1 : 1;
  let best: number | null = null;
  let bestTrial: number | null = null;
  values.forEach((v, i) => {
    if (typeof v === "number" && (best === null || sign * v < sign * best)) {
      best = v;
      bestTrial = i;
    }
  });
  return { best_value: best, best_trial: bestTrial };
}
