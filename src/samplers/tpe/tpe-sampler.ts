import { InvalidArgumentError } from "../../errors.js";
import { log } from "../../logging/logger.js";
import { Rng, randomSeed } from "../../math/rng.js";
import { checkOptionKeys, type KnownKeys, knownOptions } from "../../options/option-keys.js";
import type { Distribution, SearchSpace } from "../../search-space/distribution.js";
import type { PluginConfig } from "../../storage/storage.js";
import type { StudyView } from "../../study/study-view.js";
import type { TrialColumns } from "../../study/trial-columns.js";
import type { JsonValue } from "../../trial/frozen-trial.js";
import { claimQmcPoint } from "../qmc/qmc-sampler.js";
import { sampleUniform } from "../random/random-sampler.js";
import { type IndependentSample, registerSampler, type Sampler, type SamplerContext } from "../sampler.js";
import { InFlightProposals } from "./constant-liar.js";
import { multiObjectiveBelowWeights } from "./multi-objective-split.js";
import type { ParzenOptions } from "./parzen-estimator.js";
import { rankedValues, type SpaceInput, sampleSpace } from "./sample-space.js";
import { splitTrials } from "./split.js";
import { TrialHistory } from "./trial-history.js";
import { isDiscrete } from "./tried-configurations.js";
import { bestUntried } from "./untried-combination.js";
import {
  GAMMAS,
  type GammaFunction,
  type GammaName,
  gammaByName,
  WEIGHTS,
  type WeightsFunction,
  type WeightsName,
  weightsByName,
} from "./weights.js";

/** How TPE samples before it has `nStartupTrials` finished trials. */
export const TPE_STARTUPS = ["random", "qmc"] as const;
/** One of {@link TPE_STARTUPS}. */
export type TpeStartup = (typeof TPE_STARTUPS)[number];

/** Options of {@link TPESampler}; every one has a default (see the class). */
export interface TPESamplerOptions {
  readonly seed?: number;
  readonly multivariate?: boolean;
  readonly group?: boolean;
  readonly nStartupTrials?: number;
  readonly startup?: TpeStartup;
  readonly nEiCandidates?: number;
  readonly gamma?: GammaName | GammaFunction;
  readonly weights?: WeightsName | WeightsFunction;
  readonly priorWeight?: number;
  readonly considerMagicClip?: boolean;
  readonly considerEndpoints?: boolean;
  readonly constantLiar?: boolean;
  readonly avoidDuplicates?: boolean;
  readonly warnIndependentSampling?: boolean;
  readonly approximateAbove?: number | null;
}

/** The keys of {@link TPESamplerOptions}, checked at runtime (JavaScript callers have no types). */
export const TPE_SAMPLER_KEYS = {
  seed: true,
  multivariate: true,
  group: true,
  nStartupTrials: true,
  startup: true,
  nEiCandidates: true,
  gamma: true,
  weights: true,
  priorWeight: true,
  considerMagicClip: true,
  considerEndpoints: true,
  constantLiar: true,
  avoidDuplicates: true,
  warnIndependentSampling: true,
  approximateAbove: true,
} satisfies KnownKeys<TPESamplerOptions>;

const STATE_RUNNING = 1;
/** Default of `approximateAbove`. */
const DEFAULT_ABOVE_LIMIT = 2000;

/** The split of one trial's view, reused by every parameter the trial samples. */
interface Prepared {
  readonly cols: TrialColumns;
  readonly rows: number;
  readonly finished: number;
  readonly trialNumber: number;
  readonly below: Int32Array;
  readonly above: Int32Array;
  readonly belowWeights: Float64Array | null;
}

