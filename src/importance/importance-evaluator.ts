import type { Distribution } from "../search-space/distribution.js";

/**
 * The trials an importance evaluator scores, as a matrix: one row per trial, one column per parameter,
 * each value in the parameter's internal scale — the number itself for floats and ints, its natural
 * logarithm when the distribution is log-scaled, the choice index for categoricals — and the target per
 * row, oriented so that lower is better (the caller negates a maximised target).
 */
export interface ImportanceInput {
  /** The parameters scored, in column order. */
  readonly params: readonly string[];
  /** Their distributions, in the same order. */
  readonly distributions: readonly Distribution[];
  /** Rows. */
  readonly n: number;
  /** n × params.length values, row-major. */
  readonly x: Float64Array;
  /** n targets, lower is better. */
  readonly y: Float64Array;
}

/**
 * Scores how much each parameter matters to the target. Implementations must not keep or modify the
 * input, must be deterministic for a given seed, and must return one finite score ≥ 0 per column (not
 * normalised: `getParamImportances` normalises). With fewer than two distinct targets every score is 0.
 */
export interface ImportanceEvaluator {
  /** Short name, as the command line and the dashboard show it ("ped-anova", "fanova", "mdi"). */
  readonly name: string;
  /** One raw importance per column of `input`. */
  evaluate(input: ImportanceInput): Float64Array;
}
