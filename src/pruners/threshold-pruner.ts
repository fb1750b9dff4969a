import { InvalidArgumentError } from "../errors.js";
import { type KnownKeys, knownOptions } from "../options/option-keys.js";
import type { PluginConfig } from "../storage/storage.js";
import { type JsonValue, lastIntermediate } from "../trial/frozen-trial.js";
import { isCheckStep } from "./check-steps.js";
import {
  intOption,
  type ObjectiveOptions,
  objectiveJson,
  objectiveOptions,
  optionsObject,
  type ResolvedObjectiveOptions,
} from "./options.js";
import { type PruneContext, type Pruner, registerPruner, scalarReport } from "./pruner.js";

/** Options of {@link ThresholdPruner}: at least one of `lower` and `upper`. */
export interface ThresholdPrunerOptions extends Pick<ObjectiveOptions, "objective"> {
  /** Prune when the value falls below this. */
  readonly lower?: number;
  /** Prune when the value rises above this. */
  readonly upper?: number;
  /** No pruning before this step (default 0). */
  readonly nWarmupSteps?: number;
  /** Check every this many steps after the warm-up (default 1); a missed check happens at the next report. */
  readonly intervalSteps?: number;
}

/** The keys of {@link ThresholdPrunerOptions}, checked at runtime (JavaScript callers have no types). */
export const THRESHOLD_PRUNER_KEYS = {
  objective: true,
  lower: true,
  upper: true,
  nWarmupSteps: true,
  intervalSteps: true,
} satisfies KnownKeys<ThresholdPrunerOptions>;

/**
 * Prunes a trial whose latest report leaves [lower, upper] or is NaN (as Optuna's ThresholdPruner): a
 * guard against diverging runs that needs no other trial. The bounds apply to the raw value of the chosen
 * objective (an index or metric name; "pareto" has no bounds), so no direction is involved.
 * @example
 * const study = await createStudy({ pruner: new ThresholdPruner({ upper: 10, nWarmupSteps: 2 }) });
 */
export class ThresholdPruner implements Pruner {
  readonly name = "threshold";
  readonly readsStudy = false;
  private readonly lower: number;
  private readonly upper: number;
  private readonly nWarmupSteps: number;
  private readonly intervalSteps: number;
  private readonly objective: ResolvedObjectiveOptions;

  constructor(options: ThresholdPrunerOptions) {
    const o = optionsObject("ThresholdPruner", options, THRESHOLD_PRUNER_KEYS);
    if (o.lower === undefined && o.upper === undefined) {
      throw new InvalidArgumentError(
        "ThresholdPruner: give lower, upper or both (e.g. { upper: 1e3 } prunes a loss that blows up).",
        { name: "lower" },
      );
    }
    this.lower = bound("lower", o.lower, Number.NEGATIVE_INFINITY);
    this.upper = bound("upper", o.upper, Number.POSITIVE_INFINITY);
    if (this.lower > this.upper) {
      throw new InvalidArgumentError(
        `ThresholdPruner: lower must be ≤ upper, but got lower=${this.lower}, upper=${this.upper}.`,
        { name: "lower", value: this.lower },
      );
    }
    this.nWarmupSteps = intOption("ThresholdPruner", "nWarmupSteps", o.nWarmupSteps, 0, 0);
    this.intervalSteps = intOption("ThresholdPruner", "intervalSteps", o.intervalSteps, 1, 1);
    this.objective = objectiveOptions("ThresholdPruner", o);
    if (this.objective.objective === "pareto") {
      throw new InvalidArgumentError(
        'ThresholdPruner: objective "pareto" has no bounds to compare with. Pick an index or a metric name.',
        { name: "objective", value: "pareto" },
      );
    }
  }

  /** Whether the latest report is NaN or outside the bounds (on check steps after the warm-up). */
  prune(ctx: PruneContext): boolean {
    const last = lastIntermediate(ctx.trial);
    if (last === undefined) return false;
    if (!isCheckStep(ctx.trial, last.step, this.nWarmupSteps, this.intervalSteps)) return false;
    const v = scalarReport(last.value, this.objective.objective as number | string);
    return Number.isNaN(v) || v < this.lower || v > this.upper;
  }

  /** `{ name: "threshold", options }`; an absent bound is left out. */
  toJSON(): PluginConfig {
    const options: Record<string, JsonValue> = {};
    if (this.lower !== Number.NEGATIVE_INFINITY) options.lower = this.lower;
    if (this.upper !== Number.POSITIVE_INFINITY) options.upper = this.upper;
    options.nWarmupSteps = this.nWarmupSteps;
    options.intervalSteps = this.intervalSteps;
    return { name: this.name, options: { ...options, ...objectiveJson(this.objective) } };
  }
}

function bound(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || Number.isNaN(value)) {
    throw new InvalidArgumentError(`ThresholdPruner: ${name} must be a number, but got ${String(value)}.`, {
      name,
      value,
    });
  }
  return value;
}

registerPruner(
  "threshold",
  (options) => new ThresholdPruner(knownOptions('pruner "threshold"', options, THRESHOLD_PRUNER_KEYS)),
);
