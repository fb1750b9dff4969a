import { InvalidArgumentError } from "../../errors.js";
import type { Rng } from "../rng.js";
import { symmetricEigen } from "../symmetric-eigen.js";
import { cmaEsParams } from "./cma-es-params.js";
import type { CmaEsState } from "./cma-es-state.js";

export { type CmaEsParams, cmaEsParams, defaultPopsize } from "./cma-es-params.js";
export {
  CMA_ES_STATE_FORMAT,
  type CmaEsInit,
  type CmaEsState,
  cmaEsStateFromJson,
  cmaEsStateToJson,
  initCmaEs,
} from "./cma-es-state.js";

/** A candidate and its objective value (lower is better; NaN ranks last). */
export interface CmaEsSolution {
  readonly x: ArrayLike<number>;
  readonly value: number;
}

/**
 * Draws beyond the first before a candidate outside the unit cube is clipped instead: enough that a
 * well-placed distribution almost never clips, few enough that a mean stuck on a face stays cheap.
 */
const RESAMPLE_ATTEMPTS = 100;

/**
 * One candidate x = m + σ·B·D·z with z ~ N(0, I), inside the unit cube: a draw outside it is redrawn up
 * to {@link RESAMPLE_ATTEMPTS} times, then the last draw is clipped onto the cube.
 * @example
 * const x = sample(state, Rng.derive(seed, trialNumber, "cmaes"));
 */
export function sample(state: CmaEsState, rng: Rng): Float64Array {
  const n = state.dim;
  const z = new Float64Array(n);
  const x = new Float64Array(n);
  for (let attempt = 0; attempt <= RESAMPLE_ATTEMPTS; attempt++) {
    for (let k = 0; k < n; k++) z[k] = (state.axisLengths[k] as number) * rng.normal();
    let inside = true;
    for (let i = 0; i < n; i++) {
      let y = 0;
      for (let k = 0; k < n; k++) y += (state.eigenvectors[i * n + k] as number) * (z[k] as number);
      const xi = (state.mean[i] as number) + state.sigma * y;
      x[i] = xi;
      if (!(xi >= 0 && xi <= 1)) inside = false;
    }
    if (inside) return x;
  }
  for (let i = 0; i < n; i++) x[i] = Math.min(1, Math.max(0, x[i] as number));
  return x;
}

/**
 * One generation of the tutorial's CMA-ES: ranks the λ solutions, moves the mean to the weighted mean of
 * the best μ, updates the paths p_σ and p_c, C (rank-one and rank-μ) and σ (cumulative step-size
 * adaptation), and recomputes B and D when {@link CmaEsParams.eigenInterval} generations have passed.
 * Returns a new state; the input is not modified.
 * @example
 * state = update(state, candidates.map((x) => ({ x, value: f(x) })));
 */