/**
 * Tree-structured Parzen Estimator (Bergstra et al. 2011; Watanabe 2023). After a random start, each
 * trial splits the finished trials into the best few ("below") and the rest ("above"), fits a Parzen
 * estimator l(x) to the first and g(x) to the second, draws candidates from l and keeps the one that
 * maximises log l(x) − log g(x).
 *
 * | option | default | meaning |
 * |---|---|---|
 * | `seed` | random (recorded in `toJSON()`) | seed of every trial's streams |
 * | `multivariate` | `true` | one joint estimator over the parameters every trial has (Optuna v5's default); `false`: one estimator per parameter |
 * | `group` | `false` | with `multivariate`: split the space into groups of parameters that always occur together (conditional spaces), one joint estimator per group |
 * | `nStartupTrials` | `10` | finished (COMPLETE or PRUNED) trials before TPE starts; until then parameters are drawn as by `startup` |
 * | `startup` | `"random"` | how the start-up trials are drawn: uniformly at random, as `RandomSampler`; `"qmc"`: from the study's shared scrambled Sobol sequence over the parameters every finished trial has (the first trial, and parameters outside that space, at random) |
 * | `nEiCandidates` | `24` | candidates drawn from l(x) per sampling step |
 * | `gamma` | `"default"`: min(⌈0.1·n⌉, 25) | size of the below group for n finished trials; `"hyperopt"`: min(⌈¼√n⌉, 25), or a function |
 * | `weights` | `"default"`: newest 25 weigh 1, older ones ramp from 1/n up | observation weights in trial order; `"uniform"`, or a function |
 * | `priorWeight` | `1.0` | weight of the prior component (centre of each range with the range as width; uniform over choices) |
 * | `considerMagicClip` | `true` | kernel widths at least range / min(100, n + 2) |
 * | `considerEndpoints` | `false` | let the range's ends widen the outermost univariate kernels |
 * | `constantLiar` | `false` | treat running trials (their flushed params, and this process's unflushed proposals) as worst, so parallel workers spread out |
 * | `avoidDuplicates` | `true` | in a space of ints, stepped floats and categoricals only, propose no configuration another trial (finished, running or enqueued; not failed) already has: the best untried candidate instead, or, if all 24 are tried, the best untried of 8 × 24 more; `false`: as Optuna, which proposes repeats (useful to re-measure a noisy objective) |
 * | `warnIndependentSampling` | `true` | with `multivariate`, log a warning (once per parameter) when a known parameter is sampled on its own |
 * | `approximateAbove` | `2000` | past this many "above" observations, g(x) keeps the newest half as they are and every k-th older one (weighted k), for speed with long histories; `null`: always exact |
 *
 * Details as in Optuna 4.9: ints and stepped floats use discretized kernels on their grid, log-scaled
 * parameters are modelled in log space (a log-scaled int v by its density at log v, where Optuna 4.9
 * takes the mass of [log(v − ½), log(v + ½)]), univariate kernel widths come from the gaps between
 * neighbouring observations, categoricals use a kernel that keeps most mass on the observed choice.
 * PRUNED trials join the split after COMPLETE ones, ranked by how far they got and their last report;
 * trials with violated constraints (`trial.setConstraint`) come last, by total violation. Several
 * objectives: the below group is chosen by non-dominated rank and hypervolume contribution and
 * weighted by hypervolume contribution (MOTPE). Every draw comes from the trial's seeded streams, so a
 * seed reproduces a run, also one resumed from storage.
 * @example
 * const study = await createStudy({ sampler: new TPESampler({ seed: 42 }) });
 * await study.optimize((t) => (t.suggestFloat("x", -10, 10) - 2) ** 2, { nTrials: 100 });
 */
export class TPESampler implements Sampler {
  readonly name = "tpe";
  readonly seed: number;
  readonly capabilities = { multiObjective: true, constraints: true } as const;
  private readonly multivariate: boolean;
  private readonly group: boolean;
  private readonly nStartupTrials: number;
  private readonly startup: TpeStartup;
  private readonly nEiCandidates: number;
  private readonly gamma: GammaFunction;
  private readonly gammaName: GammaName | "custom";
  private readonly weights: WeightsFunction;
  private readonly weightsName: WeightsName | "custom";
  private readonly parzen: ParzenOptions;
  private readonly constantLiar: boolean;
  private readonly avoidDuplicates: boolean;
  private readonly warnIndependentSampling: boolean;
  private readonly aboveLimit: number | null;
  private readonly histories = new WeakMap<TrialColumns, TrialHistory>();
  private readonly inFlight = new InFlightProposals();
  private readonly warned = new Set<string>();
  private prepared: Prepared | null = null;

