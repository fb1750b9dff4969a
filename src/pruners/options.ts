import { InvalidArgumentError } from "../errors.js";
import { checkOptionKeys, type KnownKeys } from "../options/option-keys.js";
import type { Direction, JsonValue } from "../trial/frozen-trial.js";
import type { PruneTarget } from "./pruner.js";

/**
 * Checks one integer option of a pruner: `fallback` when absent, else an integer ≥ `min`.
 * @example
 * intOption("MedianPruner", "nStartupTrials", options.nStartupTrials, 5, 0);
 */
export function intOption(
  pruner: string,
  name: string,
  value: unknown,
  fallback: number,
  min: number,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    throw new InvalidArgumentError(
      `${pruner}: ${name} must be an integer ≥ ${min}, but got ${describeValue(value)}. Use for example ${name}: ${Math.max(fallback, min)}.`,
      { name, value },
    );
  }
  return value;
}

/**
 * Checks one number option of a pruner: `fallback` when absent, else a number in [min, max].
 * @example
 * numberOption("PatientPruner", "minDelta", options.minDelta, 0, 0, Infinity);
 */
export function numberOption(
  pruner: string,
  name: string,
  value: unknown,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || Number.isNaN(value) || value < min || value > max) {
    const range = max === Number.POSITIVE_INFINITY ? `≥ ${min}` : `in [${min}, ${max}]`;
    throw new InvalidArgumentError(
      `${pruner}: ${name} must be a number ${range}, but got ${describeValue(value)}.`,
      {
        name,
        value,
      },
    );
  }
  return value;
}

/**
 * Checks the options object itself: undefined becomes `{}`, anything but a plain object throws, and so
 * does a key that `known` (the pruner's list, kept beside its options type) lacks.
 * @example
 * const o = optionsObject("MedianPruner", options, MEDIAN_PRUNER_KEYS);
 */
export function optionsObject<T extends object>(
  pruner: string,
  options: T | undefined,
  known: Readonly<Record<string, true>>,
): T {
  if (options === undefined) return {} as T;
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new InvalidArgumentError(
      `${pruner}: options must be an object such as { nStartupTrials: 5 }, but got ${describeValue(options)}.`,
    );
  }
  checkOptionKeys(pruner, options, known);
  return options;
}

/** The keys of {@link ObjectiveOptions}, for the pruners' key lists. */
export const OBJECTIVE_KEYS = {
  objective: true,
  direction: true,
  directions: true,
} satisfies KnownKeys<ObjectiveOptions>;

/** What every pruner accepts to choose the objective it acts on (see `PruneTarget`). */
export interface ObjectiveOptions {
  /**
   * Which part of each report to act on: an index into vector reports (and the n-th named value), a
   * metric name, or "pareto" (the whole report, ranked by non-dominated sorting). Default 0: a plain
   * number report is itself, a vector its first element.
   */
  readonly objective?: PruneTarget;
  /**
   * The direction of the chosen objective. Defaults to the study's direction of that objective: the
   * study's `directions[objective]` for an index, or the direction of the study's metric of that name.
   * Required when the study has no such objective (e.g. a single-objective study reporting
   * `{ loss, acc }` and pruning on "acc").
   */
  readonly direction?: Direction;
  /**
   * For objective "pareto": one direction per element of the reported vector (or named value, in the
   * order the study's `metricNames` give, else sorted by name). Defaults to the study's directions when
   * their count matches.
   */
  readonly directions?: readonly Direction[];
}

/** The checked objective options, ready to store in `toJSON()`. */
export interface ResolvedObjectiveOptions {
  readonly objective: PruneTarget;
  readonly direction: Direction | null;
  readonly directions: readonly Direction[] | null;
}

/**
 * Checks the objective options every pruner shares.
 * @example
 * objectiveOptions("MedianPruner", { objective: "acc", direction: "maximize" });
 */
export function objectiveOptions(pruner: string, options: ObjectiveOptions): ResolvedObjectiveOptions {
  const objective = options.objective ?? 0;
  if (
    !(typeof objective === "string" && objective.length > 0) &&
    !(typeof objective === "number" && Number.isInteger(objective) && objective >= 0)
  ) {
    throw new InvalidArgumentError(
      `${pruner}: objective must be a non-negative index, a metric name or "pareto", but got ${describeValue(objective)}.`,
      { name: "objective", value: objective },
    );
  }
  const direction = options.direction ?? null;
  if (direction !== null) checkDirection(pruner, "direction", direction);
  const directions = options.directions ?? null;
  if (directions !== null) {
    if (!Array.isArray(directions) || directions.length === 0) {
      throw new InvalidArgumentError(
        `${pruner}: directions must be a non-empty array of "minimize" | "maximize", but got ${describeValue(directions)}.`,
        { name: "directions", value: directions },
      );
    }
    directions.forEach((d, i) => {
      checkDirection(pruner, `directions[${i}]`, d);
    });
  }
  return { objective, direction, directions: directions === null ? null : [...directions] };
}

/**
 * The objective options as `toJSON()` stores them: only those that differ from the defaults.
 * @example
 * objectiveJson({ objective: 0, direction: null, directions: null }); // {}
 */
export function objectiveJson(o: ResolvedObjectiveOptions): Record<string, JsonValue> {
  const json: Record<string, JsonValue> = {};
  if (o.objective !== 0) json.objective = o.objective;
  if (o.direction !== null) json.direction = o.direction;
  if (o.directions !== null) json.directions = [...o.directions];
  return json;
}

function checkDirection(pruner: string, name: string, d: unknown): void {
  if (d !== "minimize" && d !== "maximize") {
    throw new InvalidArgumentError(
      `${pruner}: ${name} must be "minimize" or "maximize", but got ${describeValue(d)}.`,
      { name, value: d },
    );
  }
}

function describeValue(value: unknown): string {
  if (typeof value === "number") return String(value);
  if (value === undefined) return "undefined";
  return JSON.stringify(value) ?? String(value);
}
