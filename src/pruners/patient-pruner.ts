import { InvalidArgumentError } from "../errors.js";
import { type KnownKeys, knownOptions } from "../options/option-keys.js";
import type { PluginConfig } from "../storage/storage.js";
import type { FrozenTrial, IntermediateValue } from "../trial/frozen-trial.js";
import { ObjectiveReader } from "./objective-reader.js";
import {
  intOption,
  numberOption,
  OBJECTIVE_KEYS,
  type ObjectiveOptions,
  objectiveJson,
  objectiveOptions,
  optionsObject,
  type ResolvedObjectiveOptions,
} from "./options.js";
import { type PruneContext, type Pruner, prunerRegistry, registerPruner } from "./pruner.js";

/** Options of {@link PatientPruner}. */
export interface PatientPrunerOptions extends ObjectiveOptions {
  /** The pruner consulted once the trial has stalled; null prunes every stalled trial (plain early stopping). */
  readonly wrapped: Pruner | null;
  /** How many steps without improvement to tolerate (an integer ≥ 0). */
  readonly patience: number;
  /** How much better than the best earlier value a report must be to count as an improvement (default 0). */
  readonly minDelta?: number;
}

/** The keys of {@link PatientPrunerOptions}, checked at runtime (JavaScript callers have no types). */
export const PATIENT_PRUNER_KEYS = {
  ...OBJECTIVE_KEYS,
  wrapped: true,
  patience: true,
  minDelta: true,
} satisfies KnownKeys<PatientPrunerOptions>;

/**
 * Tolerates a trial that stops improving for up to `patience` steps (as Optuna's PatientPruner): only
 * once none of its last patience + 1 reports beats its best earlier report by more than `minDelta` does it
 * ask the wrapped pruner, or prune outright when there is none.
 *
 * - Direction: the chosen objective's (see {@link ObjectiveOptions}). NaN counts as worst: a NaN report
 *   in the window is no improvement, and a NaN before the window sets no bar to beat.
 * - objective "pareto": the trial has stalled when each report in the window is dominated by some
 *   earlier report shifted by minDelta (better by minDelta in every objective, strictly in one).
 * - The wrapped pruner keeps its own objective, and its sampler filter and `beforeTrial` (so Hyperband
 *   inside still gives each bracket its own population).
 * @example
 * const pruner = new PatientPruner({ wrapped: new MedianPruner(), patience: 3 });
 */
export class PatientPruner implements Pruner {
  readonly name = "patient";
  readonly readsStudy: boolean;
  private readonly wrapped: Pruner | null;
  private readonly patience: number;
  private readonly minDelta: number;
  private readonly objective: ResolvedObjectiveOptions;

  constructor(options: PatientPrunerOptions) {
    const o = optionsObject("PatientPruner", options, PATIENT_PRUNER_KEYS);
    if (o.wrapped === undefined || (o.wrapped !== null && typeof o.wrapped?.prune !== "function")) {
      throw new InvalidArgumentError(
        "PatientPruner: wrapped must be a pruner (e.g. new MedianPruner()) or null for plain early stopping.",
        { name: "wrapped", value: o.wrapped },
      );
    }
    if (o.patience === undefined) {
      throw new InvalidArgumentError(
        "PatientPruner: patience is required, an integer ≥ 0 (e.g. { patience: 3 }).",
        {
          name: "patience",
        },
      );
    }
    this.wrapped = o.wrapped;
    this.patience = intOption("PatientPruner", "patience", o.patience, 0, 0);
    this.minDelta = numberOption("PatientPruner", "minDelta", o.minDelta, 0, 0, Number.POSITIVE_INFINITY);
    this.objective = objectiveOptions("PatientPruner", o);
    this.readsStudy = this.wrapped?.readsStudy ?? false;
  }

  /** Whether the trial has stalled and (when wrapping one) the wrapped pruner prunes it. */
  prune(ctx: PruneContext): boolean | Promise<boolean> {
    const values = reportsInOrder(ctx.trial);
    if (values.length <= this.patience + 1) return false;
    const split = values.length - this.patience - 1;
    const reader = ObjectiveReader.of("PatientPruner", this.objective, ctx.study);
    const points = values.map((v) => (reader.isPareto ? reader.point(v) : [reader.score(v)]));
    if (!stalled(points, split, this.minDelta)) return false;
    return this.wrapped === null ? true : this.wrapped.prune(ctx);
  }

  /** The wrapped pruner's sampler filter, if any. */
  samplerFilter(ctx: PruneContext): ((t: FrozenTrial) => boolean) | null {
    return this.wrapped?.samplerFilter?.(ctx) ?? null;
  }

  /** The wrapped pruner's `beforeTrial`, if any. */
  beforeTrial(ctx: PruneContext): void | Promise<void> {
    return this.wrapped?.beforeTrial?.(ctx);
  }

  /** `{ name: "patient", options: { wrapped: <its config> | null, patience, minDelta } }`. */
  toJSON(): PluginConfig {
    return {
      name: this.name,
      options: {
        wrapped: this.wrapped === null ? null : this.wrapped.toJSON(),
        patience: this.patience,
        minDelta: this.minDelta,
        ...objectiveJson(this.objective),
      },
    } as PluginConfig;
  }
}

function reportsInOrder(trial: FrozenTrial): IntermediateValue[] {
  const values: IntermediateValue[] = [];
  // Integer keys iterate in ascending order.
  for (const key in trial.intermediateValues)
    values.push(trial.intermediateValues[Number(key)] as IntermediateValue);
  return values;
}

/**
 * Whether no report from `split` on improves on the earlier ones (minimized points): each is NaN-tainted
 * or dominated by a NaN-free earlier point shifted by minDelta. For one objective: every later value is
 * NaN or worse than the best earlier value + minDelta.
 */
function stalled(points: number[][], split: number, minDelta: number): boolean {
  const before = points.slice(0, split).filter((e) => !e.some(Number.isNaN));
  return points
    .slice(split)
    .every((w) => w.some(Number.isNaN) || before.some((e) => shiftedDominates(e, w, minDelta)));
}

function shiftedDominates(e: number[], w: number[], delta: number): boolean {
  let strictly = false;
  for (let k = 0; k < e.length; k++) {
    const a = (e[k] as number) + delta;
    const b = w[k] as number;
    if (a > b) return false;
    if (a < b) strictly = true;
  }
  return strictly;
}

registerPruner("patient", (options) => {
  const wrapped = options.wrapped as PluginConfig | null | undefined;
  return new PatientPruner({
    ...knownOptions<Omit<PatientPrunerOptions, "wrapped">>('pruner "patient"', options, PATIENT_PRUNER_KEYS),
    wrapped: wrapped === null || wrapped === undefined ? null : prunerRegistry.create(wrapped),
  });
});
