import { InvalidArgumentError } from "../../errors.js";
import { type KnownKeys, knownOptions } from "../../options/option-keys.js";
import type { PluginConfig } from "../../storage/storage.js";
import type { StudyView } from "../../study/study-view.js";
import { lastIntermediate } from "../../trial/frozen-trial.js";
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
import { RungLadder } from "./rung-ladder.js";
import { sharedSetting } from "./shared-setting.js";

/** Options of {@link SuccessiveHalvingPruner}. */
export interface SuccessiveHalvingPrunerOptions extends ObjectiveOptions {
  /**
   * r, the step of the first rung (times η^s): an integer ≥ 1, or "auto" (default): once a trial is
   * COMPLETE, max(1, ⌊its last step / 100⌋), fixed for the study by the first worker to compute it
   * (as Optuna, which uses the COMPLETE trials of the moment). No pruning before then.
   */
  readonly minResource?: number | "auto";
  /** η ≥ 2 (default 4): each rung keeps the best 1/η. */
  readonly reductionFactor?: number;
  /** s ≥ 0 (default 0): the first rung sits at step r·η^s. */
  readonly minEarlyStoppingRate?: number;
  /** The first this-many trials to reach a rung stop there, only seeding it (default 0; needs a fixed minResource). */
  readonly bootstrapCount?: number;
}

/** The keys of {@link SuccessiveHalvingPrunerOptions}, checked at runtime (JavaScript callers have no types). */
export const SUCCESSIVE_HALVING_PRUNER_KEYS = {
  ...OBJECTIVE_KEYS,
  minResource: true,
  reductionFactor: true,
  minEarlyStoppingRate: true,
  bootstrapCount: true,
} satisfies KnownKeys<SuccessiveHalvingPrunerOptions>;

/**
 * Asynchronous successive halving (ASHA; Li et al. 2018) in its stopping form, as Optuna's
 * SuccessiveHalvingPruner and Ray Tune's ASHA scheduler: rungs sit at steps r·η^(s+k), k = 0, 1, ...;
 * a trial reaching a rung records its value there and continues only if it is in the best 1/η of the
 * values recorded at that rung so far (the first arrivals are kept while fewer than η have arrived: the
 * best so far continues). There is no maximum resource: the objective decides when a trial is done.
 *
 * Rungs live in the study's compare-and-set state records (one per rung), so concurrent trials, several
 * Study objects and several processes or machines share them, and each decision sees exactly the values
 * recorded before it. A NaN value at a rung prunes.
 *
 * objective "pareto": values at a rung are whole reports, and a trial continues when fewer than
 * max(1, ⌊n/η⌋) of the n recorded reports lie on a strictly better non-dominated front than its own.
 * @example
 * const study = await createStudy({ pruner: new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 3 }) });
 */
export class SuccessiveHalvingPruner implements Pruner {
  readonly name = "successive-halving";
  readonly readsStudy: boolean;
  private readonly minResource: number | "auto";
  private readonly reductionFactor: number;
  private readonly minEarlyStoppingRate: number;
  private readonly bootstrapCount: number;
  private readonly objective: ResolvedObjectiveOptions;
  private readonly ladder = new RungLadder();
  private readonly autoMinResource = new Map<string, number>();

  constructor(options: SuccessiveHalvingPrunerOptions = {}) {
    const label = "SuccessiveHalvingPruner";
    const o = optionsObject(label, options, SUCCESSIVE_HALVING_PRUNER_KEYS);
    this.minResource =
      o.minResource === undefined || o.minResource === "auto"
        ? "auto"
        : intOption(label, "minResource", o.minResource, 1, 1);
    this.reductionFactor = intOption(label, "reductionFactor", o.reductionFactor, 4, 2);
    this.minEarlyStoppingRate = intOption(label, "minEarlyStoppingRate", o.minEarlyStoppingRate, 0, 0);
    this.bootstrapCount = intOption(label, "bootstrapCount", o.bootstrapCount, 0, 0);
    if (this.bootstrapCount > 0 && this.minResource === "auto") {
      throw new InvalidArgumentError(
        `${label}: bootstrapCount > 0 needs a fixed minResource, but minResource is "auto". Give minResource as an integer ≥ 1.`,
        { name: "bootstrapCount", value: this.bootstrapCount },
      );
    }
    this.objective = objectiveOptions(label, o);
    this.readsStudy = this.minResource === "auto";
  }

  /** Whether the trial reached a rung where it is not among the best 1/η (see the class comment). */
  async prune(ctx: PruneContext): Promise<boolean> {
    if (lastIntermediate(ctx.trial) === undefined) return false;
    const minResource = await this.resolveMinResource(ctx.study);
    if (minResource === null) return false;
    const reader = ObjectiveReader.of("SuccessiveHalvingPruner", this.objective, ctx.study);
    return this.ladder.climb(
      ctx.study,
      ctx.trial,
      {
        minResource,
        reductionFactor: this.reductionFactor,
        minEarlyStoppingRate: this.minEarlyStoppingRate,
        bootstrapCount: this.bootstrapCount,
        keyPrefix: `successive-halving[${JSON.stringify(this.objective.objective)}]`,
      },
      reader,
    );
  }

  /** `{ name: "successive-halving", options }`. */
  toJSON(): PluginConfig {
    return {
      name: this.name,
      options: {
        minResource: this.minResource,
        reductionFactor: this.reductionFactor,
        minEarlyStoppingRate: this.minEarlyStoppingRate,
        bootstrapCount: this.bootstrapCount,
        ...objectiveJson(this.objective),
      },
    };
  }

  private async resolveMinResource(study: StudyView): Promise<number | null> {
    if (this.minResource !== "auto") return this.minResource;
    const known = this.autoMinResource.get(study.studyName);
    if (known !== undefined) return known;
    const value = await sharedSetting(study.state, "successive-halving:minResource", () => {
      const last = maxLastStep(study);
      return last === null ? null : Math.max(1, Math.floor(last / 100));
    });
    if (value !== null) this.autoMinResource.set(study.studyName, value);
    return value;
  }
}

/**
 * The largest last reported step among the study's COMPLETE trials; null when none reported.
 * @example
 * maxLastStep(ctx.study); // 99 after a COMPLETE trial reported steps 0..99
 */
export function maxLastStep(study: StudyView): number | null {
  let max: number | null = null;
  for (const t of study.trialsInStates(["COMPLETE"])) {
    const last = lastIntermediate(t);
    if (last !== undefined && (max === null || last.step > max)) max = last.step;
  }
  return max;
}

registerPruner(
  "successive-halving",
  (options) =>
    new SuccessiveHalvingPruner(
      knownOptions('pruner "successive-halving"', options, SUCCESSIVE_HALVING_PRUNER_KEYS),
    ),
);
