/**
 * Markdown tables that put tunekit's runs beside Optuna's (same problems, same strategy names): medians
 * over seeds at the checkpoints, the ratio of median regrets at 100 trials, a one-sided Mann–Whitney test
 * of each strategy against tunekit's own random search at 100 trials, and the sampler overhead.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { mannWhitneyU } from "./mann-whitney.js";
import { bestAt, hypervolumeAt, median, overheadAt, regret, regretFloor } from "./metrics.js";
import type { Problem } from "./problems.js";
import type { RunRecord } from "./run-one.js";

/** The trial count at which regrets are compared and the rank test is run. */
export const COMPARE_AT = 100;

/** Everything the tables are built from. */
export interface CompareInput {
  readonly problems: readonly Problem[];
  readonly checkpoints: readonly number[];
  readonly tunekit: readonly RunRecord[];
  readonly optuna: readonly RunRecord[];
}

/**
 * Reads JSON-lines run records: every `*.jsonl` file of a directory (optionally only names starting with
 * `prefix`), or one file. Lines of other schemas (Optuna's overhead runs) are skipped.
 */
export function readRecords(path: string, prefix = ""): RunRecord[] {
  const files = path.endsWith(".jsonl")
    ? [path]
    : readdirSync(path)
        .filter((f) => f.endsWith(".jsonl") && f.startsWith(prefix))
        .sort()
        .map((f) => join(path, f));
  return files.flatMap((file) =>
    readFileSync(file, "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as RunRecord)
      .filter((r) => r.schema === "hpo-bench-run/1"),
  );
}

/** Four significant digits, without a trailing exponent for ordinary magnitudes. */
export function fmt(x: number | null | undefined): string {
  if (x === null || x === undefined || Number.isNaN(x)) return "–";
  return String(Number(x.toPrecision(4)));
}

/** The figure a run scores after k trials: best value (one objective) or hypervolume (two); NaN for a shorter run. */
function scoreAt(problem: Problem, record: RunRecord, k: number): number {
  if (record.values.length < k) return Number.NaN;
  if (problem.directions.length === 2) return hypervolumeAt(record, k, problem.hvReference ?? [0, 0]);
  return bestAt(record, k) ?? Number.NaN;
}

/** The optimum of the score, and the direction in which the score improves. */
function target(problem: Problem): { optimum: number; direction: string } {
  if (problem.directions.length === 2)
    return { optimum: problem.optimum.hypervolume ?? Number.NaN, direction: "maximize" };
  return { optimum: problem.optimum.value ?? Number.NaN, direction: problem.directions[0] as string };
}

/** One row of a comparison: a problem × a tunekit strategy. */
export interface CompareRow {
  readonly problem: string;
  readonly strategy: string;
  readonly seeds: readonly [number, number];
  /** Medians at each checkpoint: [tunekit, Optuna (NaN when Optuna has no such runs)]. */
  readonly medians: readonly (readonly [number, number])[];
  /** Ratio of median regrets at {@link COMPARE_AT}, each floored by {@link regretFloor}; NaN without Optuna runs. */
  readonly regretRatio: number;
  /** One-sided p-value: this strategy better than tunekit's random search at {@link COMPARE_AT}; null for random. */
  readonly pVsRandom: number | null;
  /** Median over seeds of the overhead at {@link COMPARE_AT}, ms: [tunekit, Optuna]. */
  readonly overhead: readonly [number, number];
}

/**
 * The comparison rows, problem by problem (in problem order) and strategy by strategy (sorted).
 * @example
 * const rows = compareRows({ problems, checkpoints, tunekit: readRecords("bench/results", "tunekit-"), optuna });
 */
export function compareRows(input: CompareInput): CompareRow[] {
  const rows: CompareRow[] = [];
  for (const problem of input.problems) {
    const mine = input.tunekit.filter((r) => r.problem === problem.id);
    const strategies = [...new Set(mine.map((r) => r.strategy))].sort();
    const { optimum, direction } = target(problem);
    const random = mine.filter((r) => r.strategy === "random").map((r) => scoreAt(problem, r, COMPARE_AT));
    for (const strategy of strategies) {
      const tk = mine.filter((r) => r.strategy === strategy);
      const op = input.optuna.filter((r) => r.problem === problem.id && r.strategy === strategy);
      const med = (runs: readonly RunRecord[], k: number) => median(runs.map((r) => scoreAt(problem, r, k)));
      const at = COMPARE_AT;
      const floor = regretFloor(optimum);
      const ratio =
        Math.max(regret(med(tk, at), optimum, direction), floor) /
        Math.max(regret(med(op, at), optimum, direction), floor);
      const scores = tk.map((r) => scoreAt(problem, r, at));
      const better = direction === "maximize" ? "greater" : "less";
      rows.push({
        problem: problem.id,
        strategy,
        seeds: [tk.length, op.length],
        medians: input.checkpoints.map((k) => [med(tk, k), med(op, k)] as const),
        regretRatio: op.length === 0 ? Number.NaN : ratio,
        pVsRandom:
          strategy === "random" || random.length === 0 || [...scores, ...random].some(Number.isNaN)
            ? null
            : mannWhitneyU(scores, random, { alternative: better }).pValue,
        overhead: [median(tk.map((r) => overheadAt(r, at))), median(op.map((r) => overheadAt(r, at)))],
      });
    }
  }
  return rows;
}

function table(rows: readonly CompareRow[], checkpoints: readonly number[], label: string): string {
  const head = [
    "problem",
    "strategy",
    "seeds tk/op",
    ...checkpoints.map((k) => `${label}@${k} tunekit / Optuna`),
    `regret ratio @${COMPARE_AT}`,
    `p vs random @${COMPARE_AT}`,
    `ovh@${COMPARE_AT} ms tk / op`,
  ];
  const lines = [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`];
  for (const r of rows) {
    const cells = [
      r.problem,
      r.strategy,
      `${r.seeds[0]}/${r.seeds[1]}`,
      ...r.medians.map(([a, b]) => `${fmt(a)} / ${fmt(b)}`),
      Number.isNaN(r.regretRatio) ? "–" : r.regretRatio.toFixed(2),
      r.pVsRandom === null ? "–" : r.pVsRandom < 0.001 ? "<0.001" : r.pVsRandom.toFixed(3),
      `${fmt(r.overhead[0])} / ${fmt(r.overhead[1])}`,
    ];
    lines.push(`| ${cells.join(" | ")} |`);
  }
  return lines.join("\n");
}

/** Per strategy: on how many problems with Optuna runs the regret ratio is ≤ 1.5, the worst one, and p < 0.05 wins. */
function summary(rows: readonly CompareRow[]): string {
  const strategies = [...new Set(rows.map((r) => r.strategy))].sort();
  const lines = [
    `| strategy | problems with Optuna runs | ratio ≤ 1.5 | worst ratio | better than random (p < 0.05) |`,
    "|---|---|---|---|---|",
  ];
  for (const s of strategies) {
    const mine = rows.filter((r) => r.strategy === s);
    const withOptuna = mine.filter((r) => !Number.isNaN(r.regretRatio));
    const worst = withOptuna.reduce<CompareRow | null>(
      (w, r) => (w === null || r.regretRatio > w.regretRatio ? r : w),
      null,
    );
    const tested = mine.filter((r) => r.pVsRandom !== null);
    lines.push(
      `| ${s} | ${withOptuna.length} | ${withOptuna.filter((r) => r.regretRatio <= 1.5).length} | ${
        worst === null ? "–" : `${worst.regretRatio.toFixed(2)} (${worst.problem})`
      } | ${tested.length === 0 ? "–" : `${tested.filter((r) => (r.pVsRandom as number) < 0.05).length} of ${tested.length}`} |`,
    );
  }
  return lines.join("\n");
}

/**
 * The Markdown report: single-objective table, two-objective table, summary.
 * @example
 * console.log(compareMarkdown({ problems, checkpoints, tunekit, optuna }));
 */
export function compareMarkdown(input: CompareInput): string {
  const rows = compareRows(input);
  const single = new Set(input.problems.filter((p) => p.directions.length === 1).map((p) => p.id));
  const parts: string[] = [];
  const one = rows.filter((r) => single.has(r.problem));
  const two = rows.filter((r) => !single.has(r.problem));
  if (one.length > 0)
    parts.push(`### Single objective: median best value\n\n${table(one, input.checkpoints, "best")}`);
  if (two.length > 0)
    parts.push(`### Two objectives: median hypervolume\n\n${table(two, input.checkpoints, "HV")}`);
  if (rows.length > 0) parts.push(`### Summary at ${COMPARE_AT} trials\n\n${summary(rows)}`);
  return parts.join("\n\n");
}
