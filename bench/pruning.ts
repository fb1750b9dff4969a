/**
 * Pruning benchmark: compute used (epochs trained) and the quality of the best trial found, with no
 * pruning, MedianPruner, ASHA (SuccessiveHalvingPruner) and HyperbandPruner, over 5 seeds, with random
 * sampling and (when registered) TPE.
 *
 *   npm run bench:pruning               both, one after the other
 *   npx tsx bench/pruning.ts            synthetic learning curves (seconds)
 *   npx tsx bench/pruning.ts --tfjs     the tf.js iris network of examples/tfjs-pruning.ts (minutes)
 *
 * Prints a Markdown table; copy it into bench/RESULTS.md.
 *
 * The synthetic family (a made-up but typical deep-learning response): three hyperparameters, the
 * learning rate lr ∈ [1e-4, 1] (log), a capacity c ∈ [0, 1] and a regularisation r ∈ [0, 1];
 *   final(lr, c, r) = 0.95 − 0.03·(log10 lr + 2)² − 0.15·(c − 0.7)² − 0.1·(r − 0.3)²
 *   τ(lr, c)        = 4 · 10^(−(log10 lr + 2)/2) · (1 + c)          (epochs; large lr learns fast)
 *   acc(t)          = final · (1 − e^(−(t+1)/τ)) + ε_t,  ε_t ~ N(0, 0.01²) i.i.d., t = 0 .. 80
 * so curves cross: a large learning rate climbs fast towards a lower plateau, a small one is still
 * climbing at epoch 81. Each trial trains 81 epochs unless pruned and returns acc(80). "True best" is
 * the noise-free acc(80) of the trial the study reports as best: what you would get by retraining it.
 */
import { cpus } from "node:os";
import {
  createStudy,
  HyperbandPruner,
  MedianPruner,
  NopPruner,
  type Pruner,
  RandomSampler,
  Rng,
  type Sampler,
  SuccessiveHalvingPruner,
  samplerRegistry,
  setVerbosity,
  type Trial,
  TrialPruned,
} from "../src/index.js";

setVerbosity("silent");

const EPOCHS = 81;
const SEEDS = [1, 2, 3, 4, 5];

interface Config {
  readonly final: number;
  readonly tau: number;
}

function config(trial: Trial): Config {
  const lr = trial.suggestFloat("lr", 1e-4, 1, { log: true });
  const c = trial.suggestFloat("c", 0, 1);
  const r = trial.suggestFloat("r", 0, 1);
  const u = Math.log10(lr) + 2;
  return {
    final: 0.95 - 0.03 * u * u - 0.15 * (c - 0.7) ** 2 - 0.1 * (r - 0.3) ** 2,
    tau: 4 * 10 ** (-u / 2) * (1 + c),
  };
}

function trueAcc(c: Config, epoch: number): number {
  return c.final * (1 - Math.exp(-(epoch + 1) / c.tau));
}

function syntheticObjective(seed: number) {
  return async (trial: Trial): Promise<number> => {
    const c = config(trial);
    const rng = Rng.derive(seed, trial.number, "noise");
    let acc = 0;
    for (let epoch = 0; epoch < EPOCHS; epoch++) {
      acc = trueAcc(c, epoch) + 0.01 * rng.normal();
      trial.report(acc, epoch);
      if (await trial.shouldPrune()) throw new TrialPruned();
    }
    return acc;
  };
}

/** The strategies compared: defaults first, then one tuned setting each for Median and ASHA. */
const PRUNERS: Record<string, (maxResource: number) => Pruner> = {
  none: () => new NopPruner(),
  median: () => new MedianPruner(),
  "median, nWarmupSteps 10": () => new MedianPruner({ nWarmupSteps: 10 }),
  "asha (r 1, η 3)": () => new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 3 }),
  "asha (r 9, η 3)": () => new SuccessiveHalvingPruner({ minResource: 9, reductionFactor: 3 }),
  "hyperband (r 1, η 3)": (max) =>
    new HyperbandPruner({ minResource: 1, maxResource: max, reductionFactor: 3 }),
};

function samplers(): Record<string, (seed: number) => Sampler> {
  const out: Record<string, (seed: number) => Sampler> = { random: (seed) => new RandomSampler({ seed }) };
  if (samplerRegistry.has("tpe"))
    out.tpe = (seed) => samplerRegistry.create({ name: "tpe", options: { seed } });
  return out;
}

interface RunResult {
  readonly epochs: number;
  readonly best: number;
  readonly trueBest: number;
  readonly pruned: number;
  readonly trials: number;
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function sd(xs: number[]): number {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, xs.length - 1));
}

