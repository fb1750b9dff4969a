import { log } from "../../logging/logger.js";
import { Rng, randomSeed } from "../../math/rng.js";
import { checkOptionKeys, knownOptions } from "../../options/option-keys.js";
import {
  type Distribution,
  type SearchSpace,
  sameDistribution,
  toInternal,
} from "../../search-space/distribution.js";
import { IntersectionSearchSpace } from "../../search-space/intersection.js";
import type { PluginConfig } from "../../storage/storage.js";
import type { StudyView } from "../../study/study-view.js";
import type { JsonValue } from "../../trial/frozen-trial.js";
import { claimQmcPoint } from "../qmc/qmc-sampler.js";
import { registerSampler, type Sampler, type SamplerContext } from "../sampler.js";
import { InFlightProposals } from "../tpe/constant-liar.js";
import { TPESampler } from "../tpe/tpe-sampler.js";
import type { GpAcquisition } from "./acquisition.js";
import { ConditionalGroups } from "./conditional-groups.js";
import { FitCache, type GpFits } from "./fit-cache.js";
import {
  COMPLETE,
  collectObservations,
  type Observations,
  parEgoLoss,
  parEgoWeights,
  runningPoints,
  standardize,
} from "./gp-data.js";
import { GP_SAMPLER_KEYS, type GPSamplerOptions, validateOptions } from "./gp-options.js";
import { type ProposalSettings, proposePoint } from "./gp-proposal.js";
import { fromUnit, type GpDim, gpDims } from "./gp-space.js";
import { proposeGroups } from "./group-proposal.js";
import { chooseOutputWarp, type OutputWarp } from "./warp-choice.js";

export type { GPSamplerOptions } from "./gp-options.js";

/** What a trial's proposal starts from. */
interface ProposeInput {
  readonly dims: readonly GpDim[];
  readonly obs: Observations;
  readonly groups: readonly SearchSpace[];
  readonly previous: GpFits | null;
  /** Whether the intersection is open (some of its values are not enqueued). */
  readonly mainOpen: boolean;
  /** Whether the study has conditional groups (whatever this trial proposes for). */
  readonly conditional: boolean;
}

