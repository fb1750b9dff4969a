/**
 * The quick start of the README: a define-by-run objective with a conditional parameter, optimized for 40
 * trials, then ask/tell for a trial driven by hand.
 *
 *   npx tsx examples/quickstart.ts
 */
import { createStudy, RandomSampler, setVerbosity, type Trial } from "../src/index.js";

setVerbosity("warning");

function objective(trial: Trial): number {
  const x = trial.suggestFloat("x", -10, 10);
  const kind = trial.suggestCategorical("kind", ["quadratic", "abs"] as const);
  if (kind === "quadratic") {
    const scale = trial.suggestFloat("scale", 1e-3, 10, { log: true });
    return scale * (x - 2) ** 2;
  }
  const offset = trial.suggestInt("offset", 0, 5);
  return Math.abs(x - 2) + offset;
}

const study = await createStudy({ studyName: "quickstart", sampler: new RandomSampler({ seed: 1 }) });
const result = await study.optimize(objective, { nTrials: 40 });

// Ask/tell: run a trial yourself (e.g. inside your own training loop).
const trial = await study.ask();
await study.tell(trial, objective(trial));

console.log(`best value ${study.bestValue.toPrecision(4)} with ${JSON.stringify(study.bestParams)}`);
console.log(`${result.trialsRun + 1} trials, stopped by ${result.stopReason}`);
