import { describe, expect, it } from "vitest";
import {
  createStudy,
  HyperbandPruner,
  MedianPruner,
  PatientPruner,
  PercentilePruner,
  type Pruner,
  RandomSampler,
  SuccessiveHalvingPruner,
  setVerbosity,
  type Trial,
  TrialPruned,
  WilcoxonPruner,
} from "../../src/index.js";

const STEPS = 27;

/**
 * A learning curve: loss falls from 1 towards (q − 0.3)² + 0.1 with a time constant growing with q, plus
 * a small deterministic wobble, so converged curves stall.
 */
async function objective(trial: Trial): Promise<number> {
  const q = trial.suggestFloat("q", 0, 1);
  const final = (q - 0.3) ** 2 + 0.1;
  let loss = 1;
  for (let step = 0; step < STEPS; step++) {
    loss =
      final + (1 - final) * Math.exp(-(step + 1) / (2 + 4 * q)) + 0.01 * Math.sin(7 * step + trial.number);
    trial.report(loss, step);
    if (trial.number % 4 === 0) await new Promise((r) => setTimeout(r, 0));
    if (await trial.shouldPrune()) throw new TrialPruned();
  }
  return loss;
}

/** Each pruner, with the most steps (as a fraction of 40 full runs) it may use here. */
const PRUNERS: Record<string, [() => Pruner, number]> = {
  median: [() => new MedianPruner(), 0.8],
  percentile: [() => new PercentilePruner({ percentile: 25, nWarmupSteps: 2 }), 0.8],
  // Patient waits for a stall, so it stops trials late.
  patient: [() => new PatientPruner({ wrapped: new MedianPruner(), patience: 1 }), 0.95],
  "successive-halving": [() => new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 3 }), 0.8],
  hyperband: [() => new HyperbandPruner({ minResource: 1, maxResource: STEPS, reductionFactor: 3 }), 0.8],
};

describe("pruners end to end", () => {
  setVerbosity("silent");

  for (const [name, [make, maxSteps]] of Object.entries(PRUNERS)) {
    it(`${name}: under concurrency 4, prunes, saves steps and keeps a good best trial`, async () => {
      const study = await createStudy({ pruner: make(), sampler: new RandomSampler({ seed: 11 }) });
      await study.optimize(objective, { nTrials: 40, concurrency: 4 });
      const trials = study.trials;
      const steps = trials.reduce((s, t) => s + Object.keys(t.intermediateValues).length, 0);
      expect(trials.filter((t) => t.state === "PRUNED").length).toBeGreaterThan(5);
      expect(steps).toBeLessThan(maxSteps * 40 * STEPS);
      expect(study.bestValue).toBeLessThan(0.13);
    });

    it(`${name}: a seeded sequential run is reproduced exactly`, async () => {
      const run = async () => {
        // Hyperband's brackets hash the study name with the trial number: keep the name.
        const study = await createStudy({
          studyName: "repro",
          pruner: make(),
          sampler: new RandomSampler({ seed: 5 }),
        });
        await study.optimize(objective, { nTrials: 25 });
        return study.trials.map((t) => `${t.state}:${Object.keys(t.intermediateValues).length}`);
      };
      expect(await run()).toEqual(await run());
    });
  }

  it("wilcoxon: prunes folds of a worse configuration before all are evaluated", async () => {
    const study = await createStudy({
      pruner: new WilcoxonPruner(),
      sampler: new RandomSampler({ seed: 2 }),
    });
    const folds = Array.from({ length: 20 }, (_, i) => ((i * 7) % 20) / 20);
    await study.optimize(
      async (trial) => {
        const x = trial.suggestFloat("x", -1, 1);
        let sum = 0;
        for (const [i, f] of folds.entries()) {
          const v = (x - 0.2) ** 2 + f;
          sum += v;
          trial.report(v, i);
          if (await trial.shouldPrune()) throw new TrialPruned();
        }
        return sum / folds.length;
      },
      { nTrials: 30, concurrency: 4 },
    );
    const pruned = study.trials.filter((t) => t.state === "PRUNED");
    expect(pruned.length).toBeGreaterThan(5);
    expect(pruned.every((t) => Object.keys(t.intermediateValues).length < folds.length)).toBe(true);
  });
});
