import { logGaussMass, tabulatedUpperTail } from "../../math/normal-cdf.js";
import { jointSigma, neighbourSigmas } from "./bandwidth.js";
import type { KernelSpace } from "./kernel-space.js";
import {
  categoricalKernels,
  discreteLogMass,
  discreteLogMassBound,
  HALF_LOG_2PI,
  type Kernels,
  type NumericKernels,
  numericKernels,
} from "./kernels.js";
import type { ParzenOptions, TruncationMemo } from "./parzen-estimator.js";

/**
 * How a Parzen estimator's parts are built: kernels and mixture weights from observations (merging
 * identical kernels of one-parameter estimators), the per-component terms that do not depend on the
 * point, and the truncation masses.
 */

/** Normalised cumulative weights, for picking a component with one uniform. */
export function cumulativeWeights(logWeight: Float64Array): Float64Array {
  const m = logWeight.length;
  const cum = new Float64Array(m);
  let total = 0;
  for (let j = 0; j < m; j++) {
    total += Math.exp(logWeight[j] as number);
    cum[j] = total;
  }
  for (let j = 0; j < m; j++) cum[j] = (cum[j] as number) / total;
  return cum;
}

/** log weight − log truncation mass − Σ log(σ√2π) over continuous parameters, per component. */
export function componentBase(
  numeric: readonly NumericKernels[],
  logWeight: Float64Array,
  logMass: Float64Array,
): Float64Array {
  const m = logWeight.length;
  const base = new Float64Array(m);
  for (let j = 0; j < m; j++) base[j] = (logWeight[j] as number) - (logMass[j] as number);
  const continuous = numeric.filter((k) => k.space.step === 0);
  // The leading run of shared-width parameters subtracts one constant each from every observation
  // component: done in one pass, each component's subtractions in parameter order as below.
  let lead = 0;
  while (lead < continuous.length && !Number.isNaN((continuous[lead] as NumericKernels).sharedInvSigma))
    lead++;
  const shared = Float64Array.from(
    continuous.slice(0, lead),
    (k) => Math.log(k.sigma[0] as number) + HALF_LOG_2PI,
  );
  if (lead > 0) {
    // Four components side by side: each one's subtractions form a dependent chain.
    let j = 0;
    for (; j + 4 <= m - 1; j += 4) {
      let b0 = base[j] as number;
      let b1 = base[j + 1] as number;
      let b2 = base[j + 2] as number;
      let b3 = base[j + 3] as number;
      for (let i = 0; i < lead; i++) {
        const s = shared[i] as number;
        b0 -= s;
        b1 -= s;
        b2 -= s;
        b3 -= s;
      }
      base[j] = b0;
      base[j + 1] = b1;
      base[j + 2] = b2;
      base[j + 3] = b3;
    }
    for (; j < m - 1; j++) {
      let b = base[j] as number;
      for (let i = 0; i < lead; i++) b -= shared[i] as number;
      base[j] = b;
    }
  }
  for (let i = 0; i < continuous.length; i++) {
    const k = continuous[i] as NumericKernels;
    const sigma = k.sigma;
    let from = 0;
    if (!Number.isNaN(k.sharedInvSigma)) {
      if (i >= lead) {
        const s = Math.log(sigma[0] as number) + HALF_LOG_2PI;
        for (let j = 0; j < m - 1; j++) base[j] = (base[j] as number) - s;
      }
      from = m - 1;
    }
    for (let j = from; j < m; j++)
      base[j] = (base[j] as number) - Math.log(sigma[j] as number) - HALF_LOG_2PI;
  }
  return base;
}

/** Pass-1 term of a grid parameter: the exact memoised mass when shared, else a cheap upper bound. */
export function discreteFirstPass(k: NumericKernels, x: number, j: number, m: number): number {
  if (k.offsetTable !== null && j < m - 1) return discreteLogMass(k, x, j);
  return discreteLogMassBound(k, x, j);
}

/**
 * log of each component's mass inside the support, summed over the numeric parameters. Kernels centred
 * inside a support at least one width wide keep ≥ 19% of their mass, so 1 − Φ(a) − Φ(−b) needs only
 * absolute accuracy: the tabulated tails give it, multiplied over parameters under a single log. Other
 * kernels (centres outside a changed range) take the exact tail-accurate route.
 */