/** How long a run lasts: a number of trials, or a compute budget in epochs (trials run until it is spent). */
type Stop = { readonly nTrials: number } | { readonly epochs: number };

async function run(
  sampler: Sampler,
  pruner: Pruner,
  objective: (t: Trial) => Promise<number>,
  stop: Stop,
  truth: (t: { params: Record<string, unknown> }) => number,
): Promise<RunResult> {
  const study = await createStudy({ studyName: "bench", direction: "maximize", sampler, pruner });
  if ("nTrials" in stop) await study.optimize(objective, { nTrials: stop.nTrials });
  else {
    let spent = 0;
    await study.optimize(objective, {
      nTrials: 100_000,
      callbacks: [
        ({ study: s, trial }) => {
          spent += Object.keys(trial.intermediateValues).length;
          if (spent >= stop.epochs) s.stop();
        },
      ],
    });
  }
  const trials = study.trials;
  return {
    epochs: trials.reduce((s, t) => s + Object.keys(t.intermediateValues).length, 0),
    best: study.bestValue,
    trueBest: truth(study.bestTrial as { params: Record<string, unknown> }),
    pruned: trials.filter((t) => t.state === "PRUNED").length,
    trials: trials.length,
  };
}

async function table(
  title: string,
  stop: Stop,
  maxResource: number,
  objective: (seed: number) => (t: Trial) => Promise<number>,
  truth: (t: { params: Record<string, unknown> }) => number,
): Promise<void> {
  const how = "nTrials" in stop ? `${stop.nTrials} trials` : `a budget of ${stop.epochs} epochs`;
  console.log(`\n### ${title}: ${how}, at most ${maxResource} epochs a trial, seeds ${SEEDS.join(", ")}\n`);
  console.log(
    "| sampler | pruner | trials | epochs (mean) | compute vs none | pruned trials | best value (mean ± sd) | true best (mean ± sd) |",
  );
  console.log("|---|---|---|---|---|---|---|---|");
  for (const [samplerName, makeSampler] of Object.entries(samplers())) {
    let baseline = Number.NaN;
    for (const [prunerName, makePruner] of Object.entries(PRUNERS)) {
      const results: RunResult[] = [];
      for (const seed of SEEDS) {
        results.push(await run(makeSampler(seed), makePruner(maxResource), objective(seed), stop, truth));
      }
      const epochs = mean(results.map((r) => r.epochs));
      if (prunerName === "none") baseline = epochs;
      const best = results.map((r) => r.best);
      const trueBest = results.map((r) => r.trueBest);
      const truthCell = trueBest.some(Number.isNaN)
        ? "–"
        : `${mean(trueBest).toFixed(4)} ± ${sd(trueBest).toFixed(4)}`;
      console.log(
        `| ${samplerName} | ${prunerName} | ${mean(results.map((r) => r.trials)).toFixed(0)} | ${epochs.toFixed(0)} | ${((100 * epochs) / baseline).toFixed(0)} % | ${mean(results.map((r) => r.pruned)).toFixed(1)} | ${mean(best).toFixed(4)} ± ${sd(best).toFixed(4)} | ${truthCell} |`,
      );
    }
  }
}

async function synthetic(): Promise<void> {
  const truth = (t: { params: Record<string, unknown> }) => {
    const u = Math.log10(t.params.lr as number) + 2;
    const c = t.params.c as number;
    const r = t.params.r as number;
    const cfg = {
      final: 0.95 - 0.03 * u * u - 0.15 * (c - 0.7) ** 2 - 0.1 * (r - 0.3) ** 2,
      tau: 4 * 10 ** (-u / 2) * (1 + c),
    };
    return trueAcc(cfg, EPOCHS - 1);
  };
  await table("Synthetic learning curves", { nTrials: 100 }, EPOCHS, syntheticObjective, truth);
  await table("Synthetic learning curves", { epochs: 50 * EPOCHS }, EPOCHS, syntheticObjective, truth);
}

async function tfjs(): Promise<void> {
  const { tfjsObjective } = await import("../examples/lib/iris-tfjs.js");
  await table(
    "tf.js iris network (validation accuracy)",
    { nTrials: 20 },
    40,
    () => tfjsObjective,
    () => Number.NaN,
  );
}

const started = performance.now();
console.log(
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? "?"}, Node ${process.version}; TPE ${samplerRegistry.has("tpe") ? "registered" : "not registered"}.`,
);
if (process.argv.includes("--tfjs")) await tfjs();
else await synthetic();
console.log(`\n(${((performance.now() - started) / 1000).toFixed(0)} s)`);
