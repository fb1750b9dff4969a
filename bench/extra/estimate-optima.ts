/**
 * Estimates the unknown optimum of each training problem of problems.json (bench/runner/training.ts): a
 * seeded random search (log parameters drawn log-uniformly, ints over [low − ½, high + ½] then rounded),
 * then a coordinate search from the best few random points (each parameter moved by ± a step in the unit
 * cube of its, possibly logarithmic, range; every other choice of a categorical; the step halves after a
 * sweep without improvement). Prints, per problem, the spread of the first 1,000 random values, the time per
 * evaluation and the best value and parameters found; `--write` stores them as `optimum` in problems.json.
 *
 *   npx tsx bench/extra/estimate-optima.ts [--write] [problem ids…]
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadProblems, type ParamSpec, type Problem } from "../runner/problems.js";
import { Rng } from "../runner/training/data.js";
import {
  MAX_CROSS_ENTROPY,
  MAX_RELATIVE_MSE,
  TRAINING_FUNCTIONS,
  type TrainingParams,
} from "../runner/training.js";

/** Random evaluations, coordinate-search evaluations and coordinate-search starts per problem. */
const BUDGETS: Readonly<Record<string, { random: number; local: number; starts: number }>> = {
  logreg_breast_cancer: { random: 20_000, local: 4_000, starts: 10 },
  mlp_digits: { random: 8_000, local: 4_000, starts: 4 },
  kernel_ridge_diabetes: { random: 4_000, local: 1_000, starts: 5 },
  sgd_regression_diabetes: { random: 20_000, local: 4_000, starts: 10 },
};

/** Spread statistics are taken over this many first random draws. */
const SPREAD_DRAWS = 1_000;

/** The value of `spec` at the unit-cube coordinate `u` ∈ [0, 1]. */
function decode(spec: ParamSpec, u: number): number | string {
  if (spec.type === "categorical") {
    const choices = spec.choices as readonly (string | number)[];
    return choices[Math.min(choices.length - 1, Math.floor(u * choices.length))] as string | number;
  }
  const int = spec.type === "int";
  const low = (spec.low as number) - (int ? 0.5 : 0);
  const high = (spec.high as number) + (int ? 0.5 : 0);
  const x =
    spec.log === true
      ? Math.exp(Math.log(low) + u * (Math.log(high) - Math.log(low)))
      : low + u * (high - low);
  return int ? Math.min(spec.high as number, Math.max(spec.low as number, Math.round(x))) : x;
}

