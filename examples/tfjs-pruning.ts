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
import {
  createStudy,
  defaultStorageUrl,
  RandomSampler,
  SuccessiveHalvingPruner,
  setVerbosity,
} from "../src/index.js";
import { EPOCHS, tfjsObjective } from "./lib/iris-tfjs.js";

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
  const result = await study.optimize(tfjsObjective, { nTrials });
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
