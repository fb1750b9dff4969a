import { log } from "../../logging/logger.js";
import { randomSeed } from "../../math/rng.js";
import type { Distribution, SearchSpace } from "../../search-space/distribution.js";
import { IntersectionSearchSpace } from "../../search-space/intersection.js";
import type { PluginConfig } from "../../storage/storage.js";
import type { StudyView } from "../../study/study-view.js";
import type { JsonValue } from "../../trial/frozen-trial.js";
import { claimQmcPoint } from "../qmc/qmc-sampler.js";
import { registerSampler, type Sampler, type SamplerContext } from "../sampler.js";
import { InFlightProposals } from "../tpe/constant-liar.js";
import { TPESampler } from "../tpe/tpe-sampler.js";
import type { GpAcquisition } from "./acquisition.js";
import { AcquisitionSurface, type ConstraintModel, type CostModel } from "./acquisition-surface.js";
import { FitCache, type GpFits } from "./fit-cache.js";
import {
  collectObservations,
  type Observations,
  parEgoLoss,
  runningPoints,
  standardize,
  subset,
} from "./gp-data.js";
import { fitGp, type GpData, shouldRefit } from "./gp-fit.js";
import { type GPSamplerOptions, validateOptions } from "./gp-options.js";
import { GpPosterior } from "./gp-posterior.js";
import { fromUnit, type GpDim, gpDims } from "./gp-space.js";
import { acquisitionCandidates, optimizeAcquisition } from "./optimize-acquisition.js";
import { thompsonChoice } from "./thompson.js";