/**
 * Bayesian optimization with a Gaussian process (Snoek et al. 2012; Frazier 2018): after a quasi-random
 * start, each trial fits a GP to the COMPLETE trials and proposes the point that maximizes an
 * acquisition function. The most sample-efficient sampler for expensive objectives with up to ~20
 * parameters; its cost per trial grows with the cube of the number of trials (see bench/RESULTS.md).
 *
 * | option | default | meaning |
 * |---|---|---|
 * | `seed` | random (recorded in `toJSON()`) | seed of every trial's streams |
 * | `nStartupTrials` | `10` | COMPLETE trials before the GP takes over; until then the parameters every finished trial has come from the study's shared scrambled Sobol sequence (as `QMCSampler`), the first trial's at random |
 * | `acquisition` | `"logei"` | `"logei"`: log expected improvement (Ament et al. 2023), numerically stable far from the incumbent; `"ei"`: expected improvement; `"pi"`: (log) probability of improvement; `"ucb"`: upper confidence bound of the negated loss, mean + √beta·sd (the lower confidence bound of a minimized objective); `"ts"`: Thompson sampling over a bounded candidate set (one joint posterior draw at the `nCandidates` Sobol points and the best trial; no local search) |
 * | `beta` | `2` | exploration weight of `"ucb"` |
 * | `deterministicObjective` | `false` | the objective has no noise: pin the GP's noise variance at 1e-6 instead of learning it |
 * | `constantLiar` | `true` | running trials (their flushed parameters, and this process's proposals) join the GP as observations of the worst value seen, so parallel workers spread out |
 * | `nCandidates` | `512` | scrambled Sobol candidates the acquisition is evaluated at (2048 gave no better medians on the benchmark problems, at 4× the cost) |
 * | `nLocalSearch` | `5` | best candidates (plus the best trial so far) refined by local search: L-BFGS-B on continuous parameters, exhaustive (≤ 32 values) or grid line search on discrete ones and choices |
 * | `warnIndependentSampling` | `true` | log once per parameter when one that a COMPLETE trial had is sampled by TPE because its distribution changed |
 * | `outputWarp` | `"auto"` | with one objective and no conditional groups, whether the GP models the losses as they are or after a monotone power transform (Box-Cox, or Yeo-Johnson when a loss is ≤ 0; exponent by maximum likelihood, as HEBO): `"auto"` takes, trial by trial, whichever of the two the data make likelier (each GP's log posterior in the losses' own units, the warp's Jacobian included; when the raw GP finds no noise, the warped one is scored without any, so a warp cannot win by calling the cusp it makes of a minimum at 0 noise); `"power"` always warps; `"none"` never (Optuna's behaviour). Losses spanning orders of magnitude (an MSE, Rosenbrock, a diverging learning rate's penalty) otherwise leave the good trials indistinguishable after standardization: against `"none"`, `"auto"` was significantly better on 5 of the shared suite's 11 single-objective problems at 50 or 100 trials over 20 seeds (Rosenbrock 5/10-D, Ackley, Styblinski-Tang, naval now at the table's optimum) and worse on none, and over 10 seeds better on 9 of 21 more problems (closed-form, noisy, real training losses) and worse on one checkpoint (a 2-D polynomial with a zero minimum, at 50 trials), and cost up to ~20 % more time per trial (medians 0.9–1.2× the raw default's at 50 and 100 trials; bench/RESULTS.md) |
 * | `avoidDuplicates` | `true` | when no parameter is continuous (ints, stepped floats, categoricals) and the space has no conditional groups, do not propose a configuration a COMPLETE or running trial has: the next best local-search result, or the untried candidate with the best acquisition, instead; `false`: as Optuna |
 * | `costAware` | `false` | expected improvement per unit cost (with `"logei"` or `"ei"`): a GP on the log durations of COMPLETE trials predicts each point's cost, and the acquisition is divided by exp(its posterior mean); for objectives whose cost depends on the parameters (epochs, model size) |
 *
 * The model: a GP over the parameters that every COMPLETE trial has (the intersection search space),
 * each mapped to [0, 1] (log parameters in log space; ints and stepped floats snapped to their grid),
 * with a Matérn 5/2 kernel with one lengthscale per parameter, an overlap (Hamming) term for
 * categoricals, a signal variance and a learned noise variance; outputs are standardized. The
 * hyperparameters maximize the log marginal likelihood plus priors (Gamma on each 1/ℓ², weaker for
 * ints, stepped floats and categoricals; weak log-normal on the variances; see `gp-fit.ts`) by L-BFGS-B
 * on their logs with the analytic gradient, warm-started from the previous trial's fit (kept in the
 * study's state record `"sampler:gp"`) and restarted from defaults when that fails. Past 100
 * observations they are refitted every ⌈n/100⌉-th trial only (the last fit serves in between, with the
 * new data), as a fit costs O(n³) per step.
 *
 * Conditional parameters (outside the intersection): once the GP has started, each group of parameters
 * that occur together (TPE's `group` decomposition of the COMPLETE trials; in a conditional space, a
 * branch) gets a GP of its own, fitted on the trials that have the group, over the group's parameters
 * and the intersection's, the latter held at this trial's values (the group's best values given the
 * rest); a categorical constant among the group's trials (the branch choice) is left out and decides
 * whether the group is proposed for. The branch itself is chosen by comparing each group's best
 * acquisition with the intersection GP's (see `proposeGroups`). What no GP covers (start-up, a
 * parameter first seen, one whose distribution changed) is sampled by TPE's univariate estimator, as
 * `TPESampler({ multivariate: false })` with this seed and `nStartupTrials`. Constraints
 * (`trial.setConstraint`): one GP per constraint, and the acquisition is multiplied by the probability
 * that all hold; until a feasible trial exists, that probability alone is maximized. Several objectives:
 * ParEGO (Knowles 2006), a fallback to expected hypervolume improvement: each trial scalarizes the
 * normalized objectives with random simplex weights (augmented Chebyshev) and optimizes that with one
 * GP.
 * @example
 * const study = await createStudy({ sampler: new GPSampler({ seed: 42 }) });
 * await study.optimize((t) => (t.suggestFloat("x", -5, 5) - 1) ** 2, { nTrials: 30 });
 */
