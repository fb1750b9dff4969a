import { InvalidArgumentError } from "../errors.js";
import { percentile } from "../math/percentile.js";
import { nonDominatedSort } from "../multiobjective/non-dominated-sort.js";
import { type KnownKeys, knownOptions } from "../options/option-keys.js";
import type { PluginConfig } from "../storage/storage.js";
import {
  type FrozenTrial,
  type IntermediateValue,
  type JsonValue,
  lastIntermediate,
} from "../trial/frozen-trial.js";
import { isCheckStep } from "./check-steps.js";
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
import { type PruneContext, type Pruner, registerPruner } from "./pruner.js";

/** The options {@link MedianPruner} and {@link PercentilePruner} share. */
export interface MedianPrunerOptions extends ObjectiveOptions {
  /** No pruning until this many trials are COMPLETE (default 5). */
  readonly nStartupTrials?: number;
  /** No pruning before this step (default 0; steps start at 0). */
  readonly nWarmupSteps?: number;
  /** Check every this many steps after the warm-up (default 1); a missed check happens at the next report. */
  readonly intervalSteps?: number;
  /** No pruning at a step where fewer COMPLETE trials reported a (non-NaN) value (default 1). */
  readonly nMinTrials?: number;
}

/** The keys of {@link MedianPrunerOptions}, checked at runtime (JavaScript callers have no types). */
export const MEDIAN_PRUNER_KEYS = {
  ...OBJECTIVE_KEYS,
  nStartupTrials: true,
  nWarmupSteps: true,
  intervalSteps: true,
  nMinTrials: true,
} satisfies KnownKeys<MedianPrunerOptions>;

/** Options of {@link PercentilePruner}. */
export interface PercentilePrunerOptions extends MedianPrunerOptions {
  /** In [0, 100]: 25 keeps trials whose best so far is in the best quarter of the COMPLETE trials. */
  readonly percentile: number;
}

/** The keys of {@link PercentilePrunerOptions}. */
export const PERCENTILE_PRUNER_KEYS = {
  ...MEDIAN_PRUNER_KEYS,
  percentile: true,
} satisfies KnownKeys<PercentilePrunerOptions>;

/**
 * Prunes a trial whose best value so far is worse than the given percentile of the values that COMPLETE
 * trials reported at the same step (as Optuna's PercentilePruner). Percentiles interpolate linearly.
 *
 * - Direction: the chosen objective's (see {@link ObjectiveOptions}); 25 keeps the best 25 % whether
 *   the objective is minimized or maximized.
 * - NaN: a trial whose latest checked report is NaN is pruned (once past warm-up, on a check step, even
 *   before nStartupTrials complete: a diverged curve needs no comparison). Optuna prunes only when every
 *   report is NaN. Other trials' NaN values are ignored and do not count toward nMinTrials.
 * - objective "pareto": at the step, the trial's report and those of the COMPLETE trials are ranked by
 *   non-dominated sorting (rank 0 = the front); the trial is pruned when its rank is worse than the
 *   percentile of the COMPLETE trials' ranks. Only the current step's report counts (ranks at different
 *   steps are not comparable), and a report containing NaN is pruned.
 * @example
 * const study = await createStudy({ direction: "maximize", pruner: new PercentilePruner({ percentile: 25 }) });
 */
export class PercentilePruner implements Pruner {
  readonly name: string = "percentile";
  readonly readsStudy = true;
  protected readonly percentile: number;
  protected readonly nStartupTrials: number;
  protected readonly nWarmupSteps: number;
  protected readonly intervalSteps: number;
  protected readonly nMinTrials: number;
  protected readonly objective: ResolvedObjectiveOptions;
  private readonly label: string;

  constructor(options: PercentilePrunerOptions, label = "PercentilePruner") {
    const o = optionsObject(label, options, PERCENTILE_PRUNER_KEYS);
    this.label = label;
    if (o.percentile === undefined && label === "PercentilePruner") {
      throw new InvalidArgumentError(
        "PercentilePruner: percentile is required, a number in [0, 100] (e.g. { percentile: 25 } keeps the best quarter). Use MedianPruner for 50.",
        { name: "percentile" },
      );
    }
    this.percentile = numberOption(label, "percentile", o.percentile, 50, 0, 100);
    this.nStartupTrials = intOption(label, "nStartupTrials", o.nStartupTrials, 5, 0);
    this.nWarmupSteps = intOption(label, "nWarmupSteps", o.nWarmupSteps, 0, 0);
    this.intervalSteps = intOption(label, "intervalSteps", o.intervalSteps, 1, 1);
    this.nMinTrials = intOption(label, "nMinTrials", o.nMinTrials, 1, 1);
    this.objective = objectiveOptions(label, o);
  }

