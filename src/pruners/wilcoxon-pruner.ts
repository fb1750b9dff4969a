import { InvalidArgumentError } from "../errors.js";
import { wilcoxonSignedRank } from "../math/wilcoxon.js";
import { type KnownKeys, knownOptions } from "../options/option-keys.js";
import type { PluginConfig } from "../storage/storage.js";
import type { StudyView } from "../study/study-view.js";
import { type FrozenTrial, type IntermediateValue, isFeasible } from "../trial/frozen-trial.js";
import { ObjectiveReader } from "./objective-reader.js";
import {
  intOption,
  numberOption,
  type ObjectiveOptions,
  objectiveJson,
  objectiveOptions,
  optionsObject,
  type ResolvedObjectiveOptions,
} from "./options.js";
import { type PruneContext, type Pruner, registerPruner } from "./pruner.js";

/** Options of {@link WilcoxonPruner}. */
export interface WilcoxonPrunerOptions extends Omit<ObjectiveOptions, "directions"> {
  /** Prune when the one-sided p-value that the trial is worse than the best is below this (default 0.1). */
  readonly pThreshold?: number;
  /** No pruning until the trial and the best share this many steps (default 2). */
  readonly nStartupSteps?: number;
}

/** The keys of {@link WilcoxonPrunerOptions}, checked at runtime (JavaScript callers have no types). */
export const WILCOXON_PRUNER_KEYS = {
  objective: true,
  direction: true,
  pThreshold: true,
  nStartupSteps: true,
} satisfies KnownKeys<WilcoxonPrunerOptions>;

/**
 * For objectives that aggregate many evaluations (k-fold cross-validation, a benchmark of instances):
 * each step is one instance, identified by its step number across trials, and the trial is pruned when a
 * one-sided Wilcoxon signed-rank test over the instances it shares with the best trial says it is worse
 * with p < pThreshold (as Optuna's WilcoxonPruner). Report instances in a shuffled order so early ones are
 * not all easy.
 *
 * - The best trial: the best COMPLETE feasible trial by the chosen objective's final value; when the
 *   objective is a reported metric that is not one of the study's objectives, by the mean of its reports.
 * - Safety (as Optuna): no pruning while the trial's mean report so far is at least as good as the
 *   best trial's value, whatever the test says.
 * - Zero differences are split between the signs (zsplit), so identical values do not break the test.
 * - NaN counts as worst: a NaN report differs from the best's value by +∞ (two NaNs: no difference).
 *   Optuna instead never prunes a trial that reported NaN or ±∞.
 * - objective "pareto" is not supported (the test is on one value per instance).
 * @example
 * const study = await createStudy({ pruner: new WilcoxonPruner({ pThreshold: 0.1 }) });
 * // in the objective: for (const i of shuffled) { trial.report(loss(i), i); if (await trial.shouldPrune()) ... }
 */
export class WilcoxonPruner implements Pruner {
  readonly name = "wilcoxon";
  readonly readsStudy = true;
  private readonly pThreshold: number;
  private readonly nStartupSteps: number;
  private readonly objective: ResolvedObjectiveOptions;

  constructor(options: WilcoxonPrunerOptions = {}) {
    const o = optionsObject("WilcoxonPruner", options, WILCOXON_PRUNER_KEYS);
    this.pThreshold = numberOption("WilcoxonPruner", "pThreshold", o.pThreshold, 0.1, 0, 1);
    this.nStartupSteps = intOption("WilcoxonPruner", "nStartupSteps", o.nStartupSteps, 2, 0);
    this.objective = objectiveOptions("WilcoxonPruner", o);
    if (this.objective.objective === "pareto") {
      throw new InvalidArgumentError(
        'WilcoxonPruner: objective "pareto" is not supported: the signed-rank test compares one value per instance. Pick an index or a metric name.',
        { name: "objective", value: "pareto" },
      );
    }
  }

  /** Whether the trial is significantly worse than the best trial on their common steps. */
  prune(ctx: PruneContext): boolean {
    const { trial, study } = ctx;
    if (Object.keys(trial.intermediateValues).length === 0) return false;
    const reader = ObjectiveReader.of("WilcoxonPruner", this.objective, study);
    const own = scores(trial, reader);
    const best = bestTrial(study, reader, trial.number);
    if (best === null) return false;
    const theirs = scores(best.trial, reader);
    const d: number[] = [];
    for (const [step, v] of own) {
      const b = theirs.get(step);
      if (b !== undefined) d.push(v === b ? 0 : v - b);
    }
    if (d.length === 0 || d.length < this.nStartupSteps) return false;
    let sum = 0;
    for (const v of own.values()) sum += v;
    if (best.value >= sum / own.size) return false;
    const { pValue } = wilcoxonSignedRank(d, { alternative: "greater", zeroMethod: "zsplit" });
    return pValue < this.pThreshold;
  }

  /** `{ name: "wilcoxon", options: { pThreshold, nStartupSteps, ... } }`. */
  toJSON(): PluginConfig {
    return {
      name: this.name,
      options: {
        pThreshold: this.pThreshold,
        nStartupSteps: this.nStartupSteps,
        ...objectiveJson(this.objective),
      },
    };
  }
}

/** Minimized score by step, NaN as +∞ (worst). */
function scores(trial: FrozenTrial, reader: ObjectiveReader): Map<number, number> {
  const out = new Map<number, number>();
  for (const key in trial.intermediateValues) {
    const v = reader.score(trial.intermediateValues[Number(key)] as IntermediateValue);
    out.set(Number(key), Number.isNaN(v) ? Number.POSITIVE_INFINITY : v);
  }
  return out;
}

/** The best COMPLETE feasible trial other than `exclude`, with its minimized value; null when none. */
function bestTrial(
  study: StudyView,
  reader: ObjectiveReader,
  exclude: number,
): { trial: FrozenTrial; value: number } | null {
  const index = reader.objectiveIndex;
  let best: { trial: FrozenTrial; value: number } | null = null;
  for (const t of study.trialsInStates(["COMPLETE"])) {
    if (t.number === exclude || !isFeasible(t)) continue;
    const final = index === null ? undefined : t.values?.[index];
    const value =
      index === null ? meanScore(t, reader) : final === undefined ? Number.NaN : reader.score(final);
    if (Number.isNaN(value)) continue;
    if (best === null || value < best.value) best = { trial: t, value };
  }
  return best;
}

function meanScore(t: FrozenTrial, reader: ObjectiveReader): number {
  const s = scores(t, reader);
  if (s.size === 0) return Number.NaN;
  let sum = 0;
  for (const v of s.values()) sum += v;
  return sum / s.size;
}

registerPruner(
  "wilcoxon",
  (options) => new WilcoxonPruner(knownOptions('pruner "wilcoxon"', options, WILCOXON_PRUNER_KEYS)),
);
