import { InvalidArgumentError } from "../../errors.js";
import { log } from "../../logging/logger.js";
import { randomSeed } from "../../math/rng.js";
import { checkOptionKeys, type KnownKeys } from "../../options/option-keys.js";
import type { Distribution, SearchSpace } from "../../search-space/distribution.js";
import { IntersectionSearchSpace } from "../../search-space/intersection.js";
import type { PluginConfig } from "../../storage/storage.js";
import type { StudyView } from "../../study/study-view.js";
import { sampleUniform } from "../random/random-sampler.js";
import { registerSampler, type Sampler, type SamplerContext } from "../sampler.js";
import { claimQmcIndex } from "./qmc-counter.js";
import {
  maxQmcDimension,
  QMC_TYPES,
  type QmcSequenceKey,
  type QmcType,
  qmcSequence,
  unitToInternal,
} from "./qmc-sequence.js";

export { QMC_STATE_KEY, type QmcCounterState, readQmcCounter } from "./qmc-counter.js";
export { QMC_TYPES, type QmcType, unitToInternal } from "./qmc-sequence.js";

/** Options of {@link QMCSampler}. */
export interface QMCSamplerOptions {
  /** The sequence: scrambled-or-not Sobol (default, Joe & Kuo direction numbers) or Halton. */
  readonly qmcType?: QmcType;
  /** Scramble the sequence (default true): Sobol by LMS + digital shift, Halton by digit permutations. */
  readonly scramble?: boolean;
  /** Seed of the scrambling and of the independent draws; a random one when omitted (recorded in `toJSON()`). */
  readonly seed?: number;
  /** Log a warning (once per parameter) when a parameter is sampled at random, off the sequence. Default true. */
  readonly warnIndependentSampling?: boolean;
}

/** The keys of {@link QMCSamplerOptions}, checked at runtime (JavaScript callers have no types). */
export const QMC_SAMPLER_KEYS = {
  qmcType: true,
  scramble: true,
  seed: true,
  warnIndependentSampling: true,
} satisfies KnownKeys<QMCSamplerOptions>;

/** What {@link claimQmcPoint} needs. */
export interface QmcPointRequest {
  /** The study whose shared sequence record the point is claimed from. */
  readonly study: StudyView;
  /** The parameters to give values; coordinate j goes to the j-th name in sorted order. */
  readonly searchSpace: SearchSpace;
  /** The sequence to start if the study has none yet. Default "sobol". */
  readonly qmcType?: QmcType;
  /** Default true. */
  readonly scramble?: boolean;
  readonly seed: number;
}

/** A point of the study's sequence, mapped onto a search space. */
export interface QmcPoint {
  /** Internal values by parameter name (the first {@link maxQmcDimension} names in sorted order). */
  readonly values: Record<string, number>;
  /** The claimed index, or null when the search space is empty (nothing is claimed then). */
  readonly index: number | null;
  /** The sequence the study follows (fixed by its first claim). */
  readonly key: QmcSequenceKey | null;
}

/**
 * Claims the next point of the study's shared low-discrepancy sequence (one index per call, never twice
 * across workers) and maps it onto `searchSpace`. Model-based samplers use it for their start-up trials,
 * so that start-up covers the space evenly: call it from `sampleRelative` while the history is short.
 * @example
 * // in a sampler's sampleRelative, during start-up:
 * const { values } = await claimQmcPoint({ study: ctx.study, searchSpace: ctx.searchSpace, seed: this.seed });
 * return values;
 */
export async function claimQmcPoint(request: QmcPointRequest): Promise<QmcPoint> {
  const proposed: QmcSequenceKey = {
    qmcType: request.qmcType ?? "sobol",
    scramble: request.scramble ?? true,
    seed: request.seed,
  };
  const names = Object.keys(request.searchSpace).sort();
  if (names.length === 0) return { values: {}, index: null, key: null };
  const { study } = request;
  const { index, key } = await claimQmcIndex(study.state, study.studyName, proposed);
  const used = names.slice(0, maxQmcDimension(key.qmcType));
  const point = qmcSequence(key, used.length).point(index);
  const values: Record<string, number> = {};
  used.forEach((name, j) => {
    values[name] = unitToInternal(request.searchSpace[name] as Distribution, point[j] as number);
  });
  return { values, index, key };
}

/**
 * Quasi-Monte Carlo search: each trial takes the next point of one scrambled Sobol (or Halton) sequence,
 * which covers the space more evenly than random points, so it is a better baseline and start-up for
 * model-based samplers at the same cost.
 *
 * - The first trial has no history: its parameters are drawn at random. From then on the parameters that
 *   every finished (COMPLETE or PRUNED) trial has, with the same distribution, form the relative search
 *   space; each trial maps one sequence point onto it (coordinate j → the j-th name in sorted order; floats
 *   on their linear or log scale, steps and integers in equal shares, a categorical choice as floor(u·n)).
 * - Parameters outside that space (conditional branches, parameters added later) are drawn at random,
 *   with a warning once per parameter unless `warnIndependentSampling` is false.
 * - Point indices come from a counter in the study's compare-and-set state record (`"sampler:qmc"`), so
 *   concurrent trials, processes and machines sharing a storage follow ONE sequence without repeating a
 *   point, and a resumed study continues where it stopped. The first claim fixes the study's sequence
 *   (type, scrambling, seed); samplers configured otherwise follow the stored one, with a warning.
 * - An enqueued trial that fixes every relative parameter claims no point.
 * @example
 * const study = await createStudy({ sampler: new QMCSampler({ seed: 42 }) });
 * await study.optimize((t) => (t.suggestFloat("x", -5, 5) - 1) ** 2, { nTrials: 64 });
 */