  constructor(options: TPESamplerOptions = {}) {
    checkOptionKeys("TPESampler", options, TPE_SAMPLER_KEYS);
    this.seed = options.seed ?? randomSeed();
    this.multivariate = options.multivariate ?? true;
    this.group = options.group ?? false;
    this.nStartupTrials = options.nStartupTrials ?? 10;
    this.startup = options.startup ?? "random";
    this.nEiCandidates = options.nEiCandidates ?? 24;
    const gamma = options.gamma ?? "default";
    this.gamma = typeof gamma === "function" ? gamma : gammaByName(gamma);
    this.gammaName = typeof gamma === "function" ? "custom" : gamma;
    const weights = options.weights ?? "default";
    this.weights = typeof weights === "function" ? weights : weightsByName(weights);
    this.weightsName = typeof weights === "function" ? "custom" : weights;
    this.parzen = {
      priorWeight: options.priorWeight ?? 1,
      considerMagicClip: options.considerMagicClip ?? true,
      considerEndpoints: options.considerEndpoints ?? false,
      multivariate: this.multivariate,
    };
    this.constantLiar = options.constantLiar ?? false;
    this.avoidDuplicates = options.avoidDuplicates ?? true;
    this.warnIndependentSampling = options.warnIndependentSampling ?? true;
    this.aboveLimit = options.approximateAbove === undefined ? DEFAULT_ABOVE_LIMIT : options.approximateAbove;
    validate(this, options);
  }

  /** With `multivariate`: the intersection search space (or the union of the groups), once started. */
  inferRelativeSearchSpace(ctx: SamplerContext): SearchSpace {
    const history = this.history(ctx.study);
    if (history.finished.length < this.nStartupTrials) {
      return this.startup === "qmc" ? history.spaces.intersectionSpace() : {};
    }
    if (!this.multivariate) {
      // Univariate: a space of discrete parameters only is sampled here, to avoid tried configurations.
      if (!this.avoidDuplicates) return {};
      const space = history.spaces.intersectionSpace();
      const dists = Object.values(space);
      return dists.length > 0 && dists.every(isDiscrete) ? space : {};
    }
    if (!this.group) return history.spaces.intersectionSpace();
    return Object.assign({}, ...history.spaces.groupSpaces()) as SearchSpace;
  }

  /** Joint TPE over the space (each group on its own with `group`). */
  sampleRelative(
    ctx: SamplerContext & { readonly searchSpace: SearchSpace },
  ): Record<string, number> | Promise<Record<string, number>> {
    if (this.history(ctx.study).finished.length < this.nStartupTrials) {
      // Start-up with startup "qmc": the next point of the study's shared Sobol sequence.
      return claimQmcPoint({ study: ctx.study, searchSpace: ctx.searchSpace, seed: this.seed }).then(
        (p) => p.values,
      );
    }
    const input = this.input(ctx);
    if (!this.multivariate) return this.sampleUnivariateUntried(ctx, input);
    const spaces = this.group
      ? this.history(ctx.study)
          .spaces.groupSpaces()
          .map((g) => Object.keys(g).filter((name) => Object.hasOwn(ctx.searchSpace, name)))
      : [Object.keys(ctx.searchSpace)];
    const out: Record<string, number> = {};
    const groups = spaces.filter((names) => names.length > 0);
    // Only the last group can avoid a tried configuration: the others' values are fixed by then.
    const discrete = this.avoidDuplicates && Object.values(ctx.searchSpace).every(isDiscrete);
    groups.forEach((names, i) => {
      const dists = names.map((name) => ctx.searchSpace[name] as Distribution);
      const accept =
        discrete && i === groups.length - 1 ? this.untried(ctx, out, names, ctx.searchSpace) : undefined;
      const values = sampleSpace(input, names, dists, ctx.rng, accept);
      names.forEach((name, p) => {
        out[name] = values[p] as number;
      });
    });
    this.remember(ctx, out, discrete);
    return out;
  }

  /**
   * Univariate TPE over a space of discrete parameters: each parameter's candidates drawn and scored as
   * `sampleIndependent` would (the same streams, so the same values when they make an untried
   * configuration); else the untried combination with the largest summed log l − log g.
   */
  private sampleUnivariateUntried(
    ctx: SamplerContext & { readonly searchSpace: SearchSpace },
    input: SpaceInput,
  ): Record<string, number> {
    const names = Object.keys(ctx.searchSpace);
    const ranked = names.map((name) =>
      rankedValues(
        input,
        name,
        ctx.searchSpace[name] as Distribution,
        Rng.derive(this.seed, ctx.trial.number, name),
      ),
    );
    const accept = this.untried(ctx, {}, names, ctx.searchSpace);
    const best = Float64Array.from(ranked, (r) => r.values[0] as number);
    const point = accept(best) ? best : (bestUntried(ranked, accept) ?? best);
    const out: Record<string, number> = {};
    names.forEach((name, p) => {
      out[name] = point[p] as number;
    });
    this.remember(ctx, out, true);
    return out;
  }

