import type { Rng } from "../../math/rng.js";
import type { GpAcquisition } from "./acquisition.js";
import { AcquisitionSurface, type ConstraintModel, type CostModel } from "./acquisition-surface.js";
import { type Observations, standardize, subset } from "./gp-data.js";
import { fitGp, type GpData, shouldRefit } from "./gp-fit.js";
import { GpPosterior } from "./gp-posterior.js";
import type { GpDim } from "./gp-space.js";
import { acquisitionCandidates, optimizeAcquisition } from "./optimize-acquisition.js";
import { thompsonChoice } from "./thompson.js";

/** The sampler options a proposal uses (see `GPSampler`). */
export interface ProposalSettings {
  readonly acquisition: GpAcquisition;
  readonly beta: number;
  readonly deterministic: boolean;
  readonly nCandidates: number;
  readonly nLocalSearch: number;
  readonly costAware: boolean;
  /** In a space without continuous parameters, do not propose a configuration already tried or running. */
  readonly avoidDuplicates: boolean;
}

/** One GP proposal: the model's coordinates, its data, and what the trial shares across its proposals. */
export interface ProposalInput {
  readonly dims: readonly GpDim[];
  readonly obs: Observations;
  /** Hyperparameters of the previous fits by model key (the warm starts), or null. */
  readonly warm: Readonly<Record<string, readonly number[]>> | null;
  /** Prefix of this proposal's model keys ("" for the intersection's GP). */
  readonly keyPrefix: string;
  readonly rng: Rng;
  /** The loss per observation (smaller is better; several objectives scalarized by ParEGO). */
  readonly loss: Float64Array;
  /**
   * The mean and sd of the negated losses to standardize with when the observations' values have no
   * spread of their own (a single one, or all equal): those of all the trials, for a conditional
   * group's GP.
   */
  readonly scale?: { readonly mean: number; readonly sd: number };
  /**
   * The loss to improve on: the best feasible one of all the trials (which, for a conditional group's
   * GP, may lie outside its observations), or null when no trial is feasible.
   */
  readonly incumbent: number | null;
  /** GP coordinates of running trials (the constant liar), row-major; null without the liar. */
  readonly pending: Float64Array | null;
  /** Coordinates held at a value (NaN: free); null when all are free. */
  readonly fixed: Float64Array | null;
  /** Also return the acquisition's maximum in the loss's own units (see {@link Proposal.value}). */
  readonly withValue?: boolean;
}

/** A proposed point (GP coordinates) and the hyperparameters fitted for it, by model key. */
export interface Proposal {
  readonly point: Float64Array;
  readonly thetas: Record<string, number[]>;
  /**
   * With `withValue`: the acquisition at `point` in units that do not depend on the GP's
   * standardization (log EI + log sd of the outputs, EI × sd, log PI), so that the proposals of GPs
   * fitted to different trials, against the same incumbent, can be compared; NaN when the acquisition
   * has no such form (UCB, Thompson sampling, cost-aware) or was not asked for.
   */
  readonly value: number;
}

/**
 * Fits the objective's GP (and one per constraint, and the cost model when cost-aware) to `obs`, adds the
 * running trials as observations of the worst value (the constant liar), and maximizes the acquisition
 * over the free coordinates. Hyperparameters are warm-started from `warm` under the same keys and, past
 * 100 observations, refitted only on `shouldRefit`'s trials.
 * @example
 * const { point, thetas } = proposePoint(settings, { dims, obs, warm: null, keyPrefix: "", rng, loss, incumbent, pending: null, fixed: null });
 */