export function update(state: CmaEsState, solutions: readonly CmaEsSolution[]): CmaEsState {
  const n = state.dim;
  if (solutions.length !== state.popsize) {
    throw new InvalidArgumentError(
      `CMA-ES update: a generation needs exactly popsize = ${state.popsize} solutions, but got ${solutions.length}. Evaluate popsize candidates before updating.`,
      { name: "solutions", value: solutions.length },
    );
  }
  for (const s of solutions) {
    if (s.x.length !== n) {
      throw new InvalidArgumentError(
        `CMA-ES update: every solution must have ${n} coordinates, but one has ${s.x.length}.`,
        { name: "x", value: s.x.length },
      );
    }
  }
  const p = cmaEsParams(n, state.popsize);
  const ranked = [...solutions].sort((a, b) => rankValue(a.value) - rankValue(b.value));
  const { sigma, mean } = state;

  // y_i = (x_i − m)/σ for the μ best, and their weighted mean ⟨y⟩_w.
  const ys = ranked
    .slice(0, p.mu)
    .map((s) =>
      Float64Array.from({ length: n }, (_, i) => ((s.x[i] as number) - (mean[i] as number)) / sigma),
    );
  const yw = new Float64Array(n);
  ys.forEach((y, r) => {
    const w = p.weights[r] as number;
    for (let i = 0; i < n; i++) yw[i] = (yw[i] as number) + w * (y[i] as number);
  });
  const newMean = Float64Array.from(mean, (m, i) => m + sigma * (yw[i] as number));

  // p_σ ← (1 − c_σ) p_σ + √(c_σ(2 − c_σ)μ_eff) · C^(−1/2) ⟨y⟩_w, with C^(−1/2) = B·D⁻¹·Bᵀ.
  const whitened = inverseSqrtTimes(state, yw);
  const sigmaScale = Math.sqrt(p.cSigma * (2 - p.cSigma) * p.muEff);
  const pSigma = Float64Array.from(
    state.pSigma,
    (v, i) => (1 - p.cSigma) * v + sigmaScale * (whitened[i] as number),
  );
  const pSigmaNorm = Math.hypot(...pSigma);

  // h_σ stalls the rank-one path while ‖p_σ‖ is large (σ is growing fast), which keeps C from inflating.
  const g = state.generation + 1;
  const hSigma = pSigmaNorm / Math.sqrt(1 - (1 - p.cSigma) ** (2 * g)) < (1.4 + 2 / (n + 1)) * p.chiN ? 1 : 0;
  const cScale = hSigma * Math.sqrt(p.cC * (2 - p.cC) * p.muEff);
  const pC = Float64Array.from(state.pC, (v, i) => (1 - p.cC) * v + cScale * (yw[i] as number));

  // C ← (1 + c₁δ(h_σ) − c₁ − c_μ) C + c₁ p_c p_cᵀ + c_μ Σ wᵢ yᵢ yᵢᵀ  (Σ wᵢ = 1).
  const delta = (1 - hSigma) * p.cC * (2 - p.cC);
  const keep = 1 + p.c1 * delta - p.c1 - p.cMu;
  const cov = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let rankMu = 0;
      ys.forEach((y, r) => {
        rankMu += (p.weights[r] as number) * (y[i] as number) * (y[j] as number);
      });
      const v =
        keep * (state.cov[i * n + j] as number) +
        p.c1 * (pC[i] as number) * (pC[j] as number) +
        p.cMu * rankMu;
      cov[i * n + j] = v;
      cov[j * n + i] = v;
    }
  }

  const newSigma = sigma * Math.exp((p.cSigma / p.dSigma) * (pSigmaNorm / p.chiN - 1));
  const next: CmaEsState = { ...state, mean: newMean, sigma: newSigma, cov, pSigma, pC, generation: g };
  return g - state.eigenGeneration >= p.eigenInterval ? refreshEigen(next) : next;
}

/**
 * Spread of the search, σ·max D, below which candidates differ by a few ulps of the unit cube: the
 * distribution has collapsed and further generations learn nothing.
 */
const COLLAPSED_SPREAD = 1e-14;

/**
 * True when the state can no longer search: a non-finite entry (overflow after a very long run) or a
 * spread σ·max D below {@link COLLAPSED_SPREAD}. Restart strategies (IPOP, BIPOP) act on this and on
 * stagnation; without them the caller starts afresh.
 * @example
 * if (isDegenerate(state)) state = initCmaEs({ mean: state.mean, sigma: 1 / 6 });
 */
export function isDegenerate(state: CmaEsState): boolean {
  const finite = (v: Float64Array) => v.every(Number.isFinite);
  if (
    !Number.isFinite(state.sigma) ||
    !finite(state.mean) ||
    !finite(state.cov) ||
    !finite(state.axisLengths)
  ) {
    return true;
  }
  return state.sigma * Math.max(...state.axisLengths) < COLLAPSED_SPREAD;
}

/** Sorts NaN (and −0 with 0) consistently: NaN after every number. */
function rankValue(value: number): number {
  return Number.isNaN(value) ? Number.POSITIVE_INFINITY : value;
}

/** B·D⁻¹·Bᵀ·v, from the cached eigendecomposition. */
function inverseSqrtTimes(state: CmaEsState, v: Float64Array): Float64Array {
  const n = state.dim;
  const t = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += (state.eigenvectors[i * n + k] as number) * (v[i] as number);
    t[k] = s / (state.axisLengths[k] as number);
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < n; k++) s += (state.eigenvectors[i * n + k] as number) * (t[k] as number);
    out[i] = s;
  }
  return out;
}

/**
 * Recomputes B and D from C. Eigenvalues are floored at a tiny fraction of the largest so that rounding
 * cannot make D zero or NaN (C^(−1/2) must stay finite).
 */
function refreshEigen(state: CmaEsState): CmaEsState {
  const { values, vectors } = symmetricEigen(state.cov, state.dim);
  const largest = Math.max(values[values.length - 1] as number, Number.MIN_VALUE);
  const axisLengths = values.map((v) => Math.sqrt(Math.max(v, largest * 1e-20)));
  return { ...state, eigenvectors: vectors, axisLengths, eigenGeneration: state.generation };
}