export type { GPSamplerOptions } from "./gp-options.js";

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
 * | `warnIndependentSampling` | `true` | log once per parameter when one outside the GP's space is sampled by TPE |
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
 * Conditional parameters (outside the intersection) are sampled by TPE's univariate estimator, as
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
  private readonly independent: TPESampler;
  private readonly intersections = new Map<string, IntersectionSearchSpace>();
  private readonly fits = new FitCache();
  private readonly inFlight = new InFlightProposals();
  private readonly warned = new Set<string>();

  constructor(options: GPSamplerOptions = {}) {
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
    validateOptions(this.seed, options);
    this.independent = new TPESampler({
      seed: this.seed,
      multivariate: false,
      nStartupTrials: this.nStartupTrials,
      warnIndependentSampling: false,
    });
  }

  /** The parameters every COMPLETE trial has, with one distribution (sorted by name). */
  inferRelativeSearchSpace(ctx: SamplerContext): SearchSpace {
    let intersection = this.intersections.get(ctx.study.studyName);
    if (intersection === undefined) {
      intersection = new IntersectionSearchSpace({ states: ["COMPLETE"] });
      this.intersections.set(ctx.study.studyName, intersection);
    }
    return intersection.calculate(ctx.study.trials);
  }

  /** A QMC point during start-up; afterwards the acquisition's maximizer under the GP. */
  async sampleRelative(
    ctx: SamplerContext & { readonly searchSpace: SearchSpace },
  ): Promise<Record<string, number>> {
    const { searchSpace, study, trial } = ctx;
    const names = Object.keys(searchSpace);
    if (names.length === 0 || names.every((name) => name in trial.params)) return {};
    const dims = gpDims(searchSpace);
    const obs = collectObservations(study, dims);
    if (obs.n < Math.max(1, this.nStartupTrials)) {
      const { values } = await claimQmcPoint({ study, searchSpace, seed: this.seed });
      this.remember(ctx, values);
      return values;
    }
    const previous = await this.fits.load(
      study,
      dims.map((dim) => dim.name),
    );
    // From here to `remember` nothing awaits, so a concurrent ask in this process sees this proposal.
    const { point, fits } = this.propose(ctx, dims, obs, previous);
    const out: Record<string, number> = {};
    dims.forEach((dim, k) => {
      out[dim.name] = fromUnit(dim, point[k] as number);
    });
    this.remember(ctx, out);
    await this.fits.store(study, fits);
    return out;
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
    };
    return { name: this.name, options };
  }

  /** Fits the objective's and the constraints' GPs and maximizes the acquisition; GP coordinates. */
  private propose(
    ctx: SamplerContext,
    dims: readonly GpDim[],
    obs: Observations,
    previous: GpFits | null,
  ): { point: Float64Array; fits: GpFits } {
    const rng = ctx.rng;
    const d = dims.length;
    const names = dims.map((dim) => dim.name);
    const cat = Uint8Array.from(dims, (dim) => (dim.kind === "categorical" ? 1 : 0));
    const finite = Uint8Array.from(dims, (dim) => (dim.kind === "continuous" ? 0 : 1));
    const thetas: Record<string, number[]> = {};
    const fitModel = (key: string, data: GpData): GpPosterior | null => {
      const warm = previous?.thetas[key];
      const start = warm === undefined || warm.length !== d + 2 ? null : Float64Array.from(warm);
      if (start !== null && !shouldRefit(data.n)) {
        thetas[key] = [...start];
        const reused = GpPosterior.build(data, start);
        if (reused !== null) return reused;
      }
      const fit = fitGp(data, { deterministic: this.deterministic && key === "objective", warmStart: start });
      thetas[key] = [...fit.theta];
      return fit.ok ? GpPosterior.build(data, fit.theta) : null;
    };

    const loss = obs.losses.length === 1 ? (obs.losses[0] as Float64Array) : parEgoLoss(obs.losses, rng);
    const { y } = standardize(Float64Array.from(loss, (v) => -v));
    const base: GpData = { x: obs.x, y, n: obs.n, d, cat, finite };
    const objective = fitModel("objective", base);
    const constraints: ConstraintModel[] = [];
    for (const [name, column] of [...obs.constraints].sort(([a], [b]) => a.localeCompare(b))) {
      const model = this.constraintModel(column, base, (data) => fitModel(`constraint:${name}`, data));
      if (model !== null) constraints.push(model);
    }
    const fits = { names, thetas };

    let best: number | null = null;
    let bestRow = -1;
    for (let i = 0; i < obs.n; i++) {
      if (obs.feasible[i] === 1 && (best === null || (y[i] as number) > best)) {
        best = y[i] as number;
        bestRow = i;
      }
    }
    const posterior =
      objective === null ? null : this.withRunning(ctx, dims, base, objective, thetas.objective);
    const extraStarts = bestRow < 0 ? [] : [obs.x.slice(bestRow * d, bestRow * d + d)];
    if (posterior === null) {
      // Not even jitter made the covariance factorable: fall back to a quasi-random point.
      return { point: acquisitionCandidates({ dims, rng, nCandidates: 1, extraStarts: [] }), fits };
    }
    const kind = this.acquisition;
    if (kind === "ts") {
      const points = acquisitionCandidates({ dims, rng, nCandidates: this.nCandidates, extraStarts });
      const chosen = thompsonChoice(posterior, constraints, points, points.length / d, rng);
      return { point: points.slice(chosen * d, chosen * d + d), fits };
    }
    const cost = this.costAware ? this.costModel(obs, base, (data) => fitModel("cost", data)) : null;
    const surface = new AcquisitionSurface({
      objective: posterior,
      best,
      constraints,
      kind,
      beta: this.beta,
      cost,
    });
    const point = optimizeAcquisition({
      dims,
      surface,
      rng,
      nCandidates: this.nCandidates,
      nLocalSearch: this.nLocalSearch,
      extraStarts,
    });
    return { point, fits };
  }

  /** The GP of log duration over the observations with times (at least 2), for cost-aware search. */
  private costModel(
    obs: Observations,
    base: GpData,
    fitModel: (data: GpData) => GpPosterior | null,
  ): CostModel | null {
    const logCost = Float64Array.from(obs.durations, (s) => Math.log(Math.max(s, 1e-3)));
    const sub = subset(base, logCost);
    if (sub === null || sub.data.n < 2) return null;
    const posterior = fitModel(sub.data);
    return posterior === null ? null : { posterior, scale: sub.sd };
  }

  /** The GP of one constraint over the observations that have it, with the feasibility threshold. */
  private constraintModel(
    column: Float64Array,
    base: GpData,
    fitModel: (data: GpData) => GpPosterior | null,
  ): ConstraintModel | null {
    const sub = subset(base, column);
    if (sub === null) return null;
    const posterior = fitModel(sub.data);
    return posterior === null ? null : { posterior, threshold: (0 - sub.mean) / sub.sd };
  }

  /**
   * The objective's posterior with the running trials added as observations of the worst standardized
   * value (the constant liar), under the hyperparameters fitted without them.
   */
  private withRunning(
    ctx: SamplerContext,
    dims: readonly GpDim[],
    base: GpData,
    posterior: GpPosterior,
    theta: readonly number[] | undefined,
  ): GpPosterior | null {
    if (!this.constantLiar || theta === undefined) return posterior;
    const study = ctx.study.studyName;
    const pending = runningPoints(ctx.study, dims, ctx.trial.number, (number, name) =>
      this.inFlight.valueOf(study, number, name),
    );
    if (pending.length === 0) return posterior;
    const m = pending.length / base.d;
    let worst = Number.POSITIVE_INFINITY;
    for (const v of base.y) worst = Math.min(worst, v);
    const x = new Float64Array((base.n + m) * base.d);
    x.set(base.x);
    x.set(pending, base.n * base.d);
    const y = new Float64Array(base.n + m).fill(worst);
    y.set(base.y);
    return GpPosterior.build({ ...base, x, y, n: base.n + m }, Float64Array.from(theta)) ?? posterior;
  }

  private warnIfIndependent(ctx: SamplerContext & { readonly name: string }): void {
    if (!this.warnIndependentSampling || this.warned.has(ctx.name)) return;
    if (!hasComplete(ctx.study)) return;
    this.warned.add(ctx.name);
    log(
      "warning",
      `GPSampler: "${ctx.name}" (trial ${ctx.trial.number}) is sampled by TPE on its own, not by the GP, because not every COMPLETE trial has it (a conditional parameter) or its distribution changed. Pass warnIndependentSampling: false to silence this.`,
    );
  }
}

function hasComplete(study: StudyView): boolean {
  return study.trials.some((t) => t.state === "COMPLETE");
}

registerSampler("gp", (options) => new GPSampler(options as GPSamplerOptions));