export class GPSampler implements Sampler {
  readonly name = "gp";
  readonly seed: number;
  readonly capabilities = { multiObjective: true, constraints: true } as const;
  private readonly nStartupTrials: number;
  private readonly acquisition: GpAcquisition;
  private readonly beta: number;
  private readonly deterministic: boolean;
  private readonly constantLiar: boolean;
  private readonly nCandidates: number;
  private readonly nLocalSearch: number;
  private readonly warnIndependentSampling: boolean;
  private readonly costAware: boolean;
  private readonly outputWarp: OutputWarp;
  private readonly avoidDuplicates: boolean;
  private readonly independent: TPESampler;
  private readonly settings: ProposalSettings;
  private readonly intersections = new Map<string, IntersectionSearchSpace>();
  private readonly groups = new ConditionalGroups();
  private readonly fits = new FitCache();
  private readonly inFlight = new InFlightProposals();
  private readonly warned = new Set<string>();

  constructor(options: GPSamplerOptions = {}) {
    checkOptionKeys("GPSampler", options, GP_SAMPLER_KEYS);
    this.seed = options.seed ?? randomSeed();
    this.nStartupTrials = options.nStartupTrials ?? 10;
    this.acquisition = options.acquisition ?? "logei";
    this.beta = options.beta ?? 2;
    this.deterministic = options.deterministicObjective ?? false;
    this.constantLiar = options.constantLiar ?? true;
    this.nCandidates = options.nCandidates ?? 512;
    this.nLocalSearch = options.nLocalSearch ?? 5;
    this.warnIndependentSampling = options.warnIndependentSampling ?? true;
    this.costAware = options.costAware ?? false;
    this.outputWarp = options.outputWarp ?? "auto";
    this.avoidDuplicates = options.avoidDuplicates ?? true;
    validateOptions(this.seed, options);
    this.settings = {
      acquisition: this.acquisition,
      beta: this.beta,
      deterministic: this.deterministic,
      nCandidates: this.nCandidates,
      nLocalSearch: this.nLocalSearch,
      costAware: this.costAware,
      avoidDuplicates: this.avoidDuplicates,
    };
    this.independent = new TPESampler({
      seed: this.seed,
      multivariate: false,
      nStartupTrials: this.nStartupTrials,
      warnIndependentSampling: false,
    });
  }

  /**
   * The parameters every COMPLETE trial has, with one distribution (sorted by name), and the
   * conditional groups outside them (see `ConditionalGroups`).
   */
  inferRelativeSearchSpace(ctx: SamplerContext): SearchSpace {
    const intersection = this.intersection(ctx.study);
    const groups = this.groups.spaces(ctx.study, intersection);
    return groups.length === 0 ? intersection : Object.assign({}, intersection, ...groups);
  }

  /**
   * A QMC point for the intersection during start-up; afterwards the acquisition's maximizer under the
   * intersection's GP, then under each conditional group's GP (see `proposeGroups`).
   */
  async sampleRelative(
    ctx: SamplerContext & { readonly searchSpace: SearchSpace },
  ): Promise<Record<string, number>> {
    const { searchSpace, study, trial } = ctx;
    const intersection = this.intersection(study);
    const dims = gpDims(intersection);
    const open = (names: readonly string[]) => names.some((name) => !(name in trial.params));
    const mainOpen = dims.length > 0 && open(dims.map((dim) => dim.name));
    const obs = collectObservations(study, dims);
    if (obs.n < Math.max(1, this.nStartupTrials)) {
      if (!mainOpen) return {};
      const { values } = await claimQmcPoint({ study, searchSpace: intersection, seed: this.seed });
      this.remember(ctx, values);
      return values;
    }
    const allGroups = this.groups.spaces(study, intersection);
    const groups = allGroups.filter((group) => {
      const names = Object.keys(group);
      return names.every((name) => name in searchSpace) && open(names);
    });
    if (!mainOpen && groups.length === 0) return {};
    const names = dims.map((dim) => dim.name);
    const previous = await this.fits.load(study, names);
    // From here to `remember` nothing awaits, so a concurrent ask in this process sees this proposal.
    const conditional = allGroups.length > 0;
    const { values, thetas } = this.propose(ctx, { dims, obs, groups, previous, mainOpen, conditional });
    this.remember(ctx, values);
    await this.fits.store(study, { names, thetas });
    return values;
  }

