import { type Observations, standardize } from "./gp-data.js";
import { fitGp, type GpData, logPosterior, shouldRefit } from "./gp-fit.js";
import type { GpDim } from "./gp-space.js";
import { powerWarp } from "./output-warp.js";

/** How the GP's outputs are transformed: chosen per trial by evidence, always warped, or never. */
export const OUTPUT_WARPS = ["auto", "power", "none"] as const;
/** One of {@link OUTPUT_WARPS}. */
export type OutputWarp = (typeof OUTPUT_WARPS)[number];

/** Keys under which the choice keeps its fits with the GP's other hyperparameters. */
const IDENTITY_KEY = "warp:identity";
const POWER_KEY = "warp:power";
const CHOICE_KEY = "warp:choice";

/** The choice is re-made on every this-many-th trial (and the first); in between the last one stands. */
const CHOOSE_EVERY = 5;

/**
 * Raw losses whose GP needs less noise variance than this (standardized units) are taken as noise-free,
 * and the warped GP is then scored without a noise term (see {@link chooseOutputWarp}).
 */
const NOISE_FREE_BELOW = 1e-3;

/** The losses the GP models, the warm start for its objective fit, and what to store for the next trial. */
export interface WarpChoice {
  readonly loss: Float64Array;
  readonly warped: boolean;
  /** Hyperparameters of the chosen model to start the objective's fit from, or null (the usual start). */
  readonly objectiveStart: readonly number[] | null;
  /** Entries to keep with the trial's fits. */
  readonly thetas: Record<string, number[]>;
}

/**
 * The losses the objective's GP models. `"none"`: as they are. `"power"`: after {@link powerWarp}.
 * `"auto"`: whichever of the two the data make likelier, by each model's log posterior in the losses'
 * own units — the GP's log posterior on its standardized outputs, minus n log of the standardization's
 * sd, plus the warp's log Jacobian — at its hyperparameters: the model in use at the objective's last
 * fit (the proposal refits it every trial), the other refitted warm from its own last fit. The choice is
 * made on the first trial and re-made on every {@link CHOOSE_EVERY}th (past 100 observations only on
 * those of `shouldRefit`'s trials, as the fits are); in between the last one stands, so the refit and
 * the two factorizations it costs are spread over five trials. Order is kept either way, so the best
 * trial stays the best.
 *
 * When the raw GP finds (almost) no noise — its noise variance below {@link NOISE_FREE_BELOW} — the
 * warped GP is scored with its noise pinned at the minimum: a monotone transform of a noise-free function
 * is noise-free, but a log-like warp turns a smooth minimum at 0 into a cusp that a GP with a noise term
 * explains as noise (2-D Rosenbrock: noise variance 0.02–0.1 from 30 trials on) and so wins the
 * comparison while it can no longer resolve the small improvements near the minimum. Pinned, such a warp
 * loses to the raw losses. The pin is for the choice only: a warp that wins is fitted for the proposal
 * with its noise free, as smoothing a rugged warped surface helps the search (levy10, 20 seeds, median
 * best at 100 trials with the choice made every trial: 3.2 with the pin for the choice only, 6.7 with it
 * for the proposal too, 4.8 raw).
 * @example
 * const choice = chooseOutputWarp({ mode: "auto", obs, dims, loss, deterministic: false, previous: null });
 */
export function chooseOutputWarp(args: {
  readonly mode: OutputWarp;
  readonly obs: Observations;
  readonly dims: readonly GpDim[];
  readonly loss: Float64Array;
  readonly deterministic: boolean;
  /** The last trial's fits by key (the objective's under "objective"), or null. */
  readonly previous: Readonly<Record<string, readonly number[]>> | null;
}): WarpChoice {
  const { mode, obs, dims, loss, deterministic, previous } = args;
  if (mode === "none") return { loss, warped: false, objectiveStart: null, thetas: {} };
  const warp = powerWarp(loss);
  if (mode === "power") return { loss: warp.y, warped: true, objectiveStart: null, thetas: {} };
  const n = loss.length;
  const d = dims.length;
  const stored = (key: string) => {
    const theta = previous?.[key];
    return theta === undefined || theta.length !== d + 2 ? null : Float64Array.from(theta);
  };
  const kept = previous?.[CHOICE_KEY];
  const wasWarped = kept?.[0] === 1;
  if (kept !== undefined && !(n % CHOOSE_EVERY === 0 && shouldRefit(n))) {
    const thetas: Record<string, number[]> = { [CHOICE_KEY]: [...kept] };
    for (const key of [IDENTITY_KEY, POWER_KEY]) {
      const theta = previous?.[key];
      if (theta !== undefined) thetas[key] = [...theta];
    }
    return { loss: wasWarped ? warp.y : loss, warped: wasWarped, objectiveStart: null, thetas };
  }
  const cat = Uint8Array.from(dims, (dim) => (dim.kind === "categorical" ? 1 : 0));
  const finite = Uint8Array.from(dims, (dim) => (dim.kind === "continuous" ? 0 : 1));
  const objective = stored("objective");
  const model = (values: Float64Array, logJacobian: number, key: string, inUse: boolean, pin: boolean) => {
    const { y, sd } = standardize(Float64Array.from(values, (v) => -v));
    const data: GpData = { x: obs.x, y, n, d, cat, finite };
    // The model in use is scored at the objective's last fit, which the proposal refits every trial —
    // but that fit's noise is free, so a pinned model, like the other one, is refitted (warm) here.
    const own = !inUse || pin;
    const last = own ? stored(key) : (objective ?? stored(key));
    const theta: Float64Array =
      last === null || own
        ? fitGp(data, { deterministic: deterministic || pin, warmStart: last }).theta
        : last;
    const value = logPosterior(data, theta, null);
    return { evidence: value - n * Math.log(sd) + logJacobian, theta: [...theta] };
  };
  const identity = model(loss, 0, IDENTITY_KEY, kept !== undefined && !wasWarped, false);
  const pin = !deterministic && (identity.theta[d + 1] as number) < Math.log(NOISE_FREE_BELOW);
  const power = model(warp.y, warp.logJacobian, POWER_KEY, kept !== undefined && wasWarped, pin);
  // NaN (a covariance that cannot be factored) never wins.
  const warped =
    power.evidence > identity.evidence || (Number.isNaN(identity.evidence) && !Number.isNaN(power.evidence));
  return {
    loss: warped ? warp.y : loss,
    warped,
    objectiveStart: warped === wasWarped && kept !== undefined ? null : warped ? power.theta : identity.theta,
    thetas: { [IDENTITY_KEY]: identity.theta, [POWER_KEY]: power.theta, [CHOICE_KEY]: [warped ? 1 : 0] },
  };
}
