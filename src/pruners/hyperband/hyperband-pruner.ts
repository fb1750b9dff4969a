import { InvalidArgumentError } from "../../errors.js";
import { type KnownKeys, knownOptions } from "../../options/option-keys.js";
import type { PluginConfig } from "../../storage/storage.js";
import type { StudyView } from "../../study/study-view.js";
import { type FrozenTrial, lastIntermediate } from "../../trial/frozen-trial.js";
import { ObjectiveReader } from "../objective-reader.js";
import {
  intOption,
  OBJECTIVE_KEYS,
  type ObjectiveOptions,
  objectiveJson,
  objectiveOptions,
  optionsObject,
  type ResolvedObjectiveOptions,
} from "../options.js";
import { type PruneContext, type Pruner, registerPruner } from "../pruner.js";
import { RungLadder } from "../successive-halving/rung-ladder.js";
import { sharedSetting } from "../successive-halving/shared-setting.js";
import { maxLastStep } from "../successive-halving/successive-halving-pruner.js";
import { type BracketLayout, bracketLayout, bracketOf } from "./brackets.js";

/** Options of {@link HyperbandPruner}. */
export interface HyperbandPrunerOptions extends ObjectiveOptions {
  /** r ≥ 1 (default 1): the step of bracket 0's first rung. */
  readonly minResource?: number;
  /**
   * R: the last step a trial reports (e.g. the number of epochs), or "auto" (default): the largest last
   * step + 1 among the COMPLETE trials when the first worker computes it, then fixed for the study.
   * No bracket and no pruning before then.
   */
  readonly maxResource?: number | "auto";
  /** η ≥ 2 (default 3). */
  readonly reductionFactor?: number;
  /** See SuccessiveHalvingPruner's bootstrapCount (default 0; needs a fixed maxResource). */
  readonly bootstrapCount?: number;
}

/** The keys of {@link HyperbandPrunerOptions}, checked at runtime (JavaScript callers have no types). */
export const HYPERBAND_PRUNER_KEYS = {
  ...OBJECTIVE_KEYS,
  minResource: true,
  maxResource: true,
  reductionFactor: true,
  bootstrapCount: true,
} satisfies KnownKeys<HyperbandPrunerOptions>;

/**
 * Hyperband (Li et al. 2018) over asynchronous successive halving, as Optuna's HyperbandPruner:
 * ⌊log_η(R/r)⌋ + 1 brackets, bracket b a successive halving with early-stopping rate b (bracket 0
 * prunes most aggressively, the last hardly at all), trials spread over brackets in proportion to their
 * Hyperband budgets. A trial's bracket is a pure function of the study name and trial number (see
 * `bracketOf`), so it needs no write and every process agrees. Each bracket keeps its own rungs in the
 * state records, and `samplerFilter` shows the sampler only the trial's own bracket, so any sampler works
 * inside Hyperband (each bracket is its own population: a model-based sampler needs its startup trials
 * in every bracket).
 *
 * Pruning, NaN and objective "pareto" behave as in SuccessiveHalvingPruner.
 * @example
 * const study = await createStudy({ pruner: new HyperbandPruner({ minResource: 1, maxResource: 81, reductionFactor: 3 }) });
 */
export class HyperbandPruner implements Pruner {
  readonly name = "hyperband";
  readonly readsStudy: boolean;
  private readonly minResource: number;
  private readonly maxResource: number | "auto";
  private readonly reductionFactor: number;
  private readonly bootstrapCount: number;
  private readonly objective: ResolvedObjectiveOptions;
  private readonly ladder = new RungLadder();
  private readonly fixedLayout: BracketLayout | null;
  private readonly layouts = new Map<string, BracketLayout>();
  private readonly brackets = new Map<string, Map<number, number>>();