  /** Whether the trial's latest report is worse than the percentile (see the class comment). */
  prune(ctx: PruneContext): boolean {
    const { trial, study } = ctx;
    const last = lastIntermediate(trial);
    if (last === undefined) return false;
    const step = last.step;
    if (!isCheckStep(trial, step, this.nWarmupSteps, this.intervalSteps)) return false;
    const reader = ObjectiveReader.of(this.label, this.objective, study);
    if (reader.isPareto) {
      const own = reader.point(last.value);
      if (own.some(Number.isNaN)) return true;
      const others = this.comparable(study.trialsInStates(["COMPLETE"]), step, (v) => reader.point(v));
      if (others === null) return false;
      return paretoWorse(own, others, this.percentile);
    }
    if (Number.isNaN(reader.score(last.value))) return true;
    const others = this.comparable(study.trialsInStates(["COMPLETE"]), step, (v) => [reader.score(v)]);
    if (others === null) return false;
    const threshold = percentile(
      others.map((p) => p[0] as number),
      this.percentile,
    );
    return bestSoFar(trial, reader) > threshold;
  }

  /** The COMPLETE trials' NaN-free minimized points at `step`, or null while too few trials count. */
  private comparable(
    completed: readonly FrozenTrial[],
    step: number,
    read: (v: IntermediateValue) => number[],
  ): number[][] | null {
    if (completed.length === 0 || completed.length < this.nStartupTrials) return null;
    const points: number[][] = [];
    for (const t of completed) {
      const v = t.intermediateValues[step];
      if (v === undefined) continue;
      const p = read(v);
      if (!p.some(Number.isNaN)) points.push(p);
    }
    return points.length < this.nMinTrials ? null : points;
  }

  /** `{ name, options }` with every option, the objective ones only when set. */
  toJSON(): PluginConfig {
    return { name: this.name, options: { percentile: this.percentile, ...this.commonJson() } };
  }

  protected commonJson(): Record<string, JsonValue> {
    return {
      nStartupTrials: this.nStartupTrials,
      nWarmupSteps: this.nWarmupSteps,
      intervalSteps: this.intervalSteps,
      nMinTrials: this.nMinTrials,
      ...objectiveJson(this.objective),
    };
  }
}

/** The trial's best minimized value over all its reports (NaN ignored; +∞ when all are NaN). */
function bestSoFar(trial: FrozenTrial, reader: ObjectiveReader): number {
  let best = Number.POSITIVE_INFINITY;
  for (const key in trial.intermediateValues) {
    const v = reader.score(trial.intermediateValues[Number(key)] as IntermediateValue);
    if (v < best) best = v;
  }
  return best;
}

/** Whether `own`'s non-dominated rank among `own` and `others` is worse than the percentile of theirs. */
function paretoWorse(own: number[], others: number[][], q: number): boolean {
  const minimize = own.map(() => "minimize" as const);
  const ranks = nonDominatedSort([...others, own], minimize);
  const ownRank = ranks[others.length] as number;
  return ownRank > percentile(ranks.subarray(0, others.length), q);
}

/**
 * Prunes a trial whose best value so far is worse than the median of the values COMPLETE trials
 * reported at the same step: {@link PercentilePruner} at 50 (Optuna's MedianPruner, same defaults:
 * nStartupTrials 5, nWarmupSteps 0, intervalSteps 1, nMinTrials 1).
 * @example
 * const study = await createStudy({ pruner: new MedianPruner({ nWarmupSteps: 5 }) });
 */
export class MedianPruner extends PercentilePruner {
  override readonly name: string = "median";

  constructor(options: MedianPrunerOptions = {}) {
    super({ ...optionsObject("MedianPruner", options, MEDIAN_PRUNER_KEYS), percentile: 50 }, "MedianPruner");
  }

  /** `{ name: "median", options }`. */
  override toJSON(): PluginConfig {
    return { name: this.name, options: this.commonJson() };
  }
}

registerPruner(
  "percentile",
  (options) => new PercentilePruner(knownOptions('pruner "percentile"', options, PERCENTILE_PRUNER_KEYS)),
);
registerPruner(
  "median",
  (options) => new MedianPruner(knownOptions('pruner "median"', options, MEDIAN_PRUNER_KEYS)),
);