  /** Uniform during start-up; afterwards TPE on this parameter alone. */
  sampleIndependent(ctx: SamplerContext & IndependentSample): number {
    const history = this.history(ctx.study);
    let value: number;
    if (history.finished.length < this.nStartupTrials) {
      value = sampleUniform(ctx.distribution, ctx.rng);
    } else {
      this.warnIfIndependent(ctx);
      const taken = this.avoidDuplicates && isDiscrete(ctx.distribution) ? ctx.taken?.() : undefined;
      const accept =
        taken !== undefined && Object.values(taken.distributions).every(isDiscrete)
          ? this.untried(ctx, taken.params, [ctx.name], {
              ...taken.distributions,
              [ctx.name]: ctx.distribution,
            })
          : undefined;
      value = sampleSpace(this.input(ctx), [ctx.name], [ctx.distribution], ctx.rng, accept)[0] as number;
    }
    this.remember(ctx, { [ctx.name]: value }, isDiscrete(ctx.distribution));
    return value;
  }

  /** Forgets the finished trial's in-flight proposals. */
  afterTrial(ctx: SamplerContext): void {
    if (this.constantLiar || this.avoidDuplicates)
      this.inFlight.forget(ctx.study.studyName, ctx.trial.number);
  }

  /**
   * Notes this process's proposals for a running trial: for the constant liar, and for avoidDuplicates
   * when they are `discrete` (another trial then does not propose the same configuration).
   */
  private remember(ctx: SamplerContext, values: Readonly<Record<string, number>>, discrete: boolean): void {
    if (!this.constantLiar && !(this.avoidDuplicates && discrete)) return;
    for (const name in values) {
      this.inFlight.remember(ctx.study.studyName, ctx.trial.number, name, values[name] as number);
    }
  }

  /** Every option, with functions recorded as "custom" (such a sampler must be passed to `loadStudy`). */
  toJSON(): PluginConfig {
    const options: Record<string, JsonValue> = {
      seed: this.seed,
      multivariate: this.multivariate,
      group: this.group,
      nStartupTrials: this.nStartupTrials,
      startup: this.startup,
      nEiCandidates: this.nEiCandidates,
      gamma: this.gammaName,
      weights: this.weightsName,
      priorWeight: this.parzen.priorWeight,
      considerMagicClip: this.parzen.considerMagicClip,
      considerEndpoints: this.parzen.considerEndpoints,
      constantLiar: this.constantLiar,
      avoidDuplicates: this.avoidDuplicates,
      warnIndependentSampling: this.warnIndependentSampling,
      approximateAbove: this.aboveLimit,
    };
    return { name: this.name, options };
  }

  /** The history of this view's columns, brought up to date. */
  private history(study: StudyView): TrialHistory {
    const cols = study.columns();
    let history = this.histories.get(cols);
    if (history === undefined) {
      history = new TrialHistory();
      this.histories.set(cols, history);
    }
    history.update(study, cols);
    return history;
  }

  /** The split for this trial and view (computed once while neither changes). */
  private input(ctx: SamplerContext): SpaceInput {
    const cols = ctx.study.columns();
    const history = this.history(ctx.study);
    const finished = history.finished;
    let prep = this.prepared;
    if (
      prep === null ||
      prep.cols !== cols ||
      prep.rows !== cols.length ||
      prep.finished !== finished.length ||
      prep.trialNumber !== ctx.trial.number
    ) {
      const directions = ctx.study.directions;
      const values = directions.map((_, k) => cols.values(k));
      const { below, above } = splitTrials({
        directions,
        rows: finished,
        states: cols.states,
        values,
        violation: history.violation,
        prunedStep: history.prunedStep,
        prunedValue: history.prunedValue,
        nBelow: this.gamma(finished.length),
      });
      const belowWeights =
        directions.length > 1
          ? multiObjectiveBelowWeights(below, values, directions, history.violation)
          : null;
      prep = {
        cols,
        rows: cols.length,
        finished: finished.length,
        trialNumber: ctx.trial.number,
        below,
        above,
        belowWeights,
      };
      this.prepared = prep;
    }
    const liar = this.constantLiar ? this.liarRows(cols, ctx.trial.number) : null;
    const study = ctx.study.studyName;
    return {
      cols,
      below: prep.below,
      belowWeights: prep.belowWeights,
      above: liar === null || liar.length === 0 ? prep.above : mergeAscending(prep.above, liar),
      fill:
        liar === null ? null : (row, name) => this.inFlight.valueOf(study, cols.numbers[row] as number, name),
      weights: this.weights,
      parzen: this.parzen,
      nCandidates: this.nEiCandidates,
      aboveLimit: this.aboveLimit ?? Number.POSITIVE_INFINITY,
      numbers: cols.numbers,
      truncationCache: history.truncation,
    };
  }

