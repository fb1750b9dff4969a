/**
 * Benchmark strategy names → sampler configs, looked up in the sampler registry, so any registered
 * sampler runs by name (TPE, CMA-ES, GP and NSGA-II join once their modules register them). Names follow
 * Optuna's per-seed results (`strategy` field) so the two can be compared row by row.
 */
import { type PluginConfig, type Sampler, samplerRegistry } from "../../src/index.js";

/** One strategy: the registry config (the run adds `seed`) and, optionally, a note recorded with the run. */
export interface Strategy {
  readonly sampler: PluginConfig;
  readonly note?: string;
}

/** Every strategy the runner knows. */
export const STRATEGIES: Readonly<Record<string, Strategy>> = {
  random: { sampler: { name: "random", options: {} } },
  qmc: {
    sampler: { name: "qmc", options: { qmcType: "sobol", scramble: true, warnIndependentSampling: false } },
    note: "scrambled Sobol as Optuna's qmc; warnings about conditional parameters silenced (no effect on sampling)",
  },
  "qmc-halton": {
    sampler: { name: "qmc", options: { qmcType: "halton", scramble: true, warnIndependentSampling: false } },
  },
  tpe: { sampler: { name: "tpe", options: { multivariate: false } }, note: "univariate, as Optuna's tpe" },
  "tpe-mv": {
    sampler: { name: "tpe", options: { multivariate: true, group: true } },
    note: "multivariate + group, as Optuna's tpe-mv",
  },
  "tpe-default": {
    sampler: { name: "tpe", options: {} },
    note: "createStudy's default: multivariate without group (no Optuna counterpart in the shared table)",
  },
  cmaes: { sampler: { name: "cmaes", options: {} } },
  "cmaes-ipop": { sampler: { name: "cmaes", options: { restart: "ipop" } }, note: "IPOP restarts" },
  "cmaes-bipop": { sampler: { name: "cmaes", options: { restart: "bipop" } }, note: "BIPOP restarts" },
  gp: {
    sampler: { name: "gp", options: { warnIndependentSampling: false } },
    note: "defaults (nStartupTrials 10 from the study's Sobol sequence, logEI, learned noise, outputWarp auto, a GP per conditional group), as Optuna's gp; warnings about changed distributions silenced (no effect on sampling)",
  },
  "gp-warp": {
    sampler: { name: "gp", options: { outputWarp: "auto", warnIndependentSampling: false } },
    note: "outputWarp auto (the default since 2026-11-23; before, the name of the opt-in)",
  },
  "gp-raw": {
    sampler: { name: "gp", options: { outputWarp: "none", warnIndependentSampling: false } },
    note: "defaults but outputWarp none: the GP models the raw losses (the default until 2026-11-23)",
  },
  "gp-ts": {
    sampler: { name: "gp", options: { acquisition: "ts", warnIndependentSampling: false } },
    note: "Thompson sampling over 512 Sobol candidates",
  },
  nsga2: { sampler: { name: "nsga2", options: {} } },
  evolution: {
    sampler: { name: "evolution", options: {} },
    note: "defaults: populationSize 20, sampleSize 5, mutationScale 0.1 (set before any benchmark run)",
  },
};

/**
 * A fresh sampler of strategy `name` seeded with `seed`. Throws for an unknown strategy, and (from the
 * registry) for a strategy whose sampler is not registered.
 * @example
 * createStrategySampler("qmc", 3).toJSON(); // { name: "qmc", options: { …, seed: 3 } }
 */
export function createStrategySampler(name: string, seed: number): Sampler {
  const strategy = STRATEGIES[name];
  if (strategy === undefined) {
    throw new Error(`unknown strategy "${name}"; known: ${Object.keys(STRATEGIES).join(", ")}.`);
  }
  return samplerRegistry.create({
    name: strategy.sampler.name,
    options: { ...strategy.sampler.options, seed },
  });
}