  /** The intersection's proposal (unless every value is enqueued), then the groups'; internal values. */
  private propose(
    ctx: SamplerContext,
    input: ProposeInput,
  ): { values: Record<string, number>; thetas: Record<string, number[]> } {
    const { dims, obs, groups, previous } = input;
    // One objective without conditional groups: the losses as they are or power-warped (see
    // `chooseOutputWarp`); the groups' GPs and ParEGO's scalarization compare raw losses.
    const choice =
      obs.losses.length === 1
        ? chooseOutputWarp({
            mode: input.conditional ? "none" : this.outputWarp,
            obs,
            dims,
            loss: obs.losses[0] as Float64Array,
            deterministic: this.deterministic,
            previous: previous?.thetas ?? null,
          })
        : null;
    const loss = choice?.loss ?? parEgoLoss(obs.losses, parEgoWeights(obs.losses.length, ctx.rng));
    const warm =
      choice?.objectiveStart == null
        ? (previous?.thetas ?? null)
        : { ...previous?.thetas, objective: choice.objectiveStart };
    const incumbent = bestFeasible(loss, obs.feasible);
    const fill = this.liarFill(ctx);
    const thetas: Record<string, number[]> = { ...groupThetas(previous), ...choice?.thetas };
    const values: Record<string, number> = {};
    let mainValue = Number.NaN;
    if (input.mainOpen) {
      // With conditional groups the intersection is not a whole configuration: nothing to avoid there.
      const settings = input.conditional ? { ...this.settings, avoidDuplicates: false } : this.settings;
      const proposal = proposePoint(settings, {
        dims,
        obs,
        warm,
        keyPrefix: "",
        rng: ctx.rng,
        loss,
        incumbent,
        pending: fill === null ? null : runningPoints(ctx.study, dims, ctx.trial.number, fill),
        fixed: null,
        withValue: groups.length > 0,
      });
      Object.assign(thetas, proposal.thetas);
      dims.forEach((dim, k) => {
        values[dim.name] = fromUnit(dim, proposal.point[k] as number);
      });
      mainValue = proposal.value;
    }
    if (groups.length > 0) {
      const conditional = this.proposeConditional(ctx, { ...input, loss, incumbent, values, mainValue });
      Object.assign(thetas, conditional.thetas);
      Object.assign(values, conditional.values);
    }
    return { values, thetas };
  }

  /**
   * The groups' proposals given the intersection's `values` (or the enqueued ones), and the intersection
   * with the branch choice applied.
   */
  private proposeConditional(
    ctx: SamplerContext,
    input: ProposeInput & {
      readonly loss: Float64Array;
      readonly incumbent: number | null;
      readonly values: Readonly<Record<string, number>>;
      readonly mainValue: number;
    },
  ): { values: Record<string, number>; thetas: Record<string, number[]> } {
    const { dims, obs, loss } = input;
    const { study, trial } = ctx;
    const lossByRow = new Float64Array(study.columns().length).fill(Number.NaN);
    obs.rows.forEach((row, i) => {
      lossByRow[row] = loss[i] as number;
    });
    const enqueued = (name: string) => trial.params[name];
    const proposal = proposeGroups({
      study,
      own: trial.number,
      groups: input.groups,
      given: dims,
      givenValues: Float64Array.from(dims, (dim) => {
        const value = enqueued(dim.name);
        return value === undefined ? (input.values[dim.name] as number) : toInternal(dim.dist, value);
      }),
      locked: Uint8Array.from(dims, (dim) => (enqueued(dim.name) === undefined ? 0 : 1)),
      mainValue: input.mainValue,
      settings: this.settings,
      warm: input.previous?.thetas ?? null,
      lossByRow,
      incumbent: input.incumbent,
      scale: standardize(Float64Array.from(loss, (v) => -v)),
      rngFor: (key) => Rng.derive(this.seed, trial.number, "gp-group", key),
      fill: this.liarFill(ctx),
    });
    const values: Record<string, number> = { ...proposal.values };
    if (input.mainOpen) {
      dims.forEach((dim, k) => {
        values[dim.name] = proposal.given[k] as number;
      });
    }
    return { values, thetas: proposal.thetas };
  }