export function truncationLogMass(
  kernels: readonly Kernels[],
  m: number,
  memo: TruncationMemo | null,
): Float64Array {
  const summed = memo === null ? null : summedRows(kernels, memo);
  const product = new Float64Array(m).fill(1);
  const exact = new Float64Array(m);
  if (summed !== null) {
    // Every observation kernel's sum is cached: only the prior (the last component) goes on below.
    const rows = (memo as TruncationMemo).rows;
    let byRow: (Float64Array | null)[] | null = null;
    for (let j = 0; j < m - 1; j++) {
      const row = rows[j] as number;
      let v = summed[row] as number;
      if (Number.isNaN(v)) {
        byRow ??= kernels.map((k, p) =>
          k.kind === "numeric"
            ? (memo as TruncationMemo).cache.rowsFor(
                (memo as TruncationMemo).keys[p] as string,
                1 / k.sharedInvSigma,
                (memo as TruncationMemo).rowCount,
              )
            : null,
        );
        v = 0;
        for (let p = 0; p < kernels.length; p++) {
          const k = kernels[p] as Kernels;
          const masses = byRow[p];
          if (k.kind === "numeric" && masses != null) v += observationLogMass(k, j, row, masses);
        }
        summed[row] = v;
      }
      exact[j] = v;
    }
  }
  for (let p = 0; p < kernels.length; p++) {
    const k = kernels[p] as Kernels;
    if (k.kind !== "numeric") continue;
    const mu = k.mu;
    const invSigma = k.invSigma;
    const byRow =
      memo !== null && !Number.isNaN(k.sharedInvSigma)
        ? memo.cache.rowsFor(memo.keys[p] as string, 1 / k.sharedInvSigma, memo.rowCount)
        : null;
    const rows = memo?.rows;
    // Cached rows: every observation kernel (the last component, the prior, is never cached).
    const cachedUpTo = byRow !== null && rows !== undefined ? m - 1 : 0;
    for (let j = summed === null ? 0 : cachedUpTo; j < cachedUpTo; j++) {
      const row = (rows as Int32Array)[j] as number;
      let v = (byRow as Float64Array)[row] as number;
      if (Number.isNaN(v)) {
        const inv = invSigma[j] as number;
        v = kernelLogMass((k.lo - (mu[j] as number)) * inv, (k.hi - (mu[j] as number)) * inv);
        (byRow as Float64Array)[row] = v;
      }
      exact[j] = (exact[j] as number) + v;
    }
    for (let j = cachedUpTo; j < m; j++) {
      const inv = invSigma[j] as number;
      const a = (k.lo - (mu[j] as number)) * inv;
      const b = (k.hi - (mu[j] as number)) * inv;
      if (a <= 0 && b >= 0 && b - a >= 1) {
        product[j] = (product[j] as number) * (1 - tabulatedUpperTail(-a) - tabulatedUpperTail(b));
      } else {
        exact[j] = (exact[j] as number) + logGaussMass(a, b);
      }
    }
  }
  for (let j = 0; j < m; j++) {
    // A product of 1 (every mass cached or exact) would add log 1 = 0: skipping it is the same sum.
    const q = product[j] as number;
    if (q !== 1) exact[j] = (exact[j] as number) + Math.log(q);
  }
  return exact;
}

/**
 * Per row, the truncation log masses summed over the numeric parameters (in parameter order, so each
 * sum is the one the per-parameter loop would make), when every numeric parameter shares one width; else
 * null.
 */
function summedRows(kernels: readonly Kernels[], memo: TruncationMemo): Float64Array | null {
  const keys: string[] = [];
  const sigmas: number[] = [];
  for (let p = 0; p < kernels.length; p++) {
    const k = kernels[p] as Kernels;
    if (k.kind !== "numeric") continue;
    if (Number.isNaN(k.sharedInvSigma)) return null;
    keys.push(memo.keys[p] as string);
    sigmas.push(1 / k.sharedInvSigma);
  }
  return memo.cache.entry(`s\u0000${keys.join("\u0001")}`, sigmas, memo.rowCount, 1);
}

/** The truncation log mass of observation kernel j (study row `row`), cached by row in `byRow`. */
function observationLogMass(k: NumericKernels, j: number, row: number, byRow: Float64Array): number {
  let v = byRow[row] as number;
  if (Number.isNaN(v)) {
    const inv = k.invSigma[j] as number;
    v = kernelLogMass((k.lo - (k.mu[j] as number)) * inv, (k.hi - (k.mu[j] as number)) * inv);
    byRow[row] = v;
  }
  return v;
}

/** log(Φ(b) − Φ(a)) of one kernel: tabulated tails when it keeps its centre inside, else exact. */
function kernelLogMass(a: number, b: number): number {
  if (a <= 0 && b >= 0 && b - a >= 1) return Math.log1p(-tabulatedUpperTail(-a) - tabulatedUpperTail(b));
  return logGaussMass(a, b);
}

export interface Parts {
  readonly kernels: readonly Kernels[];
  readonly logWeight: Float64Array;
}

