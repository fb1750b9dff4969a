import { InvalidArgumentError } from "../../errors.js";
import type { JsonValue } from "../../trial/frozen-trial.js";
import { defaultPopsize } from "./cma-es-params.js";

/**
 * The whole state of one CMA-ES search, as plain data (so it serialises exactly: see
 * {@link cmaEsStateToJson}). Matrices are row-major n × n. Search coordinates live in the unit cube.
 */
export interface CmaEsState {
  readonly dim: number;
  /** λ, candidates per generation. */
  readonly popsize: number;
  /** m, the distribution mean. */
  readonly mean: Float64Array;
  /** σ, the overall step size. */
  readonly sigma: number;
  /** C, the covariance matrix (symmetric). */
  readonly cov: Float64Array;
  /** p_σ, the conjugate evolution path that drives σ. */
  readonly pSigma: Float64Array;
  /** p_c, the evolution path of the rank-one update. */
  readonly pC: Float64Array;
  /** Generations completed (updates applied). */
  readonly generation: number;
  /** B, the eigenvectors of C as columns, as of generation {@link CmaEsState.eigenGeneration}. */
  readonly eigenvectors: Float64Array;
  /** D, the square roots of C's eigenvalues (standard deviations along B's columns). */
  readonly axisLengths: Float64Array;
  /** The generation at which B and D were last computed from C. */
  readonly eigenGeneration: number;
}

/** The version of the JSON form written by {@link cmaEsStateToJson}. */
export const CMA_ES_STATE_FORMAT = 1;

/** What {@link initCmaEs} starts from. */
export interface CmaEsInit {
  /** The initial mean, in the unit cube. */
  readonly mean: ArrayLike<number>;
  /** The initial step size σ₀ (> 0), in unit-cube units. */
  readonly sigma: number;
  /** λ; default 4 + ⌊3 ln n⌋. */
  readonly popsize?: number;
}

/**
 * A fresh search: C = I, empty paths, generation 0.
 * @example
 * const state = initCmaEs({ mean: [0.5, 0.5], sigma: 1 / 6 });
 */
export function initCmaEs(init: CmaEsInit): CmaEsState {
  const dim = init.mean.length;
  if (dim < 1)
    throw new InvalidArgumentError("CMA-ES: the mean must have at least one coordinate, but got none.");
  if (!(init.sigma > 0) || !Number.isFinite(init.sigma)) {
    throw new InvalidArgumentError(
      `CMA-ES: sigma must be a finite number > 0, but got ${init.sigma}. Use about a sixth of the search range, such as 1/6 in the unit cube.`,
      { name: "sigma", value: init.sigma },
    );
  }
  const popsize = init.popsize ?? defaultPopsize(dim);
  if (!Number.isInteger(popsize) || popsize < 2) {
    throw new InvalidArgumentError(`CMA-ES: popsize must be an integer ≥ 2, but got ${popsize}.`, {
      name: "popsize",
      value: popsize,
    });
  }
  const identity = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++) identity[i * dim + i] = 1;
  return {
    dim,
    popsize,
    mean: Float64Array.from(init.mean),
    sigma: init.sigma,
    cov: identity.slice(),
    pSigma: new Float64Array(dim),
    pC: new Float64Array(dim),
    generation: 0,
    eigenvectors: identity,
    axisLengths: new Float64Array(dim).fill(1),
    eigenGeneration: 0,
  };
}

/**
 * The state as versioned JSON; finite doubles survive `JSON.stringify`/`parse` bit for bit, so
 * `cmaEsStateFromJson(cmaEsStateToJson(s))` continues the identical search.
 * @example
 * const saved = JSON.stringify(cmaEsStateToJson(state));
 */
export function cmaEsStateToJson(state: CmaEsState): JsonValue {
  return {
    format: CMA_ES_STATE_FORMAT,
    dim: state.dim,
    popsize: state.popsize,
    mean: Array.from(state.mean),
    sigma: state.sigma,
    cov: Array.from(state.cov),
    pSigma: Array.from(state.pSigma),
    pC: Array.from(state.pC),
    generation: state.generation,
    eigenvectors: Array.from(state.eigenvectors),
    axisLengths: Array.from(state.axisLengths),
    eigenGeneration: state.eigenGeneration,
  };
}

/**
 * Reads {@link cmaEsStateToJson}'s form back; null when `value` is not a state this version reads
 * (another format, wrong lengths, non-finite numbers), so the caller can say where it came from.
 * @example
 * const state = cmaEsStateFromJson(JSON.parse(saved));
 */
export function cmaEsStateFromJson(value: JsonValue): CmaEsState | null {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return null;
  const v = value as Record<string, JsonValue>;
  if (v.format !== CMA_ES_STATE_FORMAT) return null;
  const { dim, popsize, sigma, generation, eigenGeneration } = v;
  if (!isCount(dim) || dim < 1 || !isCount(popsize) || popsize < 2) return null;
  if (!isCount(generation) || !isCount(eigenGeneration) || typeof sigma !== "number" || !(sigma > 0))
    return null;
  const mean = vector(v.mean, dim);
  const cov = vector(v.cov, dim * dim);
  const pSigma = vector(v.pSigma, dim);
  const pC = vector(v.pC, dim);
  const eigenvectors = vector(v.eigenvectors, dim * dim);
  const axisLengths = vector(v.axisLengths, dim);
  if (!mean || !cov || !pSigma || !pC || !eigenvectors || !axisLengths) return null;
  return {
    dim,
    popsize,
    mean,
    sigma,
    cov,
    pSigma,
    pC,
    generation,
    eigenvectors,
    axisLengths,
    eigenGeneration,
  };
}

function isCount(x: JsonValue | undefined): x is number {
  return typeof x === "number" && Number.isInteger(x) && x >= 0;
}

function vector(x: JsonValue | undefined, length: number): Float64Array | null {
  if (!Array.isArray(x) || x.length !== length) return null;
  if (!x.every((e) => typeof e === "number" && Number.isFinite(e))) return null;
  return Float64Array.from(x as number[]);
}
