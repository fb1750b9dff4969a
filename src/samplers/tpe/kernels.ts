import { logGaussMass, logNormalPdf } from "../../math/normal-cdf.js";
import type { Rng } from "../../math/rng.js";
import { sampleStandard } from "../../math/truncated-normal.js";
import type { KernelSpace } from "./kernel-space.js";

/** Largest memo of discrete kernel masses by grid offset (2·cells + 1 entries). */
const MAX_OFFSET_TABLE = 1 << 16;
/** log √(2π). */
export const HALF_LOG_2PI = -logNormalPdf(0);
/** The numeric kernels of one parameter: truncated normals, continuous or on a grid. */
export interface NumericKernels {
  readonly kind: "numeric";
  readonly space: Extract<KernelSpace, { kind: "numeric" }>;
  readonly mu: Float64Array;
  readonly sigma: Float64Array;
  readonly invSigma: Float64Array;
  /** 1/σ when every component but the last (the prior) shares one width, else NaN. */
  readonly sharedInvSigma: number;
  /** log(step/σ) per component of a grid parameter (the cell width in standard units), else null. */
  readonly logCell: Float64Array | null;
  /** The support, [low − step/2, high + step/2]. */
  readonly lo: number;
  readonly hi: number;
  /**
   * Discrete kernels that share one width and sit on the grid: the log mass of a grid cell depends only
   * on its offset from the centre, memoised here by offset + cells (NaN until computed); else null.
   */
  readonly offsetTable: Float64Array | null;
  readonly cells: number;
}

/** The categorical kernels of one parameter. */
export interface CategoricalKernels {
  readonly kind: "categorical";
  readonly nChoices: number;
  /** Each component's own choice; −1 for the prior (uniform). */
  readonly own: Int32Array;
  /** Probability a component gives its own choice, and the logs of that and of each other choice. */
  readonly pOwn: number;
  readonly logOwn: number;
  readonly logOther: number;
}

/** The kernels of one parameter. */
export type Kernels = NumericKernels | CategoricalKernels;

/**
 * Numeric kernels from component centres and widths (model space). `observed` components (all but the
 * trailing prior) may share one width, which enables the fast paths; `sharedWidth` says the caller
 * filled them with one width, which spares the check.
 */
export function numericKernels(
  space: Extract<KernelSpace, { kind: "numeric" }>,
  mu: Float64Array,
  sigma: Float64Array,
  observed: number,
  sharedWidth = false,
): NumericKernels {
  const m = mu.length;
  const lo = space.low - space.step / 2;
  const hi = space.high + space.step / 2;
  const invSigma = new Float64Array(m);
  let shared = observed > 0;
  const s0 = sigma[0] as number;
  for (let j = 0; j < observed && shared && !sharedWidth; j++) shared = sigma[j] === s0;
  if (shared) {
    invSigma.fill(1 / s0);
    for (let j = observed; j < m; j++) invSigma[j] = 1 / (sigma[j] as number);
  } else {
    for (let j = 0; j < m; j++) invSigma[j] = 1 / (sigma[j] as number);
  }
  const cells = space.step > 0 ? Math.round((space.high - space.low) / space.step) : 0;
  let table: Float64Array | null = null;
  if (space.step > 0 && shared && 2 * cells + 1 <= MAX_OFFSET_TABLE) {
    let onGrid = true;
    for (let j = 0; j < observed && onGrid; j++) {
      const k = ((mu[j] as number) - space.low) / space.step;
      onGrid = Math.abs(k - Math.round(k)) < 1e-9;
    }
    if (onGrid) table = new Float64Array(2 * cells + 1).fill(Number.NaN);
  }
  const sharedInvSigma = shared ? 1 / s0 : Number.NaN;
  let logCell: Float64Array | null = null;
  if (space.step > 0) {
    logCell = new Float64Array(m);
    for (let j = 0; j < m; j++) logCell[j] = Math.log(space.step * (invSigma[j] as number));
  }
  return {
    kind: "numeric",
    space,
    mu,
    sigma,
    invSigma,
    sharedInvSigma,
    logCell,
    lo,
    hi,
    offsetTable: table,
    cells,
  };
}

