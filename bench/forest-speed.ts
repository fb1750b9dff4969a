/**
 * Random-forest and importance speed benchmark (issue 18): fitting 64 trees, and each forest
 * evaluator (fANOVA, mean decrease in impurity, fANOVA's pairwise scores: fit + scoring), on 1,000 and 10,000 rows of 10
 * uniform parameters with a smooth target plus noise.
 *   npx tsx bench/forest-speed.ts           both sizes
 *   npx tsx bench/forest-speed.ts 1000      one size
 * Prints the median of 5 runs (after one warm-up) in ms and the machine.
 */
import { cpus } from "node:os";
import {
  type Distribution,
  FanovaEvaluator,
  type ForestFeature,
  MeanDecreaseImpurityEvaluator,
  RandomForest,
  Rng,
} from "../src/core.js";
import type { ImportanceEvaluator } from "../src/importance/importance-evaluator.js";

const D = 10;

function data(n: number) {
  const rng = new Rng(7);
  const x = new Float64Array(n * D);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < D; f++) x[i * D + f] = rng.random();
    y[i] = 3 * (x[i * D] as number) + Math.sin(6 * (x[i * D + 1] as number)) + rng.normal() * 0.1;
  }
  return { x, y };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

function time(run: () => void): number {
  run();
  const times: number[] = [];
  for (let k = 0; k < 5; k++) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  return median(times);
}

const sizes = process.argv[2] ? [Number(process.argv[2])] : [1000, 10_000];
const features: ForestFeature[] = Array.from({ length: D }, () => ({ kind: "numerical", low: 0, high: 1 }));
console.log(`${cpus()[0]?.model ?? "cpu"}, node ${process.version}`);
for (const n of sizes) {
  const { x, y } = data(n);
  const fit = time(() => new RandomForest({ seed: 1 }).fit({ x, n, features, y }));
  const input = {
    params: features.map((_, f) => `x${f}`),
    distributions: features.map(
      (): Distribution => ({ type: "float", low: 0, high: 1, log: false, step: null }),
    ),
    n,
    x,
    y,
  };
  const evaluators: ImportanceEvaluator[] = [
    new FanovaEvaluator({ seed: 1 }),
    new MeanDecreaseImpurityEvaluator({ seed: 1 }),
  ];
  const scored = evaluators.map((e) => `${e.name} ${time(() => e.evaluate(input)).toFixed(0)} ms`);
  const fanova = new FanovaEvaluator({ seed: 1 });
  const pairwise = time(() => fanova.pairwise(input));
  console.log(
    `n=${n} d=${D} 64 trees: forest fit ${fit.toFixed(0)} ms; fit + importance: ${scored.join(", ")}, fanova pairwise (45 pairs) ${pairwise.toFixed(0)} ms`,
  );
}