  /** The intersection search space of the study's COMPLETE trials (kept up to date per study). */
  private intersection(study: StudyView): SearchSpace {
    let intersection = this.intersections.get(study.studyName);
    if (intersection === undefined) {
      intersection = new IntersectionSearchSpace({ states: ["COMPLETE"] });
      this.intersections.set(study.studyName, intersection);
    }
    return intersection.calculate(study.trials);
  }

  /** The constant liar's values of this process's running trials not flushed yet; null without the liar. */
  private liarFill(ctx: SamplerContext): ((number: number, name: string) => number | undefined) | null {
    if (!this.constantLiar) return null;
    const study = ctx.study.studyName;
    return (number, name) => this.inFlight.valueOf(study, number, name);
  }

  /** Notes this trial's proposals for the constant liar. */
  private remember(ctx: SamplerContext, values: Readonly<Record<string, number>>): void {
    if (!this.constantLiar) return;
    for (const name in values) {
      this.inFlight.remember(ctx.study.studyName, ctx.trial.number, name, values[name] as number);
    }
  }

  /** TPE's univariate estimator (uniform during start-up). */
  sampleIndependent(
    ctx: SamplerContext & { readonly name: string; readonly distribution: Distribution },
  ): number {
    this.warnIfIndependent(ctx);
    const value = this.independent.sampleIndependent(ctx);
    this.remember(ctx, { [ctx.name]: value });
    return value;
  }

  /** Forgets the finished trial's in-flight proposals. */
  afterTrial(ctx: SamplerContext): void {
    this.inFlight.forget(ctx.study.studyName, ctx.trial.number);
    this.independent.afterTrial(ctx);
  }

  /** Every option. */
  toJSON(): PluginConfig {
    const options: Record<string, JsonValue> = {
      seed: this.seed,
      nStartupTrials: this.nStartupTrials,
      acquisition: this.acquisition,
      beta: this.beta,
      deterministicObjective: this.deterministic,
      constantLiar: this.constantLiar,
      nCandidates: this.nCandidates,
      nLocalSearch: this.nLocalSearch,
      warnIndependentSampling: this.warnIndependentSampling,
      costAware: this.costAware,
      outputWarp: this.outputWarp,
      avoidDuplicates: this.avoidDuplicates,
    };
    return { name: this.name, options };
  }

  /** Warns once per parameter that a COMPLETE trial had but no GP covers (its distribution changed). */
  private warnIfIndependent(
    ctx: SamplerContext & { readonly name: string; readonly distribution: Distribution },
  ): void {
    if (!this.warnIndependentSampling || this.warned.has(ctx.name)) return;
    const modelled = this.inferRelativeSearchSpace(ctx)[ctx.name];
    if (modelled !== undefined && sameDistribution(modelled, ctx.distribution)) return;
    if (!inSomeComplete(ctx.study, ctx.name)) return;
    this.warned.add(ctx.name);
    log(
      "warning",
      `GPSampler: "${ctx.name}" (trial ${ctx.trial.number}) is sampled by TPE on its own, not by a GP, because its distribution changed between trials (a GP models a parameter under one distribution). Keep its range and type fixed, or pass warnIndependentSampling: false to silence this.`,
    );
  }
}

/** The conditional groups' hyperparameters of `previous` (kept while a group is not proposed for). */
function groupThetas(previous: GpFits | null): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  if (previous === null) return out;
  for (const [key, theta] of Object.entries(previous.thetas))
    if (key.startsWith("group:")) out[key] = [...theta];
  return out;
}

/** The smallest loss among the feasible observations, or null when none is feasible. */
function bestFeasible(loss: Float64Array, feasible: Uint8Array): number | null {
  let best: number | null = null;
  loss.forEach((v, i) => {
    if (feasible[i] === 1 && (best === null || v < best)) best = v;
  });
  return best;
}

/** Whether some COMPLETE trial of `study` has parameter `name`. */
function inSomeComplete(study: StudyView, name: string): boolean {
  const cols = study.columns();
  const column = cols.param(name);
  if (column === undefined) return false;
  const states = cols.states;
  for (let row = 0; row < cols.length; row++) {
    if (states[row] === COMPLETE && !Number.isNaN(column[row] as number)) return true;
  }
  return false;
}

registerSampler("gp", (options) => new GPSampler(knownOptions('sampler "gp"', options, GP_SAMPLER_KEYS)));
