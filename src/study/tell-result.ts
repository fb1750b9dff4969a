import { InvalidArgumentError, ObjectiveResultError } from "../errors.js";
import { scalarReport } from "../pruners/pruner.js";
import type { Direction, FailReason, FrozenTrial } from "../trial/frozen-trial.js";
import { lastIntermediate } from "../trial/frozen-trial.js";

/** What `tell` accepts: the objective's value(s), or an explicit outcome. */
export type TellResult =
  | number
  | readonly number[]
  | {
      readonly state?: "COMPLETE" | "PRUNED" | "FAIL";
      readonly values?: number | readonly number[];
      readonly constraints?: Readonly<Record<string, number>>;
      /** Why the trial failed; a string becomes `{ code: "exception", message }`. */
      readonly reason?: string | FailReason;
    };

/** A tell result resolved to what is stored. `error` is set for results that are programming errors. */
export interface ResolvedOutcome {
  readonly state: "COMPLETE" | "PRUNED" | "FAIL";
  readonly values: readonly number[] | null;
  readonly failReason: FailReason | null;
  readonly constraints: Readonly<Record<string, number>> | undefined;
  readonly error: ObjectiveResultError | null;
}

function invalid(trial: FrozenTrial, message: string, value: unknown): ResolvedOutcome {
  const error = new ObjectiveResultError(`Trial ${trial.number}: ${message}`, { value });
  return {
    state: "FAIL",
    values: null,
    failReason: { code: "invalid-result", message: error.message },
    constraints: undefined,
    error,
  };
}

function describeValue(v: unknown): string {
  if (v === undefined) return "undefined";
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean" || v === null)
    return JSON.stringify(v);
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  return typeof v;
}

/**
 * Checks an objective's return value against the study's directions. One number per objective is
 * COMPLETE; a NaN among them is FAIL with reason "nan"; anything else (wrong count, a non-number) is FAIL
 * with an `error` the caller throws, because it is a bug in the objective.
 * @example
 * resolveValues(trial, 0.5, ["minimize"]).state; // "COMPLETE"
 */
export function resolveValues(
  trial: FrozenTrial,
  raw: unknown,
  directions: readonly Direction[],
): ResolvedOutcome {
  const list = typeof raw === "number" ? [raw] : Array.isArray(raw) ? (raw as unknown[]) : null;
  const n = directions.length;
  if (list === null) {
    return invalid(
      trial,
      `the objective must return ${n === 1 ? "a number" : `an array of ${n} numbers`}, but returned ${describeValue(raw)}.`,
      raw,
    );
  }
  if (list.length !== n) {
    return invalid(
      trial,
      `the study has ${n} objective(s), but the objective returned ${list.length} value(s). Return one value per direction.`,
      raw,
    );
  }
  const bad = list.findIndex((v) => typeof v !== "number");
  if (bad >= 0)
    return invalid(trial, `value ${bad} must be a number, but got ${describeValue(list[bad])}.`, raw);
  const values = list as number[];
  if (values.some((v) => Number.isNaN(v))) {
    return {
      state: "FAIL",
      values: null,
      failReason: {
        code: "nan",
        message: `The objective returned NaN (${JSON.stringify(values.map(String))}).`,
      },
      constraints: undefined,
      error: null,
    };
  }
  return {
    state: "COMPLETE",
    values: Object.freeze([...values]),
    failReason: null,
    constraints: undefined,
    error: null,
  };
}

const OUTCOME_KEYS = new Set(["state", "values", "constraints", "reason"]);

/** Whether `result` is an explicit outcome `{ state?, values?, constraints?, reason? }` (not a value). */
function isOutcomeObject(result: unknown): result is Exclude<TellResult, number | readonly number[]> {
  if (result === null || typeof result !== "object" || Array.isArray(result)) return false;
  const keys = Object.keys(result);
  return keys.length > 0 && keys.every((k) => OUTCOME_KEYS.has(k));
}

/**
 * Resolves any {@link TellResult}. A PRUNED single-objective trial keeps its last reported value as its
 * value (as Optuna does), so pruned trials can be ranked.
 * @example
 * resolveTell(trial, { state: "PRUNED" }, ["minimize"]);
 */
export function resolveTell(
  trial: FrozenTrial,
  result: TellResult,
  directions: readonly Direction[],
): ResolvedOutcome {
  if (!isOutcomeObject(result)) return resolveValues(trial, result, directions);
  const r = result as Exclude<TellResult, number | readonly number[]>;
  const state = r.state ?? (r.values === undefined ? "FAIL" : "COMPLETE");
  const constraints = r.constraints;
  if (state === "COMPLETE") {
    return { ...resolveValues(trial, r.values, directions), constraints };
  }
  if (state === "PRUNED") {
    const last = lastIntermediate(trial);
    const value = directions.length === 1 && last !== undefined ? scalarReport(last.value) : Number.NaN;
    return {
      state,
      values: Number.isNaN(value) ? null : [value],
      failReason: null,
      constraints,
      error: null,
    };
  }
  if (state !== "FAIL") {
    throw new InvalidArgumentError(
      `tell(): state must be "COMPLETE", "PRUNED" or "FAIL", but got ${JSON.stringify(state)}.`,
      {
        name: "state",
        value: state,
      },
    );
  }
  const reason = r.reason;
  const failReason: FailReason =
    reason === undefined
      ? { code: "exception", message: "Told as failed." }
      : typeof reason === "string"
        ? { code: "exception", message: reason }
        : reason;
  return { state, values: null, failReason, constraints, error: null };
}
