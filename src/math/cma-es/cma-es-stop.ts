import type { CmaEsState } from "./cma-es-state.js";

/**
 * Generations of best values the flat-fitness test looks back over: 10 + ⌈30n/λ⌉, Hansen's window
 * (long enough that a slow but steady descent is not mistaken for a plateau).
 * @example
 * flatWindow(8, 10); // 34
 */
export function flatWindow(dim: number, popsize: number): number {
  return 10 + Math.ceil((30 * dim) / popsize);
}

/** Hansen's TolFun, absolute: what a best of exactly 0 must stay within. */
const TOL_FUN_ABSOLUTE = 1e-12;
/**
 * TolFun relative to |best|: the objective moved by less than this fraction over the window and within
 * the last generation. Hansen's 1e-12 never fires within hyperparameter budgets (on styblinski_tang8 no
 * run restarted in 1,000 trials); a hundredth of a percent over 10 + ⌈30n/λ⌉ generations is a
 * plateau for any objective measured on trials.
 */
const TOL_FUN = 1e-4;
/**
 * TolX: a spread σ·max D below this fraction of σ₀ (with σ₀ = 1/6, under 2e-4 of each range) moves
 * candidates by less than a hyperparameter's useful resolution. Hansen uses 1e-12·σ₀, for cheap functions.
 */
const TOL_X = 1e-3;
/** Hansen's TolConditionCov: beyond it C is numerically singular and the search lives in a subspace. */
const MAX_CONDITION = 1e14;

/** Why a search should restart, or null while it is making progress. */
export type StopReason = "tolFun" | "tolX" | "condition" | null;

/**
 * The stopping criteria a restart strategy acts on (a subset of Hansen's, beside `isDegenerate`):
 * - `tolFun`: the window of {@link flatWindow} generation bests (`recentBests`, oldest first, lower is
 *   better) is full, and both their range and the range of the last generation's values are below
 *   TolFun relative to max(1, |best|);
 * - `tolX`: σ·max D < 1e-9·σ₀;
 * - `condition`: C's condition number (max D / min D)² > 1e14.
 * NoEffectAxis and NoEffectCoord are left out: on a unit cube they fire only after tolX would.
 * @example
 * const reason = stopReason(state, 1 / 6, bests, lastValues);
 */
export function stopReason(
  state: CmaEsState,
  sigma0: number,
  recentBests: readonly number[],
  lastValues: readonly number[],
): StopReason {
  const window = flatWindow(state.dim, state.popsize);
  if (recentBests.length >= window && lastValues.length > 0) {
    const bests = recentBests.slice(-window);
    const tol = TOL_FUN_ABSOLUTE + TOL_FUN * Math.abs(Math.min(...bests));
    if (range(bests) <= tol && range(lastValues) <= tol) return "tolFun";
  }
  const maxD = Math.max(...state.axisLengths);
  if (state.sigma * maxD < TOL_X * sigma0) return "tolX";
  const minD = Math.min(...state.axisLengths);
  if ((maxD / minD) ** 2 > MAX_CONDITION) return "condition";
  return null;
}

function range(values: readonly number[]): number {
  const finite = values.filter(Number.isFinite);
  // A generation with no finite value has no measurable progress; an empty window is not flat.
  if (finite.length === 0) return Number.POSITIVE_INFINITY;
  return Math.max(...finite) - Math.min(...finite);
}
