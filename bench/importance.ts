/**
 * Parameter importance (#18): truth checks and speed of every importance evaluator.
 *   npx tsx bench/importance.ts            all three tables
 *   npx tsx bench/importance.ts --quick    fewer Monte Carlo points and no 10,000-trial speed rows
 *
 * 1. PED-ANOVA against its own definition computed by large Monte Carlo (`pedAnovaTruth`) on functions
 *    with known Sobol indices, from uniformly sampled trials: mean and max absolute error over 10 seeds.
 * 2. The dummy rule of issue 18 — every dummy scores below every parameter whose first-order Sobol index
 *    is ≥ 0.05 — counted over 10 seeds, at 100 and 1,000 trials, for RandomSampler and TPESampler
 *    studies; with the mean Spearman correlation between the scores and the Sobol indices.
 * 3. Speed: each evaluator on 1,000 and 10,000 trials of 10 parameters, ms (median of 3 runs), and the
 *    whole paramImportances call with PED-ANOVA on stored trials.
 * fANOVA and mean-decrease-impurity rows appear when `tunekit/core` exports their evaluators.
 */
import * as tunekit from "../src/core.js";
import {
  type ImportanceEvaluator,
  PedAnovaEvaluator,
  paramImportances,
  RandomSampler,
  type Sampler,
  TPESampler,
} from "../src/core.js";
import {
  ADDITIVE_WITH_INTERACTION,
  firstOrderIndices,
  MIXED_WITH_CATEGORICAL,
  type SobolFunction,
  sobolInput,
} from "../src/importance/testing/sobol-functions.js";
import { dummiesRankLast, pedAnovaTruth, sobolStudyTrials } from "../src/importance/testing/sobol-study.js";
import { spearman } from "../src/importance/testing/spearman.js";
import type { FrozenTrial } from "../src/trial/frozen-trial.js";

const quick = process.argv.includes("--quick");
const FUNCTIONS = [ADDITIVE_WITH_INTERACTION, MIXED_WITH_CATEGORICAL];
const SEEDS = 10;

type EvaluatorFactory = () => ImportanceEvaluator;
type Constructor = new (options?: { seed?: number; nTrees?: number }) => ImportanceEvaluator;

/** The evaluators `tunekit/core` has: PED-ANOVA always; fANOVA (64 trees, as Optuna) and MDI when exported. */
function evaluators(): [string, EvaluatorFactory][] {
  const out: [string, EvaluatorFactory][] = [["ped-anova", () => new PedAnovaEvaluator()]];
  const exports = tunekit as unknown as Record<string, Constructor | undefined>;
  const fanova = exports.FanovaEvaluator;
  const mdi = exports.MeanDecreaseImpurityEvaluator;
  if (fanova !== undefined) out.push(["fanova", () => new fanova({ seed: 0, nTrees: 64 })]);
  if (mdi !== undefined) out.push(["mdi", () => new mdi({ seed: 0, nTrees: 64 })]);
  return out;
}

function pad(cells: readonly (string | number)[], widths: readonly number[]): string {
  return cells.map((c, i) => String(c).padEnd(widths[i] ?? 10)).join(" ");
}

function truthTable(): void {
  console.log(
    "\n## PED-ANOVA against its definition (Monte Carlo, targetQuantile 0.1), absolute error over 10 seeds\n",
  );
  const widths = [28, 8, 16, 16, 40];
  console.log(pad(["function", "trials", "mean abs error", "max abs error", "truth per variable"], widths));
  for (const fn of FUNCTIONS) {
    const truth = pedAnovaTruth(fn, { samples: quick ? 400_000 : 4_000_000 });
    for (const n of quick ? [1000, 10_000] : [1000, 10_000, 100_000]) {
      let sum = 0;
      let count = 0;
      let max = 0;
      const seeds = n >= 100_000 ? 3 : SEEDS;
      for (let s = 0; s < seeds; s++) {
        const scores = new PedAnovaEvaluator().evaluate(sobolInput(fn, n, s));
        scores.forEach((v, i) => {
          const err = Math.abs(v - (truth[i] as number));
          sum += err;
          count++;
          max = Math.max(max, err);
        });
      }
      const truthText = [...truth].map((v) => v.toFixed(3)).join(" ");
      console.log(pad([fn.name, n, (sum / count).toFixed(3), max.toFixed(3), truthText], widths));
    }
  }
}

async function dummyTable(): Promise<void> {
  console.log(
    "\n## Dummy rule (every dummy below every parameter with Sobol index ≥ 0.05): seeds of 10 where it holds\n",
  );
  const list = evaluators();
  const widths = [28, 8, 8, ...list.flatMap(() => [12, 10])];
  console.log(
    pad(["function", "sampler", "trials", ...list.flatMap(([name]) => [name, "spearman"])], widths),
  );
  const samplers: [string, (seed: number) => Sampler][] = [
    ["random", (seed) => new RandomSampler({ seed })],
    ["tpe", (seed) => new TPESampler({ seed })],
  ];
  for (const fn of FUNCTIONS) {
    const indices = firstOrderIndices(fn);
    for (const [samplerName, sampler] of samplers) {
      for (const n of [100, 1000]) {
        const studies: FrozenTrial[][] = [];
        for (let s = 0; s < SEEDS; s++) studies.push(await sobolStudyTrials(fn, sampler(s), n));
        const cells = list.flatMap(([, make]) => {
          let held = 0;
          let rho = 0;
          for (const trials of studies) {
            const importances = paramImportances(trials, ["minimize"], { evaluator: make() });
            if (dummiesRankLast(fn, importances)) held++;
            rho += spearman(
              indices.map((_, i) => importances[`x${i}`] ?? 0),
              indices,
            );
          }
          return [`${held}/10`, (rho / SEEDS).toFixed(2)];
        });
        console.log(pad([fn.name, samplerName, n, ...cells], widths));
      }
    }
  }
}

/** Ten variables: the additive function's seven plus a categorical term and two more dummies. */
const TEN: SobolFunction = {
  name: "ten-parameters",
  variables: ["float", "float", "float", "float", "float", "float", "float", 4, "log", "float"],
  terms: [...ADDITIVE_WITH_INTERACTION.terms, { kind: "choice", i: 7, effects: [0, 1, -1, 0.5] }],
};

function median3(run: () => void): string {
  const times: number[] = [];
  for (let r = 0; r < 3; r++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  return (times.sort((a, b) => a - b)[1] as number).toFixed(1);
}

async function speedTable(): Promise<void> {
  console.log("\n## Speed: 10 parameters, ms (median of 3)\n");
  const widths = [38, 12, 12];
  const sizes = quick ? [1000] : [1000, 10_000];
  console.log(pad(["", ...sizes.map((n) => `${n} trials`)], widths));
  const inputs = sizes.map((n) => sobolInput(TEN, n, 1));
  for (const [name, make] of evaluators()) {
    console.log(
      pad([`${name}: evaluate()`, ...inputs.map((input) => median3(() => make().evaluate(input)))], widths),
    );
  }
  // The whole call on stored trials (intersection space, matrix, evaluator, ordering), as the dashboard makes it.
  const studies: FrozenTrial[][] = [];
  for (const n of sizes) studies.push(await sobolStudyTrials(TEN, new RandomSampler({ seed: 1 }), n));
  const evaluator = new PedAnovaEvaluator();
  const cells = studies.map((trials) => median3(() => paramImportances(trials, ["minimize"], { evaluator })));
  console.log(pad(["ped-anova: paramImportances(trials)", ...cells], widths));
}

truthTable();
await dummyTable();
await speedTable();
