import { getVerbosity, setVerbosity } from "../../logging/logger.js";
import type { Sampler } from "../../samplers/sampler.js";
import { createStudy } from "../../study/create-study.js";
import type { FrozenTrial } from "../../trial/frozen-trial.js";
import type { Trial } from "../../trial/trial.js";
import { evaluateSobol, firstOrderIndices, type SobolFunction, sobolInput } from "./sobol-functions.js";

/**
 * Truth checks for importance evaluators on the functions of `sobol-functions.ts`, shared by the unit
 * tests and `bench/importance.ts`: studies that tune them, the dummy rule of issue 18, and PED-ANOVA's
 * own definition computed by Monte Carlo.
 */

/**
 * The function as an objective: x<i> suggested as a float in [0, 1], a log-scaled float in [1, e] (whose
 * logarithm is the variable) or a categorical of the choice indices.
 */
export function sobolObjective(fn: SobolFunction): (trial: Trial) => number {
  const row = new Float64Array(fn.variables.length);
  return (trial) => {
    fn.variables.forEach((v, i) => {
      const name = `x${i}`;
      if (typeof v === "number")
        row[i] = trial.suggestCategorical(
          name,
          Array.from({ length: v }, (_, c) => c),
        );
      else if (v === "log") row[i] = Math.log(trial.suggestFloat(name, 1, Math.E, { log: true }));
      else row[i] = trial.suggestFloat(name, 0, 1);
    });
    return evaluateSobol(fn, row, 0);
  };
}

/** The trials of a fresh in-memory study (minimising `fn`) run for `nTrials` with `sampler`. */
export async function sobolStudyTrials(
  fn: SobolFunction,
  sampler: Sampler,
  nTrials: number,
): Promise<FrozenTrial[]> {
  const verbosity = getVerbosity();
  setVerbosity("warning");
  try {
    const study = await createStudy({ sampler });
    await study.optimize(sobolObjective(fn), { nTrials });
    return study.trials;
  } finally {
    setVerbosity(verbosity);
  }
}

/**
 * The dummy rule of issue 18: every dummy (a variable in no term) scores strictly below every variable
 * whose first-order index is ≥ `threshold` (default 0.05). `importances` is keyed x0, x1, …
 */
export function dummiesRankLast(
  fn: SobolFunction,
  importances: Readonly<Record<string, number>>,
  threshold = 0.05,
): boolean {
  const indices = firstOrderIndices(fn);
  const used = new Set(fn.terms.flatMap((t) => (t.kind === "product" ? [t.i, t.j] : [t.i])));
  let maxDummy = Number.NEGATIVE_INFINITY;
  let minImportant = Number.POSITIVE_INFINITY;
  indices.forEach((index, i) => {
    const score = importances[`x${i}`] ?? 0;
    if (!used.has(i)) maxDummy = Math.max(maxDummy, score);
    else if (index >= threshold) minImportant = Math.min(minImportant, score);
  });
  return maxDummy < minImportant;
}

/** Options of {@link pedAnovaTruth}. */
export interface PedAnovaTruthOptions {
  /** γ′ (default 0.1). */
  readonly targetQuantile?: number;
  /** Monte Carlo points (default 2,000,000). */
  readonly samples?: number;
  /** Histogram cells per continuous variable (default 128). */
  readonly bins?: number;
  readonly seed?: number;
}

/**
 * PED-ANOVA's quantity on the function itself, by Monte Carlo: with x uniform (the internal scale of
 * every variable is uniform on [0, 1], or over the choice indices), the Pearson divergence between the
 * density of x_i given f(x) ≤ its γ′-quantile and x_i's uniform density — what the evaluator estimates
 * from uniformly sampled trials with regionQuantile 1. Densities are histograms (exact for categoricals)
 * with the expected multinomial noise, (cells − 1)/top points, subtracted.
 */
export function pedAnovaTruth(fn: SobolFunction, options: PedAnovaTruthOptions = {}): Float64Array {
  const n = options.samples ?? 2_000_000;
  const bins = options.bins ?? 128;
  const { x, y } = sobolInput(fn, n, options.seed ?? 12345);
  const d = fn.variables.length;
  const cut = Float64Array.from(y).sort()[Math.ceil((options.targetQuantile ?? 0.1) * n) - 1] as number;
  const out = new Float64Array(d);
  fn.variables.forEach((v, i) => {
    const cells = typeof v === "number" ? v : bins;
    const counts = new Float64Array(cells);
    let top = 0;
    for (let r = 0; r < n; r++) {
      if ((y[r] as number) > cut) continue;
      const u = x[r * d + i] as number;
      const c = typeof v === "number" ? u : Math.min(Math.floor(u * cells), cells - 1);
      counts[c] = (counts[c] as number) + 1;
      top++;
    }
    let divergence = 0;
    for (const count of counts) divergence += cells * (count / top - 1 / cells) ** 2;
    out[i] = Math.max(divergence - (cells - 1) / top, 0);
  });
  return out;
}
