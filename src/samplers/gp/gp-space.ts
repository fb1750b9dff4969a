import type { Distribution, SearchSpace } from "../../search-space/distribution.js";

/** How the GP treats one parameter. */
export const GP_DIM_KINDS = ["continuous", "discrete", "categorical"] as const;
/** One of {@link GP_DIM_KINDS}. */
export type GpDimKind = (typeof GP_DIM_KINDS)[number];

/**
 * One parameter in the GP's coordinates. Numeric parameters live in [0, 1]: a float on its linear or log
 * scale; an int or stepped float on the same scale widened by half a step at each end, so that every
 * grid point owns an equal share of [0, 1], and always snapped to its grid before the kernel sees it. A
 * categorical keeps its choice index (the kernel compares indices for equality only).
 */
export interface GpDim {
  readonly name: string;
  readonly dist: Distribution;
  readonly kind: GpDimKind;
  /** Ends of the transformed (log or linear) range that maps onto [0, 1]; unused for categoricals. */
  readonly lo: number;
  readonly hi: number;
  readonly log: boolean;
  /** Number of values: grid points of a discrete dimension, choices of a categorical; 0 when continuous. */
  readonly size: number;
}

/**
 * The GP coordinates of a search space, one {@link GpDim} per parameter in the space's (sorted) order.
 * @example
 * const dims = gpDims({ x: { type: "float", low: 0, high: 10, log: false, step: null } });
 * toUnit(dims[0], 5); // 0.5
 */
export function gpDims(space: SearchSpace): GpDim[] {
  return Object.keys(space).map((name) => gpDim(name, space[name] as Distribution));
}

function gpDim(name: string, dist: Distribution): GpDim {
  if (dist.type === "categorical") {
    return { name, dist, kind: "categorical", lo: 0, hi: 0, log: false, size: dist.choices.length };
  }
  const step: number | null = dist.step;
  const log = dist.log;
  if (step === null) {
    const lo = log ? Math.log(dist.low) : dist.low;
    const hi = log ? Math.log(dist.high) : dist.high;
    return { name, dist, kind: "continuous", lo, hi, log, size: 0 };
  }
  const size = Math.floor((dist.high - dist.low) / step + 1e-9) + 1;
  const lo = log ? Math.log(dist.low - 0.5 * step) : dist.low - 0.5 * step;
  const hi = log ? Math.log(dist.high + 0.5 * step) : dist.high + 0.5 * step;
  return { name, dist, kind: "discrete", lo, hi, log, size };
}

/**
 * Internal value → GP coordinate (a categorical's index as is).
 * @example
 * toUnit(dim, 5);
 */
export function toUnit(dim: GpDim, internal: number): number {
  if (dim.kind === "categorical") return internal;
  const t = dim.log ? Math.log(internal) : internal;
  const span = dim.hi - dim.lo;
  return span > 0 ? (t - dim.lo) / span : 0.5;
}

/**
 * GP coordinate → internal value, snapped to the grid and clamped into the distribution.
 * @example
 * fromUnit(dim, 0.5);
 */
export function fromUnit(dim: GpDim, u: number): number {
  const dist = dim.dist;
  if (dist.type === "categorical") return Math.min(dim.size - 1, Math.max(0, Math.round(u)));
  const t = dim.lo + Math.min(1, Math.max(0, u)) * (dim.hi - dim.lo);
  const v = dim.log ? Math.exp(t) : t;
  const step = dist.step;
  if (dim.kind === "continuous" || step === null) return Math.min(dist.high, Math.max(dist.low, v));
  const k = Math.min(dim.size - 1, Math.max(0, Math.round((v - dist.low) / step)));
  return Math.min(dist.high, dist.low + k * step);
}

/**
 * The coordinate of the grid point (or choice) nearest to `u`: what the kernel sees for a discrete or
 * categorical dimension. Continuous coordinates are only clamped into [0, 1].
 * @example
 * snapUnit(dim, 0.37);
 */
export function snapUnit(dim: GpDim, u: number): number {
  if (dim.kind === "continuous") return Math.min(1, Math.max(0, u));
  if (dim.kind === "categorical") return fromUnit(dim, u);
  return toUnit(dim, fromUnit(dim, u));
}

/**
 * Coordinate of the k-th grid point (discrete) or the k-th choice (categorical).
 * @example
 * gridUnit(dim, 0);
 */
export function gridUnit(dim: GpDim, k: number): number {
  const dist = dim.dist;
  if (dist.type === "categorical") return k;
  const step = dist.step as number;
  return toUnit(dim, Math.min(dist.high, dist.low + k * step));
}

/**
 * Index of the grid point or choice a snapped coordinate stands for.
 * @example
 * gridIndex(dim, snapUnit(dim, 0.37));
 */
export function gridIndex(dim: GpDim, u: number): number {
  const dist = dim.dist;
  if (dist.type === "categorical") return Math.round(u);
  return Math.round((fromUnit(dim, u) - dist.low) / (dist.step as number));
}
