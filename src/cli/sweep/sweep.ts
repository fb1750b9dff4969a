/**
 * The normalized sweep: what a sweep file means once validated. Plain readonly JSON, so the command line
 * can store it with the study and compare it with the file on the next run (see `diffSweeps`).
 */
import type { Direction, Distribution, ParamValue, PluginConfig } from "../../core.js";

/** The comparison operators of a `when:` or `forbidden:` match; several on one parameter must all hold. */
export const MATCH_OPS = ["eq", "ne", "in", "notIn", "lt", "lte", "gt", "gte"] as const;

/** One of {@link MATCH_OPS}. */
export type MatchOp = (typeof MATCH_OPS)[number];

/**
 * The match on one parameter, normalized from the file's shorthands (a scalar is `eq`, a list is `in`).
 * @example
 * const big: MatchOps = { gt: 128 };
 */
export interface MatchOps {
  readonly eq?: ParamValue;
  readonly ne?: ParamValue;
  readonly in?: readonly ParamValue[];
  readonly notIn?: readonly ParamValue[];
  readonly lt?: number;
  readonly lte?: number;
  readonly gt?: number;
  readonly gte?: number;
}

/**
 * Parameter name → match; holds when every named parameter is active and matches.
 * @example
 * const sgdWithBigBatch: Condition = { opt: { eq: "sgd" }, batch: { gt: 128 } };
 */
export type Condition = Readonly<Record<string, MatchOps>>;

/**
 * One entry of `parameters:`, in file order (which is a valid sampling order: a `when` names only
 * earlier parameters). A constant is passed to the program but never suggested into the trial.
 * @example
 * const lr: SweepParameter = { name: "lr", kind: "sample", when: null, grid: null,
 *   distribution: { type: "float", low: 1e-5, high: 0.1, log: true, step: null } };
 */
export type SweepParameter =
  | {
      readonly name: string;
      readonly kind: "sample";
      readonly distribution: Distribution;
      readonly when: Condition | null;
      /** Points the grid sampler uses instead of enumerating the distribution; null when not given. */
      readonly grid: readonly number[] | null;
    }
  | {
      readonly name: string;
      readonly kind: "constant";
      readonly value: ParamValue;
      readonly when: Condition | null;
    };

/**
 * How the trial program is started: an argument vector run directly (placeholders substituted per
 * argument by `substituteArgs`), or a script for `/bin/sh -c` (values quoted by `substituteShell`).
 */
export type SweepCommand =
  | { readonly kind: "argv"; readonly argv: readonly string[] }
  | { readonly kind: "shell"; readonly script: string };

/** When a `tunekit run` stops. */
export interface SweepBudget {
  /** Total trials of the study (across runs); null for no limit. */
  readonly trials: number | null;
  /** Seconds per run invocation; null for no limit. */
  readonly time: number | null;
  /** Stop after this many failed trials in a row. */
  readonly maxConsecutiveFailures: number;
}

/**
 * A validated sweep file. Every field is filled (defaults applied), so consumers never re-apply defaults.
 * @example
 * const sweep = await loadSweepFile("sweep.yaml");
 * sweep.metrics; // ["val_loss"]
 */
export interface Sweep {
  readonly version: 1;
  readonly study: string;
  readonly storage: string | null;
  readonly command: SweepCommand;
  readonly workdir: string | null;
  readonly env: Readonly<Record<string, string>>;
  readonly metrics: readonly string[];
  readonly directions: readonly Direction[];
  readonly sampler: PluginConfig;
  readonly pruner: PluginConfig;
  readonly budget: SweepBudget;
  readonly parallel: number;
  /** Seconds per trial; null for no limit. */
  readonly trialTimeout: number | null;
  /** Seconds between SIGTERM and SIGKILL. */
  readonly killGrace: number;
  /** Times an interrupted trial's parameters are run again. */
  readonly retries: number;
  readonly logs: string;
  readonly constraints: readonly string[];
  readonly parameters: readonly SweepParameter[];
  readonly forbidden: readonly Condition[];
}