/** The kernels and mixture weights; one-parameter estimators merge identical kernels (exact). */
export function buildParts(
  spaces: readonly KernelSpace[],
  observations: Float64Array,
  n: number,
  weights: ArrayLike<number>,
  options: ParzenOptions,
): Parts {
  const dims = spaces.length;
  const only = spaces[0];
  if (dims === 1 && only !== undefined && n > 0) {
    if (only.kind === "categorical") return mergedCategorical(only, observations, n, weights, options);
    if (!options.multivariate) return mergedNumeric(only, observations, n, weights, options);
  }
  const logWeight = mixtureLogWeights(weights, n, options.priorWeight);
  // Centres and widths of every parameter in two buffers: one allocation each instead of one per
  // parameter (the estimator over ~1,000 observations is rebuilt every trial).
  const allCentres = new Float64Array(dims * (n + 1));
  const allSigmas = new Float64Array(dims * (n + 1));
  const kernels = spaces.map((space, p): Kernels => {
    const mu = observations.subarray(p * n, p * n + n);
    if (space.kind === "categorical") {
      const own = new Int32Array(n + 1);
      for (let j = 0; j < n; j++) own[j] = mu[j] as number;
      own[n] = -1;
      return categoricalKernels(space.nChoices, own, n + 1, options.priorWeight);
    }
    const sigma = allSigmas.subarray(p * (n + 1), (p + 1) * (n + 1));
    const centres = allCentres.subarray(p * (n + 1), (p + 1) * (n + 1));
    centres.set(mu);
    if (options.multivariate) sigma.fill(jointSigma(space, n, dims, options.considerMagicClip));
    else {
      const position = new Int32Array(n);
      neighbourSigmas(mu, space, options.considerEndpoints, options.considerMagicClip, sigma, position);
    }
    centres[n] = 0.5 * (space.low + space.high);
    sigma[n] = space.high - space.low + space.step;
    return numericKernels(space, centres, sigma, n, options.multivariate);
  });
  return { kernels, logWeight };
}

/** log(normalised weights) of the n observations followed by the prior; the prior alone when n = 0. */
function mixtureLogWeights(weights: ArrayLike<number>, n: number, priorWeight: number): Float64Array {
  const out = new Float64Array(n + 1);
  if (n === 0) return out; // log 1
  let total = priorWeight;
  for (let j = 0; j < n; j++) total += weights[j] as number;
  for (let j = 0; j < n; j++) out[j] = Math.log((weights[j] as number) / total);
  out[n] = Math.log(priorWeight / total);
  return out;
}

/**
 * The univariate estimator of one numeric parameter, with identical kernels merged (their weights
 * added): exact, and much smaller for grid parameters, where many observations share a value.
 */
function mergedNumeric(
  space: Extract<KernelSpace, { kind: "numeric" }>,
  observations: Float64Array,
  n: number,
  weights: ArrayLike<number>,
  options: ParzenOptions,
): Parts {
  const mu = observations.subarray(0, n);
  const sigma = new Float64Array(n);
  const position = new Int32Array(n);
  neighbourSigmas(mu, space, options.considerEndpoints, options.considerMagicClip, sigma, position);
  const logWeight = mixtureLogWeights(weights, n, options.priorWeight);
  const order = new Int32Array(n); // observations in sorted order
  for (let j = 0; j < n; j++) order[position[j] as number] = j;
  const mergedMu = new Float64Array(n + 1);
  const mergedSigma = new Float64Array(n + 1);
  const mergedWeight = new Float64Array(n + 1);
  let size = 0;
  for (let i = 0; i < n; i++) {
    const j = order[i] as number;
    const w = Math.exp(logWeight[j] as number);
    if (size > 0 && mergedMu[size - 1] === mu[j] && mergedSigma[size - 1] === sigma[j]) {
      mergedWeight[size - 1] = (mergedWeight[size - 1] as number) + w;
    } else {
      mergedMu[size] = mu[j] as number;
      mergedSigma[size] = sigma[j] as number;
      mergedWeight[size] = w;
      size++;
    }
  }
  mergedMu[size] = 0.5 * (space.low + space.high);
  mergedSigma[size] = space.high - space.low + space.step;
  mergedWeight[size] = Math.exp(logWeight[n] as number);
  size++;
  const kernels = numericKernels(space, mergedMu.slice(0, size), mergedSigma.slice(0, size), 0);
  const merged = new Float64Array(size);
  for (let i = 0; i < size; i++) merged[i] = Math.log(mergedWeight[i] as number);
  return { kernels: [kernels], logWeight: merged };
}

/** One categorical parameter: observations of the same choice have identical kernels, so merge them. */
function mergedCategorical(
  space: Extract<KernelSpace, { kind: "categorical" }>,
  observations: Float64Array,
  n: number,
  weights: ArrayLike<number>,
  options: ParzenOptions,
): Parts {
  const logWeight = mixtureLogWeights(weights, n, options.priorWeight);
  const byChoice = new Float64Array(space.nChoices);
  for (let j = 0; j < n; j++) {
    const c = observations[j] as number;
    byChoice[c] = (byChoice[c] as number) + Math.exp(logWeight[j] as number);
  }
  const own: number[] = [];
  const merged: number[] = [];
  for (let c = 0; c < space.nChoices; c++) {
    if ((byChoice[c] as number) > 0) {
      own.push(c);
      merged.push(Math.log(byChoice[c] as number));
    }
  }
  own.push(-1);
  merged.push(logWeight[n] as number);
  // The kernel shape depends on the number of observations (n + 1 kernels), not on the merged count.
  const kernels = categoricalKernels(space.nChoices, Int32Array.from(own), n + 1, options.priorWeight);
  return { kernels: [kernels], logWeight: Float64Array.from(merged) };
}