export function proposePoint(settings: ProposalSettings, input: ProposalInput): Proposal {
  const { dims, obs, rng, fixed } = input;
  const d = dims.length;
  const cat = Uint8Array.from(dims, (dim) => (dim.kind === "categorical" ? 1 : 0));
  const finite = Uint8Array.from(dims, (dim) => (dim.kind === "continuous" ? 0 : 1));
  const thetas: Record<string, number[]> = {};
  const fitModel = (model: string, data: GpData): GpPosterior | null => {
    const key = input.keyPrefix + model;
    const warm = input.warm?.[key];
    const start = warm === undefined || warm.length !== d + 2 ? null : Float64Array.from(warm);
    if (start !== null && !shouldRefit(data.n)) {
      thetas[key] = [...start];
      const reused = GpPosterior.build(data, start);
      if (reused !== null) return reused;
    }
    const fit = fitGp(data, {
      deterministic: settings.deterministic && model === "objective",
      warmStart: start,
    });
    thetas[key] = [...fit.theta];
    return fit.ok ? GpPosterior.build(data, fit.theta) : null;
  };

  const negated = Float64Array.from(input.loss, (v) => -v);
  const scale = input.scale;
  const standard =
    scale === undefined || spread(negated)
      ? standardize(negated)
      : { y: negated.map((v) => (v - scale.mean) / scale.sd), mean: scale.mean, sd: scale.sd };
  const y = standard.y;
  const base: GpData = { x: obs.x, y, n: obs.n, d, cat, finite };
  const objective = fitModel("objective", base);
  const constraints: ConstraintModel[] = [];
  for (const [name, column] of [...obs.constraints].sort(([a], [b]) => a.localeCompare(b))) {
    const model = constraintModel(column, base, (data) => fitModel(`constraint:${name}`, data));
    if (model !== null) constraints.push(model);
  }

  const bestRow = bestFeasibleRow(obs, y);
  const best = input.incumbent === null ? null : (-input.incumbent - standard.mean) / standard.sd;
  const posterior =
    objective === null
      ? null
      : withRunning(base, objective, input.pending, thetas[`${input.keyPrefix}objective`]);
  const extraStarts = bestRow < 0 ? [] : [obs.x.slice(bestRow * d, bestRow * d + d)];
  if (posterior === null) {
    // Not even jitter made the covariance factorable: fall back to a quasi-random point.
    const point = acquisitionCandidates({ dims, rng, nCandidates: 1, extraStarts: [], fixed });
    return { point, thetas, value: Number.NaN };
  }
  const { nCandidates, nLocalSearch } = settings;
  if (settings.acquisition === "ts") {
    const points = acquisitionCandidates({ dims, rng, nCandidates, extraStarts, fixed });
    const chosen = thompsonChoice(posterior, constraints, points, points.length / d, rng);
    return { point: points.slice(chosen * d, chosen * d + d), thetas, value: Number.NaN };
  }
  const cost = settings.costAware ? costModel(obs, base, (data) => fitModel("cost", data)) : null;
  const surface = new AcquisitionSurface({
    objective: posterior,
    best,
    constraints,
    kind: settings.acquisition,
    beta: settings.beta,
    cost,
  });
  const exclude = settings.avoidDuplicates && fixed === null ? triedPoints(dims, obs, input.pending) : null;
  const point = optimizeAcquisition({
    dims,
    surface,
    rng,
    nCandidates,
    nLocalSearch,
    extraStarts,
    fixed,
    exclude,
  });
  const value =
    input.withValue === true
      ? unitValue(settings, surface.value(point), best === null, standard.sd)
      : Number.NaN;
  return { point, thetas, value };
}

/**
 * An acquisition value on the outputs' own scale: EI scales with the standardization's sd (log EI
 * shifts by its log); log PI and a log probability of feasibility (while nothing is feasible) do not
 * depend on it. NaN for UCB and cost-aware values, which carry per-model offsets.
 */
function unitValue(settings: ProposalSettings, value: number, infeasible: boolean, sd: number): number {
  if (settings.costAware) return Number.NaN;
  if (infeasible) return value;
  switch (settings.acquisition) {
    case "logei":
      return value + Math.log(sd);
    case "ei":
      return value * sd;
    case "pi":
      return value;
    default:
      return Number.NaN;
  }
}

/**
 * In a space without continuous coordinates, a test for the points of the observations and of the
 * running trials (GP coordinates, snapped alike, so equal configurations are equal numbers); null
 * otherwise (a continuous coordinate makes repeats immaterial).
 */
function triedPoints(
  dims: readonly GpDim[],
  obs: Observations,
  pending: Float64Array | null,
): ((point: Float64Array) => boolean) | null {
  if (dims.some((dim) => dim.kind === "continuous")) return null;
  const d = dims.length;
  const keys = new Set<string>();
  const add = (x: Float64Array, rows: number) => {
    for (let i = 0; i < rows; i++) keys.add(x.subarray(i * d, i * d + d).join(","));
  };
  add(obs.x, obs.n);
  if (pending !== null) add(pending, pending.length / d);
  return (point) => keys.has(point.join(","));
}

/** Whether `values` holds two different numbers. */
function spread(values: Float64Array): boolean {
  for (const v of values) if (v !== values[0]) return true;
  return false;
}

/** The feasible observation with the largest standardized output, or −1 when none is feasible. */
function bestFeasibleRow(obs: Observations, y: Float64Array): number {
  let best: number | null = null;
  let bestRow = -1;
  for (let i = 0; i < obs.n; i++) {
    if (obs.feasible[i] === 1 && (best === null || (y[i] as number) > best)) {
      best = y[i] as number;
      bestRow = i;
    }
  }
  return bestRow;
}

/** The GP of log duration over the observations with times (at least 2), for cost-aware search. */
function costModel(
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
function constraintModel(
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
 * The objective's posterior with the running trials' points added as observations of the worst
 * standardized value (the constant liar), under the hyperparameters fitted without them.
 */
function withRunning(
  base: GpData,
  posterior: GpPosterior,
  pending: Float64Array | null,
  theta: readonly number[] | undefined,
): GpPosterior | null {
  if (pending === null || pending.length === 0 || theta === undefined) return posterior;
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
