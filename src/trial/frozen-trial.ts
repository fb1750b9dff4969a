import type { Distribution, ParamValue } from "../search-space/distribution.js";

/** Every state a trial can be in. WAITING (enqueued) → RUNNING → COMPLETE | PRUNED | FAIL | STALE. */
export const TRIAL_STATES = ["WAITING", "RUNNING", "COMPLETE", "PRUNED", "FAIL", "STALE"] as const;

/** One of {@link TRIAL_STATES}. STALE marks a RUNNING trial whose worker lost its lease. */
export type TrialState = (typeof TRIAL_STATES)[number];

/** States after which a trial never changes again. */
export const FINISHED_STATES: readonly TrialState[] = ["COMPLETE", "PRUNED", "FAIL", "STALE"];

/**
 * Whether a trial in `state` is finished.
 * @example
 * isFinished("PRUNED"); // true
 */
export function isFinished(state: TrialState): boolean {
  return state !== "WAITING" && state !== "RUNNING";
}

/** Optimization direction of one objective. */
export type Direction = "minimize" | "maximize";

/** A value reported at one step: one number, one per objective, or named metrics. */
export type IntermediateValue = number | readonly number[] | Readonly<Record<string, number>>;

/** Any JSON value; used for user attributes and plug-in configs. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

/** Why a trial failed. Codes in use: "exception", "nan", "forbidden", "interrupted", "timeout", "stale", "invalid-result", "search-space", "invalid-enqueued-params". */
export interface FailReason {
  readonly code: string;
  readonly message: string;
  readonly stack?: string;
}

/**
 * The immutable record of one trial, as storages return it and samplers, pruners and callbacks read it.
 * Numbers are dense per study (0, 1, 2, ...). Times are milliseconds since the epoch, from the storage's clock.
 */
export interface FrozenTrial {
  /** Storage-wide id; stable for the trial's life. */
  readonly trialId: number;
  /** Dense per-study number, assigned when the trial is created. */
  readonly number: number;
  readonly state: TrialState;
  /** One value per objective once COMPLETE (PRUNED trials keep their last single-objective report); else null. */
  readonly values: readonly number[] | null;
  /** External parameter values; an enqueued trial's fixed params appear here before they have a distribution. */
  readonly params: Readonly<Record<string, ParamValue>>;
  /** The distribution each suggested parameter was drawn from. */
  readonly distributions: Readonly<Record<string, Distribution>>;
  /** Reports by step (non-negative integers; object keys iterate in ascending step order). */
  readonly intermediateValues: Readonly<Record<number, IntermediateValue>>;
  /** Named constraint values; the trial is feasible when every one is ≤ 0. */
  readonly constraints: Readonly<Record<string, number>>;
  readonly userAttrs: Readonly<Record<string, JsonValue>>;
  /** Attributes tunekit itself records (e.g. a Hyperband bracket); not for users to rely on. */
  readonly systemAttrs: Readonly<Record<string, JsonValue>>;
  readonly startedAt: number | null;
  readonly completedAt: number | null;
  readonly workerId: string | null;
  /** When the worker's lease on this RUNNING trial ends, on the storage's clock; null without a lease. */
  readonly leaseExpiresAt: number | null;
  /** The number of the trial this one retries (after a lost lease or an interrupt). */
  readonly retryOf: number | null;
  readonly failReason: FailReason | null;
  /** The change-cursor position of this version of the record. */
  readonly seq: number;
}

/**
 * Whether every constraint of the trial is satisfied (≤ 0). A trial without constraints is feasible.
 * @example
 * isFeasible(trial) ? "ok" : "violates a constraint";
 */
export function isFeasible(trial: Pick<FrozenTrial, "constraints">): boolean {
  for (const key in trial.constraints) {
    const v = trial.constraints[key] as number;
    if (!(v <= 0)) return false;
  }
  return true;
}

/**
 * The last reported intermediate value of a trial, or undefined when it reported none.
 * @example
 * lastIntermediate(trial)?.step;
 */
export function lastIntermediate(trial: FrozenTrial): { step: number; value: IntermediateValue } | undefined {
  let last: number | undefined;
  for (const key in trial.intermediateValues) last = Number(key);
  return last === undefined
    ? undefined
    : { step: last, value: trial.intermediateValues[last] as IntermediateValue };
}
