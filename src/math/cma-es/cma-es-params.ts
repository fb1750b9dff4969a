/**
 * The default strategy parameters of CMA-ES (Hansen, "The CMA Evolution Strategy: A Tutorial", 2016,
 * Table 1, with positive weights only): everything follows from the dimension n and the population size λ.
 */
export interface CmaEsParams {
  readonly dim: number;
  /** λ, candidates per generation. */
  readonly popsize: number;
  /** μ = ⌊λ/2⌋, the parents recombined into the new mean. */
  readonly mu: number;
  /** Recombination weights w₁ ≥ … ≥ w_μ > 0, summing to 1 (∝ ln((λ+1)/2) − ln i). */
  readonly weights: Float64Array;
  /** μ_eff = 1 / Σ wᵢ², the variance-effective selection mass. */
  readonly muEff: number;
  /** c_σ, the learning rate of the step-size path p_σ. */
  readonly cSigma: number;
  /** d_σ, the damping of the step-size update. */
  readonly dSigma: number;
  /** c_c, the learning rate of the rank-one path p_c. */
  readonly cC: number;
  /** c₁, the rank-one learning rate of C. */
  readonly c1: number;
  /** c_μ, the rank-μ learning rate of C. */
  readonly cMu: number;
  /** E‖N(0, I)‖ ≈ √n (1 − 1/(4n) + 1/(21n²)). */
  readonly chiN: number;
  /**
   * Generations between eigendecompositions of C: the tutorial refreshes B and D every
   * λ/((c₁ + c_μ)·n·10) evaluations, which keeps their cost O(n²) per candidate.
   */
  readonly eigenInterval: number;
}

/**
 * The default population size λ = 4 + ⌊3 ln n⌋.
 * @example
 * defaultPopsize(10); // 10
 */
export function defaultPopsize(dim: number): number {
  return 4 + Math.floor(3 * Math.log(dim));
}

/**
 * The tutorial's default strategy parameters for dimension `dim` and population size `popsize`.
 * @example
 * cmaEsParams(10, defaultPopsize(10)).mu; // 5
 */
export function cmaEsParams(dim: number, popsize: number): CmaEsParams {
  const n = dim;
  const mu = Math.floor(popsize / 2);
  const raw = Float64Array.from({ length: mu }, (_, i) => Math.log((popsize + 1) / 2) - Math.log(i + 1));
  const total = raw.reduce((a, b) => a + b, 0);
  const weights = raw.map((w) => w / total);
  const muEff = 1 / weights.reduce((a, w) => a + w * w, 0);
  const cSigma = (muEff + 2) / (n + muEff + 5);
  const dSigma = 1 + 2 * Math.max(0, Math.sqrt((muEff - 1) / (n + 1)) - 1) + cSigma;
  const cC = (4 + muEff / n) / (n + 4 + (2 * muEff) / n);
  const c1 = 2 / ((n + 1.3) ** 2 + muEff);
  // α_μ = 2 in the tutorial's c_μ.
  const cMu = Math.min(1 - c1, (2 * (muEff - 2 + 1 / muEff)) / ((n + 2) ** 2 + muEff));
  const chiN = Math.sqrt(n) * (1 - 1 / (4 * n) + 1 / (21 * n * n));
  const eigenInterval = Math.max(1, Math.floor(1 / ((c1 + cMu) * n * 10)));
  return { dim, popsize, mu, weights, muEff, cSigma, dSigma, cC, c1, cMu, chiN, eigenInterval };
}
