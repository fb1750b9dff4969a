/**
 * Quality benchmark: runs tunekit samplers on the problems of ../shared/bench and writes one JSON line
 * per (problem, seed) run, in the fields of Optuna's per-seed results, so bench/compare.ts can put both
 * side by side.
 *
 *   npx tsx bench/run.ts --sampler random,qmc --problems all --seeds 10
 *   npx tsx bench/run.ts --sampler tpe --problems branin,hartmann6 --seeds 10 --out bench/results/tunekit-tpe.jsonl
 *
 * Options: --sampler (strategy names of bench/runner/strategies.ts, comma-separated), --problems ("all"
 * or ids), --seeds (a count N for seeds 0…N−1, or a list "0,3,7" / range "5-9"), --trials (default: each
 * problem's n_trials), --out (one strategy only; default bench/results/tunekit-<strategy>.jsonl).
 * The bench directory is ../shared/bench beside the repository, or TUNEKIT_BENCH_DIR.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { setVerbosity } from "../src/index.js";
import { bestAt, median } from "./runner/metrics.js";
import { makeObjective } from "./runner/objective.js";
import { benchDir, loadProblems, selectProblems } from "./runner/problems.js";
import { type RunRecord, runOne } from "./runner/run-one.js";
import { createStrategySampler, STRATEGIES } from "./runner/strategies.js";

function parseSeeds(text: string): number[] {
  if (/^\d+$/.test(text)) return Array.from({ length: Number(text) }, (_, i) => i);
  const range = /^(\d+)-(\d+)$/.exec(text);
  if (range !== null) {
    const [from, to] = [Number(range[1]), Number(range[2])];
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
  }
  const list = text.split(",").map(Number);
  if (list.some((s) => !Number.isInteger(s) || s < 0)) throw new Error(`--seeds: cannot read "${text}".`);
  return list;
}

const { values: args } = parseArgs({
  options: {
    sampler: { type: "string", default: "random" },
    problems: { type: "string", default: "all" },
    seeds: { type: "string", default: "10" },
    trials: { type: "string" },
    out: { type: "string" },
  },
});

setVerbosity("warning");
const dir = benchDir();
const set = loadProblems(dir);
const problems = selectProblems(set, args.problems);
const strategies = args.sampler.split(",").map((s) => s.trim());
for (const s of strategies) {
  if (STRATEGIES[s] === undefined)
    throw new Error(`unknown strategy "${s}"; known: ${Object.keys(STRATEGIES).join(", ")}.`);
}
if (args.out !== undefined && strategies.length > 1)
  throw new Error("--out takes one strategy; omit it for several.");
const seeds = parseSeeds(args.seeds);
const nTrials = args.trials === undefined ? undefined : Number(args.trials);

for (const strategy of strategies) {
  const out = args.out ?? join(import.meta.dirname, "results", `tunekit-${strategy}.jsonl`);
  mkdirSync(dirname(out), { recursive: true });
  const lines: string[] = [];
  for (const problem of problems) {
    const objective = makeObjective(problem, dir);
    const records: RunRecord[] = [];
    const started = performance.now();
    for (const seed of seeds) {
      const sampler = createStrategySampler(strategy, seed);
      const record = await runOne({
        problem,
        objective,
        strategy,
        sampler,
        seed,
        ...(nTrials === undefined ? {} : { nTrials }),
      });
      records.push(record);
      lines.push(JSON.stringify(record));
    }
    const k = Math.min(100, nTrials ?? problem.nTrials);
    const summary =
      problem.directions.length === 1
        ? `median best@${k} ${median(records.map((r) => bestAt(r, k) as number)).toPrecision(4)}`
        : `median hypervolume ${median(records.map((r) => r.hypervolume as number)).toPrecision(5)}`;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`${strategy} ${problem.id}: ${seeds.length} seeds, ${summary} (${seconds} s)`);
  }
  writeFileSync(out, `${lines.join("\n")}\n`);
  console.log(`wrote ${lines.length} runs to ${out}`);
}