  constructor(options: HyperbandPrunerOptions = {}) {
    const label = "HyperbandPruner";
    const o = optionsObject(label, options, HYPERBAND_PRUNER_KEYS);
    this.minResource = intOption(label, "minResource", o.minResource, 1, 1);
    this.maxResource =
      o.maxResource === undefined || o.maxResource === "auto"
        ? "auto"
        : intOption(label, "maxResource", o.maxResource, this.minResource, this.minResource);
    this.reductionFactor = intOption(label, "reductionFactor", o.reductionFactor, 3, 2);
    this.bootstrapCount = intOption(label, "bootstrapCount", o.bootstrapCount, 0, 0);
    if (this.bootstrapCount > 0 && this.maxResource === "auto") {
      throw new InvalidArgumentError(
        `${label}: bootstrapCount > 0 needs a fixed maxResource, but maxResource is "auto". Give maxResource as the last step trials report.`,
        { name: "bootstrapCount", value: this.bootstrapCount },
      );
    }
    this.objective = objectiveOptions(label, o);
    this.readsStudy = this.maxResource === "auto";
    this.fixedLayout =
      this.maxResource === "auto"
        ? null
        : bracketLayout(this.minResource, this.maxResource, this.reductionFactor);
  }

  /**
   * The bracket of trial `number` in study `studyName`, or null while "auto" has not fixed the maximum
   * resource in this process (it is fixed by `beforeTrial` and `prune`).
   * @example
   * pruner.bracketOf(study.studyName, trial.number); // 0 .. brackets − 1
   */
  bracketOf(studyName: string, number: number): number | null {
    const layout = this.fixedLayout ?? this.layouts.get(studyName);
    if (layout === undefined) return null;
    let byNumber = this.brackets.get(studyName);
    if (byNumber === undefined) {
      byNumber = new Map();
      this.brackets.set(studyName, byNumber);
    }
    let b = byNumber.get(number);
    if (b === undefined) {
      b = bracketOf(layout, studyName, number);
      byNumber.set(number, b);
    }
    return b;
  }

  /** Fixes the maximum resource ("auto") when it can, so the sampler sees the trial's bracket. */
  async beforeTrial(ctx: PruneContext): Promise<void> {
    await this.layout(ctx.study);
  }

  /** Only the trials of the trial's own bracket; null (everything) before the brackets exist. */
  samplerFilter(ctx: PruneContext): ((t: FrozenTrial) => boolean) | null {
    const name = ctx.study.studyName;
    const own = this.bracketOf(name, ctx.trial.number);
    if (own === null) return null;
    return (t) => this.bracketOf(name, t.number) === own;
  }

  /** Successive halving within the trial's bracket. */
  async prune(ctx: PruneContext): Promise<boolean> {
    if (lastIntermediate(ctx.trial) === undefined) return false;
    const layout = await this.layout(ctx.study);
    if (layout === null) return false;
    const bracket = this.bracketOf(ctx.study.studyName, ctx.trial.number) as number;
    const reader = ObjectiveReader.of("HyperbandPruner", this.objective, ctx.study);
    return this.ladder.climb(
      ctx.study,
      ctx.trial,
      {
        minResource: this.minResource,
        reductionFactor: this.reductionFactor,
        minEarlyStoppingRate: bracket,
        bootstrapCount: this.bootstrapCount,
        keyPrefix: `hyperband[${JSON.stringify(this.objective.objective)}]/${layout.count}/b${bracket}`,
      },
      reader,
    );
  }

  /** `{ name: "hyperband", options }`. */
  toJSON(): PluginConfig {
    return {
      name: this.name,
      options: {
        minResource: this.minResource,
        maxResource: this.maxResource,
        reductionFactor: this.reductionFactor,
        bootstrapCount: this.bootstrapCount,
        ...objectiveJson(this.objective),
      },
    };
  }

  private async layout(study: StudyView): Promise<BracketLayout | null> {
    if (this.fixedLayout !== null) return this.fixedLayout;
    const known = this.layouts.get(study.studyName);
    if (known !== undefined) return known;
    const max = await sharedSetting(study.state, "hyperband:maxResource", () => {
      const last = maxLastStep(study);
      return last === null ? null : last + 1;
    });
    if (max === null) return null;
    const layout = bracketLayout(this.minResource, Math.max(max, this.minResource), this.reductionFactor);
    this.layouts.set(study.studyName, layout);
    return layout;
  }
}

registerPruner(
  "hyperband",
  (options) => new HyperbandPruner(knownOptions('pruner "hyperband"', options, HYPERBAND_PRUNER_KEYS)),
);