export class QMCSampler implements Sampler {
  readonly name = "qmc";
  readonly seed: number;
  readonly capabilities = { multiObjective: true, constraints: false } as const;
  readonly qmcType: QmcType;
  readonly scramble: boolean;
  readonly warnIndependentSampling: boolean;
  private readonly warned = new Set<string>();
  /** Per study name: the relative search space, updated with each new finished trial. */
  private readonly intersections = new Map<string, IntersectionSearchSpace>();

  constructor(options: QMCSamplerOptions = {}) {
    if (options === null || typeof options !== "object") {
      throw new InvalidArgumentError(
        `QMCSampler: options must be an object such as { qmcType: "sobol", seed: 42 }, but got ${String(options)}.`,
      );
    }
    checkOptionKeys("QMCSampler", options, QMC_SAMPLER_KEYS);
    const qmcType = options.qmcType ?? "sobol";
    if (!(QMC_TYPES as readonly string[]).includes(qmcType)) {
      throw new InvalidArgumentError(
        `QMCSampler: qmcType must be one of ${QMC_TYPES.map((t) => `"${t}"`).join(", ")}, but got ${JSON.stringify(qmcType)}.`,
        { name: "qmcType", value: qmcType },
      );
    }
    if (options.seed !== undefined && !Number.isInteger(options.seed)) {
      throw new InvalidArgumentError(`QMCSampler: seed must be an integer, but got ${options.seed}.`, {
        name: "seed",
        value: options.seed,
      });
    }
    this.qmcType = qmcType;
    this.scramble = options.scramble ?? true;
    this.seed = options.seed ?? randomSeed();
    this.warnIndependentSampling = options.warnIndependentSampling ?? true;
  }

  /** The parameters every finished trial has (sorted by name, at most the sequence's dimensions). */
  inferRelativeSearchSpace(ctx: SamplerContext): SearchSpace {
    let intersection = this.intersections.get(ctx.study.studyName);
    if (intersection === undefined) {
      intersection = new IntersectionSearchSpace();
      this.intersections.set(ctx.study.studyName, intersection);
    }
    const space = intersection.calculate(ctx.study.trials);
    const names = Object.keys(space);
    const max = maxQmcDimension(this.qmcType);
    if (names.length <= max) return space;
    return Object.fromEntries(names.slice(0, max).map((name) => [name, space[name] as Distribution]));
  }

  /** The next point of the study's sequence, mapped onto `searchSpace`. */
  async sampleRelative(
    ctx: SamplerContext & { readonly searchSpace: SearchSpace },
  ): Promise<Record<string, number>> {
    const { searchSpace, trial, study } = ctx;
    if (Object.keys(searchSpace).every((name) => name in trial.params)) return {};
    const { values, key } = await claimQmcPoint({
      study,
      searchSpace,
      qmcType: this.qmcType,
      scramble: this.scramble,
      seed: this.seed,
    });
    if (key !== null && (key.qmcType !== this.qmcType || key.scramble !== this.scramble)) {
      this.warnOnce(
        "\u0000sequence",
        `QMCSampler: study "${study.studyName}" follows the ${key.scramble ? "scrambled" : "unscrambled"} ${key.qmcType} sequence its first trial started, not this sampler's ${this.scramble ? "scrambled" : "unscrambled"} ${this.qmcType}: workers of one study share one sequence. Use a new study to change the sequence.`,
      );
    }
    return values;
  }

  /** A uniform draw (the first trial, and parameters outside the relative search space). */
  sampleIndependent(
    ctx: SamplerContext & { readonly name: string; readonly distribution: Distribution },
  ): number {
    if (this.warnIndependentSampling && hasFinishedTrial(ctx.study)) {
      this.warnOnce(
        ctx.name,
        `QMCSampler: parameter "${ctx.name}" (trial ${ctx.trial.number}) is sampled at random, not from the QMC sequence, because not every finished trial has it with this distribution (a conditional parameter, or one whose range changed). Pass warnIndependentSampling: false to silence this warning.`,
      );
    }
    return sampleUniform(ctx.distribution, ctx.rng);
  }

  /** `{ name: "qmc", options: { qmcType, scramble, seed, warnIndependentSampling } }`. */
  toJSON(): PluginConfig {
    return {
      name: this.name,
      options: {
        qmcType: this.qmcType,
        scramble: this.scramble,
        seed: this.seed,
        warnIndependentSampling: this.warnIndependentSampling,
      },
    };
  }

  private warnOnce(key: string, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    log("warning", message);
  }
}

function hasFinishedTrial(study: StudyView): boolean {
  return study.trials.some((t) => t.state === "COMPLETE" || t.state === "PRUNED");
}

registerSampler(
  "qmc",
  (options) =>
    new QMCSampler({
      qmcType: options.qmcType as QmcType | undefined,
      scramble: options.scramble as boolean | undefined,
      seed: options.seed as number | undefined,
      warnIndependentSampling: options.warnIndependentSampling as boolean | undefined,
    }),
);