/** Categorical kernels: each row ∝ priorWeight/kernelCount on every choice plus 1 on its own. */
export function categoricalKernels(
  nChoices: number,
  own: Int32Array,
  kernelCount: number,
  priorWeight: number,
): CategoricalKernels {
  const spread = priorWeight / kernelCount;
  const row = 1 + nChoices * spread;
  const pOwn = (1 + spread) / row;
  const pOther = spread / row;
  return { kind: "categorical", nChoices, own, pOwn, logOwn: Math.log(pOwn), logOther: Math.log(pOther) };
}

/** A draw from numeric component j (model space, clamped to the support). */
export function sampleNumeric(k: NumericKernels, j: number, rng: Rng): number {
  const inv = k.invSigma[j] as number;
  const mu = k.mu[j] as number;
  const z = sampleStandard(rng, (k.lo - mu) * inv, (k.hi - mu) * inv);
  const v = (k.mu[j] as number) + (k.sigma[j] as number) * z;
  return Math.min(k.space.high + k.space.step / 2, Math.max(k.space.low - k.space.step / 2, v));
}

/** A draw from categorical component j, with one uniform. */
export function sampleChoice(k: CategoricalKernels, j: number, u: number): number {
  const own = k.own[j] as number;
  const n = k.nChoices;
  if (own < 0) return Math.min(n - 1, Math.floor(u * n));
  if (u < k.pOwn || n === 1) return own;
  const other = Math.min(n - 2, Math.floor(((u - k.pOwn) / (1 - k.pOwn)) * (n - 1)));
  return other < own ? other : other + 1;
}

/**
 * acc[j] −= ½·((x − μj)/σj)² for components from..to−1 (the rest of the log density is in the base).
 * Joint estimators' shared-width parameters take the faster `SharedWidthBlock` instead.
 */
export function addContinuous(
  k: NumericKernels,
  x: number,
  acc: Float64Array,
  from: number,
  to: number,
): void {
  const mu = k.mu;
  const inv = k.invSigma;
  for (let j = from; j < to; j++) {
    const z = (x - (mu[j] as number)) * (inv[j] as number);
    acc[j] = (acc[j] as number) - 0.5 * z * z;
  }
}

/** acc[j] += log P(choice x) under components from..to−1. */
export function addCategorical(
  k: CategoricalKernels,
  x: number,
  acc: Float64Array,
  from: number,
  to: number,
): void {
  const uniform = -Math.log(k.nChoices);
  const own = k.own;
  for (let j = from; j < to; j++) {
    const o = own[j] as number;
    acc[j] = (acc[j] as number) + (o < 0 ? uniform : o === x ? k.logOwn : k.logOther);
  }
}

/** The exact log mass of x's grid cell under component j (untruncated; the normaliser is apart). */
export function discreteLogMass(k: NumericKernels, x: number, j: number): number {
  const mu = k.mu[j] as number;
  const inv = k.invSigma[j] as number;
  const half = k.space.step / 2;
  const table = k.offsetTable;
  if (table !== null && j < k.mu.length - 1) {
    const offset = Math.round((x - mu) / k.space.step) + k.cells;
    let term = table[offset] as number;
    if (Number.isNaN(term)) {
      term = logGaussMass((x - half - mu) * inv, (x + half - mu) * inv);
      table[offset] = term;
    }
    return term;
  }
  return logGaussMass((x - half - mu) * inv, (x + half - mu) * inv);
}

/**
 * An upper bound on {@link discreteLogMass} without any special function: the cell's width times the
 * density at its point nearest the centre, capped at log 1.
 */
export function discreteLogMassBound(k: NumericKernels, x: number, j: number): number {
  const inv = k.invSigma[j] as number;
  const d = Math.max(0, Math.abs(x - (k.mu[j] as number)) * inv - (k.space.step / 2) * inv);
  return Math.min(0, ((k.logCell as Float64Array)[j] as number) - HALF_LOG_2PI - 0.5 * d * d);
}
