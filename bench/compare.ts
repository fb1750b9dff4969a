/**
 * Puts tunekit's quality runs (bench/run.ts) beside Optuna's per-seed results and prints Markdown tables
 * for bench/RESULTS.md: medians over seeds at 25/50/100/200 trials (hypervolume for two objectives), the
 * ratio of median regrets at 100 trials (floored at 1e-6 relative to the optimum), a one-sided
 * Mann–Whitney test of each strategy against tunekit's random search at 100 trials, and the overhead.
 *
 *   npx tsx bench/compare.ts
 *   npx tsx bench/compare.ts --tunekit bench/results --problems branin,hartmann6 --strategies qmc,tpe
 *
 * Options: --tunekit (a directory of tunekit-*.jsonl files, or one .jsonl file; default bench/results),
 * --optuna (default <bench dir>/optuna-4.9.0), --problems ("all" or ids), --strategies (default: all
 * strategies tunekit ran).
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { compareMarkdown, readRecords } from "./runner/compare-table.js";
import { benchDir, loadProblems, selectProblems } from "./runner/problems.js";

const { values: args } = parseArgs({
  options: {
    tunekit: { type: "string", default: join(import.meta.dirname, "results") },
    optuna: { type: "string" },
    problems: { type: "string", default: "all" },
    strategies: { type: "string" },
  },
});

const dir = benchDir();
const { problems, checkpoints } = loadProblems(dir);
const selected = selectProblems({ problems, checkpoints }, args.problems);
const wanted = args.strategies?.split(",").map((s) => s.trim());
const keep = (r: { strategy: string }) => wanted === undefined || wanted.includes(r.strategy);
const tunekit = readRecords(args.tunekit, "tunekit-").filter(keep);
const optuna = readRecords(args.optuna ?? join(dir, "optuna-4.9.0"));
if (tunekit.length === 0)
  throw new Error(`no tunekit runs found in ${args.tunekit}; run bench/run.ts first.`);
console.log(compareMarkdown({ problems: selected, checkpoints, tunekit, optuna }));