  /**
   * Accepts a point of `names` (internal values) unless, added to `fixed`, it makes a configuration
   * another trial has (see `TriedConfigurations`).
   */
  private untried(
    ctx: SamplerContext,
    fixed: Readonly<Record<string, number>>,
    names: readonly string[],
    distributions: Readonly<Record<string, Distribution>>,
  ): (point: Float64Array) => boolean {
    const history = this.history(ctx.study);
    return (point) => {
      const config: Record<string, number> = { ...fixed };
      names.forEach((name, p) => {
        config[name] = point[p] as number;
      });
      return !history.tried.has(
        config,
        distributions,
        ctx.study,
        history.unfinished,
        ctx.trial.number,
        (number) => this.inFlight.proposals(ctx.study.studyName, number),
      );
    };
  }

  /** Rows of running trials other than `own`: the constant liar counts them as worst. */
  private liarRows(cols: TrialColumns, own: number): Int32Array {
    const states = cols.states;
    const numbers = cols.numbers;
    const rows: number[] = [];
    for (let row = 0; row < cols.length; row++) {
      if (states[row] === STATE_RUNNING && numbers[row] !== own) rows.push(row);
    }
    return Int32Array.from(rows);
  }

  private warnIfIndependent(ctx: SamplerContext & { readonly name: string }): void {
    if (!this.multivariate || !this.warnIndependentSampling || this.warned.has(ctx.name)) return;
    if (ctx.study.columns().param(ctx.name) === undefined) return;
    this.warned.add(ctx.name);
    log(
      "warning",
      `TPESampler: "${ctx.name}" (trial ${ctx.trial.number}) is sampled on its own, not jointly, because not every finished trial has it (a conditional parameter) or its distribution changed. Pass group: true to model conditional groups jointly, or warnIndependentSampling: false to silence this.`,
    );
  }
}

/** The union of two ascending row lists, ascending. */
function mergeAscending(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && (a[i] as number) < (b[j] as number))) out[k++] = a[i++] as number;
    else out[k++] = b[j++] as number;
  }
  return out;
}

function validate(sampler: TPESampler, options: TPESamplerOptions): void {
  const fail = (name: string, value: unknown, rule: string): never => {
    throw new InvalidArgumentError(`TPESampler: ${name} ${rule}, but got ${String(value)}.`, {
      name,
      value: value as JsonValue,
    });
  };
  if (!Number.isInteger(sampler.seed)) fail("seed", sampler.seed, "must be an integer");
  const int = (name: keyof TPESamplerOptions, min: number) => {
    const v = options[name];
    if (v !== undefined && (typeof v !== "number" || !Number.isInteger(v) || v < min))
      fail(name, v, `must be an integer ≥ ${min}`);
  };
  int("nStartupTrials", 0);
  int("nEiCandidates", 1);
  const limit = options.approximateAbove;
  if (limit !== undefined && limit !== null && !(Number.isInteger(limit) && limit >= 2000))
    fail("approximateAbove", limit, "must be an integer ≥ 2000 or null (exact)");
  const prior = options.priorWeight;
  if (prior !== undefined && !(typeof prior === "number" && prior > 0 && Number.isFinite(prior)))
    fail("priorWeight", prior, "must be a positive finite number");
  if (options.group === true && options.multivariate === false)
    fail(
      "group",
      true,
      "needs multivariate: true (groups are sampled jointly). Drop group or set multivariate",
    );
  if (options.startup !== undefined && !TPE_STARTUPS.includes(options.startup))
    fail("startup", options.startup, `must be one of ${TPE_STARTUPS.join(", ")}`);
  const named = <T extends string>(name: string, v: unknown, names: readonly T[]) => {
    if (typeof v === "string" && !names.includes(v as T))
      fail(name, v, `must be one of ${names.join(", ")} or a function`);
  };
  named("gamma", options.gamma, GAMMAS);
  named("weights", options.weights, WEIGHTS);
}

registerSampler("tpe", (options) => {
  for (const key of ["gamma", "weights"] as const) {
    if (options[key] === "custom") {
      throw new InvalidArgumentError(
        `TPESampler: this study's sampler was built with a custom ${key} function, which cannot be stored. Pass the same TPESampler to loadStudy({ sampler }).`,
        { name: key, value: "custom" },
      );
    }
  }
  return new TPESampler(knownOptions('sampler "tpe"', options, TPE_SAMPLER_KEYS));
});
