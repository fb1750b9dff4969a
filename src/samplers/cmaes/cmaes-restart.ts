import { initCmaEs } from "../../math/cma-es/cma-es.js";
import type { CmaEsState } from "../../math/cma-es/cma-es-state.js";
import { flatWindow } from "../../math/cma-es/cma-es-stop.js";
import { Rng } from "../../math/rng.js";
import type { JsonValue } from "../../trial/frozen-trial.js";

/** The restart strategies of {@link CmaEsSampler}. */
export const CMAES_RESTARTS = ["ipop", "bipop"] as const;
/** See {@link CMAES_RESTARTS}; null restarts only a collapsed search, at its mean. */
export type CmaEsRestart = (typeof CMAES_RESTARTS)[number] | null;

/**
 * Where a study's restart sequence stands, kept in its CMA-ES record so every worker and a restarted
 * process continue the same sequence. Records written before restarts existed read as {@link NO_RESTARTS}.
 */
export interface CmaEsRestarts {
  /** Restarts so far (any regime). */
  readonly count: number;
  /** The regime of the current run: "large" (IPOP's doubling populations) or "small" (BIPOP's). */
  readonly regime: "large" | "small";
  /** Large-regime restarts so far: the current (or last) large run has λ = λ₀·2^largeRuns. */
  readonly largeRuns: number;
  /** Evaluations told in each regime; BIPOP starts a small run while the small regime has used less. */
  readonly largeEvals: number;
  readonly smallEvals: number;
  /** The best value of each of the current run's last generations, oldest first (lower is better). */
  readonly recentBests: readonly number[];
}

/** The state of a study before its first restart (the first run counts as a large-regime run). */
export const NO_RESTARTS: CmaEsRestarts = {
  count: 0,
  regime: "large",
  largeRuns: 0,
  largeEvals: 0,
  smallEvals: 0,
  recentBests: [],
};

/**
 * The restart bookkeeping after one more generation of `state.popsize` evaluations whose (minimised)
 * values are `values`: the budget of the current regime grows, the generation's best joins the window.
 * @example
 * restarts = afterGeneration(restarts, state, [3, 1, 2]);
 */
export function afterGeneration(
  restarts: CmaEsRestarts,
  state: CmaEsState,
  values: readonly number[],
): CmaEsRestarts {
  const best = Math.min(...values.map((v) => (Number.isNaN(v) ? Number.POSITIVE_INFINITY : v)));
  const window = flatWindow(state.dim, state.popsize);
  const large = restarts.regime === "large";
  return {
    ...restarts,
    largeEvals: restarts.largeEvals + (large ? values.length : 0),
    smallEvals: restarts.smallEvals + (large ? 0 : values.length),
    recentBests: [...restarts.recentBests, best].slice(-window),
  };
}

/** What {@link nextRun} needs beside the bookkeeping. */
export interface RestartContext {
  readonly strategy: "ipop" | "bipop";
  /** The record's seed: the new mean and BIPOP's draws come from it and the restart count. */
  readonly seed: number;
  readonly dim: number;
  /** λ₀, the first run's population. */
  readonly basePopsize: number;
  /** σ₀, the first run's step size (unit-cube units). */
  readonly sigma0: number;
}

/**
 * The next run after a stagnated one: a fresh state (C = I, empty paths) at a mean uniform in the unit
 * cube, drawn from the record's seed and the restart number, so every worker computes the same one.
 * - IPOP (Auger & Hansen 2005): σ₀ and λ = λ₀·2^k at the k-th restart (population factor 2).
 * - BIPOP (Hansen 2009): while the small regime has used fewer evaluations than the large one, a small
 *   run with λ = ⌊λ₀·(λ_large/(2λ₀))^(u²)⌋ (at least 2) and σ = σ₀·10^(−2v), u, v uniform in [0, 1),
 *   λ_large the last large run's population; otherwise the next large (IPOP) run. The first run counts as
 *   large. Simplified from the paper: the budget test is evaluations told, not a look-ahead.
 * @example
 * const { state, restarts } = nextRun(record.restarts, { strategy: "ipop", seed, dim: 2, basePopsize: 6, sigma0: 1 / 6 });
 */
export function nextRun(
  restarts: CmaEsRestarts,
  ctx: RestartContext,
): { readonly state: CmaEsState; readonly restarts: CmaEsRestarts } {
  const count = restarts.count + 1;
  const rng = Rng.derive(ctx.seed, "cmaes-restart", count);
  const mean = Array.from({ length: ctx.dim }, () => rng.random());
  const small = ctx.strategy === "bipop" && restarts.smallEvals < restarts.largeEvals;
  if (small) {
    const largePopsize = ctx.basePopsize * 2 ** restarts.largeRuns;
    const u = rng.random();
    const v = rng.random();
    const popsize = Math.max(
      2,
      Math.floor(ctx.basePopsize * (largePopsize / (2 * ctx.basePopsize)) ** (u * u)),
    );
    return {
      state: initCmaEs({ mean, sigma: ctx.sigma0 * 10 ** (-2 * v), popsize }),
      restarts: { ...restarts, count, regime: "small", recentBests: [] },
    };
  }
  const largeRuns = restarts.largeRuns + 1;
  return {
    state: initCmaEs({ mean, sigma: ctx.sigma0, popsize: ctx.basePopsize * 2 ** largeRuns }),
    restarts: { ...restarts, count, regime: "large", largeRuns, recentBests: [] },
  };
}

/** The bookkeeping as stored JSON. */
export function restartsToJson(restarts: CmaEsRestarts): JsonValue {
  return { ...restarts, recentBests: restarts.recentBests.map((v) => (Number.isFinite(v) ? v : null)) };
}

/**
 * Reads {@link restartsToJson}'s form; {@link NO_RESTARTS} when absent (a record from before restarts),
 * null when present but unreadable.
 */
export function restartsFromJson(value: JsonValue | undefined): CmaEsRestarts | null {
  if (value === undefined) return NO_RESTARTS;
  if (value === null || typeof value !== "object" || Array.isArray(value)) return null;
  const { count, regime, largeRuns, largeEvals, smallEvals, recentBests } = value as Record<
    string,
    JsonValue
  >;
  const counts = [count, largeRuns, largeEvals, smallEvals];
  if (!counts.every((c) => typeof c === "number" && Number.isInteger(c) && c >= 0)) return null;
  if (regime !== "large" && regime !== "small") return null;
  if (!Array.isArray(recentBests) || !recentBests.every((v) => v === null || typeof v === "number"))
    return null;
  return {
    count: count as number,
    regime,
    largeRuns: largeRuns as number,
    largeEvals: largeEvals as number,
    smallEvals: smallEvals as number,
    // Infinite bests (a generation of NaNs) are stored as null: JSON has no Infinity.
    recentBests: recentBests.map((v) => (v === null ? Number.POSITIVE_INFINITY : v)),
  };
}