function toParams(space: readonly ParamSpec[], u: readonly number[]): Record<string, number | string> {
  const params: Record<string, number | string> = {};
  space.forEach((spec, i) => {
    params[spec.name] = decode(spec, u[i] as number);
  });
  return params;
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

interface Point {
  u: number[];
  value: number;
}

/** Coordinate moves of `u` along parameter `i` with step `step`, as new coordinate vectors. */
function moves(spec: ParamSpec, u: readonly number[], i: number, step: number): number[][] {
  const current = decode(spec, u[i] as number);
  const out: number[][] = [];
  if (spec.type === "categorical") {
    const n = (spec.choices as readonly unknown[]).length;
    for (let c = 0; c < n; c++) {
      const v = [...u];
      v[i] = (c + 0.5) / n;
      if (decode(spec, v[i] as number) !== current) out.push(v);
    }
    return out;
  }
  for (const sign of [-1, 1]) {
    const v = [...u];
    v[i] = Math.min(1, Math.max(0, (u[i] as number) + sign * step));
    // An int that the step does not change moves to its neighbour instead.
    if (spec.type === "int" && decode(spec, v[i] as number) === current) {
      const target = (current as number) + sign;
      if (target < (spec.low as number) || target > (spec.high as number)) continue;
      let w = u[i] as number;
      while (decode(spec, w) === current && w >= 0 && w <= 1) w += sign * 1e-3;
      v[i] = Math.min(1, Math.max(0, w));
    }
    if (decode(spec, v[i] as number) !== current) out.push(v);
  }
  return out;
}

function coordinateSearch(
  space: readonly ParamSpec[],
  f: (params: TrainingParams) => number,
  start: Point,
  budget: number,
): { best: Point; evaluations: number } {
  let best = start;
  let step = 0.1;
  let evaluations = 0;
  while (step >= 1e-3 && evaluations < budget) {
    let improved = false;
    for (let i = 0; i < space.length && evaluations < budget; i++) {
      for (const u of moves(space[i] as ParamSpec, best.u, i, step)) {
        const value = f(toParams(space, u));
        evaluations++;
        if (value < best.value) {
          best = { u, value };
          improved = true;
          break;
        }
      }
    }
    if (!improved) step /= 2;
  }
  return { best, evaluations };
}

function estimate(problem: Problem): { value: number; params: Record<string, number | string> } {
  const f = TRAINING_FUNCTIONS[problem.function ?? ""];
  const budget = BUDGETS[problem.function ?? ""];
  if (f === undefined || budget === undefined) throw new Error(`${problem.id}: not a training problem.`);
  const space = problem.space;
  const rng = new Rng(20240601);
  const points: Point[] = [];
  const times: number[] = [];
  const started = performance.now();
  for (let n = 0; n < budget.random; n++) {
    const u = space.map(() => rng.next());
    const t = performance.now();
    const value = f(toParams(space, u));
    times.push(performance.now() - t);
    points.push({ u, value });
  }
  const spread = points
    .slice(0, SPREAD_DRAWS)
    .map((p) => p.value)
    .sort((a, b) => a - b);
  times.sort((a, b) => a - b);
  const randomSeconds = (performance.now() - started) / 1000;
  points.sort((a, b) => a.value - b.value);
  const randomBest = points[0] as Point;
  let best = randomBest;
  let localEvaluations = 0;
  for (const start of points.slice(0, budget.starts)) {
    const result = coordinateSearch(space, f, start, Math.floor(budget.local / budget.starts));
    localEvaluations += result.evaluations;
    if (result.best.value < best.value) best = result.best;
  }
  const total = (performance.now() - started) / 1000;
  const g = (x: number) => x.toPrecision(4);
  console.log(
    `${problem.id}: first ${spread.length} random values min ${g(spread[0] as number)}, q10 ${g(quantile(spread, 0.1))}, ` +
      `median ${g(quantile(spread, 0.5))}, q90 ${g(quantile(spread, 0.9))}, max ${g(spread[spread.length - 1] as number)}; ` +
      `at the penalty ${spread.filter((v) => v === MAX_CROSS_ENTROPY || v === MAX_RELATIVE_MSE).length}`,
  );
  console.log(
    `  ms/evaluation median ${g(quantile(times, 0.5))}, q90 ${g(quantile(times, 0.9))}, max ${g(times[times.length - 1] as number)}; ` +
      `random ${budget.random} in ${randomSeconds.toFixed(0)} s → best ${randomBest.value}; ` +
      `coordinate search ${localEvaluations} more → best ${best.value} (${total.toFixed(0)} s in all)`,
  );
  const params = toParams(space, best.u);
  console.log(`  best params ${JSON.stringify(params)}`);
  return { value: best.value, params };
}

const args = process.argv.slice(2);
const write = args.includes("--write");
const ids = args.filter((a) => a !== "--write");
const dir = import.meta.dirname;
const { problems } = loadProblems(dir);
const results = new Map<string, { value: number; params: Record<string, number | string> }>();
for (const problem of problems) {
  if (TRAINING_FUNCTIONS[problem.function ?? ""] === undefined) continue;
  if (ids.length > 0 && !ids.includes(problem.id)) continue;
  results.set(problem.id, estimate(problem));
}
if (write) {
  const path = join(dir, "problems.json");
  const raw = JSON.parse(readFileSync(path, "utf8")) as { problems: { id: string; optimum: unknown }[] };
  for (const p of raw.problems) {
    const found = results.get(p.id);
    if (found !== undefined) p.optimum = found;
  }
  writeFileSync(path, `${JSON.stringify(raw, null, 2)}\n`);
  console.log(`wrote the optima of ${[...results.keys()].join(", ")} to ${path} (run biome format on it).`);
}
