import { InvalidArgumentError } from "../../errors.js";
import { checkOptionKeys, type KnownKeys } from "../../options/option-keys.js";
import type { Distribution } from "../../search-space/distribution.js";
import type { ImportanceEvaluator, ImportanceInput } from "../importance-evaluator.js";
import { marginalGrid, parzenOnGrid, scottBandwidth, smoothedFrequencies } from "./marginal-density.js";

/** Options of {@link PedAnovaEvaluator}. */
export interface PedAnovaOptions {
  /**
   * γ′ of the paper: the share of best trials whose parameter values are compared with the baseline
   * (default 0.1: "what mattered to reach the top 10%"). Prefer at least 5 trials in it.
   */
  readonly targetQuantile?: number;
  /**
   * γ of the paper: the baseline is the best `regionQuantile` share of the trials (default 1: all of
   * them); must exceed `targetQuantile`. With 0.5 the scores say what mattered within the better half.
   */
  readonly regionQuantile?: number;
  /**
   * Compare with the region's own distribution of each parameter (default true, the paper's local
   * importance: what mattered given where the search went). With false, the baseline is the uniform
   * distribution over each parameter's range (global importance; `regionQuantile` is then unused).
   */
  readonly evaluateOnLocal?: boolean;
  /** Points of the grid on which continuous densities are compared (default 128). */
  readonly gridSize?: number;
}

const PED_ANOVA_KEYS = {
  targetQuantile: true,
  regionQuantile: true,
  evaluateOnLocal: true,
  gridSize: true,
} satisfies KnownKeys<PedAnovaOptions>;

/**
 * PED-ANOVA (Watanabe, Bansal & Hutter, IJCAI 2023): a parameter matters as much as the best trials'
 * values of it differ from the baseline's. The score of parameter d is the Pearson χ²-divergence
 * D(p′‖p) = ∫ p(x) (p′(x)/p(x) − 1)² dx between p′, the 1-D density of d among the top-γ′ trials, and p,
 * its density among the top-γ trials (the baseline); (γ′/γ)²·D is the variance, over the baseline, of the
 * probability of reaching the top γ′ given x_d — the local main-effect variance of the paper. Densities are
 * Gaussian Parzen estimates (Scott's rule bandwidth σ̂·m^(−1/5), never narrower than the grid spacing, the
 * baseline's never narrower than the top set's; in log space for log-scaled parameters; truncated to the
 * range) compared on a grid (the midpoint rule); categoricals use smoothed frequencies. Trials tied with the γ′ or γ
 * cut-off value are all included. Linear in the trials: fast at any study size.
 * @example
 * paramImportances(trials, ["minimize"], { evaluator: new PedAnovaEvaluator({ targetQuantile: 0.2 }) });
 */
export class PedAnovaEvaluator implements ImportanceEvaluator {
  readonly name = "ped-anova";
  readonly targetQuantile: number;
  readonly regionQuantile: number;
  readonly evaluateOnLocal: boolean;
  readonly gridSize: number;

  constructor(options: PedAnovaOptions = {}) {
    checkOptionKeys("new PedAnovaEvaluator()", options, PED_ANOVA_KEYS);
    this.targetQuantile = options.targetQuantile ?? 0.1;
    this.regionQuantile = options.regionQuantile ?? 1;
    this.evaluateOnLocal = options.evaluateOnLocal !== false;
    this.gridSize = options.gridSize ?? 128;
    if (!(this.targetQuantile > 0 && this.targetQuantile < this.regionQuantile && this.regionQuantile <= 1)) {
      throw new InvalidArgumentError(
        `PedAnovaEvaluator: need 0 < targetQuantile < regionQuantile ≤ 1, but got targetQuantile=${this.targetQuantile}, regionQuantile=${this.regionQuantile}. Use e.g. targetQuantile 0.1 with regionQuantile 1.`,
        { name: "targetQuantile", value: this.targetQuantile },
      );
    }
    if (!Number.isInteger(this.gridSize) || this.gridSize < 2) {
      throw new InvalidArgumentError(
        `PedAnovaEvaluator: gridSize must be an integer ≥ 2, but got ${this.gridSize}. Use the default 128.`,
        { name: "gridSize", value: this.gridSize },
      );
    }
  }

  /** One Pearson divergence ≥ 0 per column; all 0 with fewer than two distinct targets. */
  evaluate(input: ImportanceInput): Float64Array {
    const d = input.params.length;
    const scores = new Float64Array(d);
    const sets = this.splitTrials(input.y);
    if (sets === null) return scores;
    const { top, region } = sets;
    const topValues = new Float64Array(top.length);
    const regionValues = new Float64Array(region.length);
    for (let j = 0; j < d; j++) {
      for (let i = 0; i < top.length; i++) topValues[i] = input.x[(top[i] as number) * d + j] as number;
      for (let i = 0; i < region.length; i++)
        regionValues[i] = input.x[(region[i] as number) * d + j] as number;
      scores[j] = this.divergence(input.distributions[j] as Distribution, topValues, regionValues);
    }
    return scores;
  }

  /**
   * Rows of the top-γ′ and top-γ trials (ties with a cut-off value included), or null when they cannot
   * differ (fewer than two distinct targets, or the top set is the whole region).
   */
  private splitTrials(y: Float64Array): { top: Int32Array; region: Int32Array } | null {
    const n = y.length;
    const sorted = Float64Array.from(y).sort();
    if (n < 2 || sorted[0] === sorted[n - 1]) return null;
    const topCut = sorted[Math.max(Math.ceil(this.targetQuantile * n), 2) - 1] as number;
    const regionCut = sorted[Math.max(Math.ceil(this.regionQuantile * n), 1) - 1] as number;
    const top: number[] = [];
    const region: number[] = [];
    for (let i = 0; i < n; i++) {
      const v = y[i] as number;
      if (v <= topCut) top.push(i);
      if (v <= regionCut) region.push(i);
    }
    if (top.length >= region.length) return null;
    return { top: Int32Array.from(top), region: Int32Array.from(region) };
  }

  private divergence(dist: Distribution, topValues: Float64Array, regionValues: Float64Array): number {
    let pTop: Float64Array;
    let pBase: Float64Array;
    if (dist.type === "categorical") {
      pTop = new Float64Array(dist.choices.length);
      pBase = new Float64Array(dist.choices.length);
      smoothedFrequencies(topValues, topValues.length, pTop);
      if (this.evaluateOnLocal) smoothedFrequencies(regionValues, regionValues.length, pBase);
      else pBase.fill(1 / dist.choices.length);
    } else {
      const grid = marginalGrid(dist, this.gridSize);
      pTop = new Float64Array(grid.points.length);
      pBase = new Float64Array(grid.points.length);
      const hTop = scottBandwidth(topValues, topValues.length, grid.spacing);
      parzenOnGrid(topValues, topValues.length, hTop, grid, pTop);
      // A baseline kernel narrower than the top set's would let the ratio p′/p explode in the tails,
      // far from the baseline's points; no narrower, the ratio stays below (γ/γ′)·(h/h′) everywhere.
      const hBase = Math.max(scottBandwidth(regionValues, regionValues.length, grid.spacing), hTop);
      if (this.evaluateOnLocal) parzenOnGrid(regionValues, regionValues.length, hBase, grid, pBase);
      else pBase.fill(1 / grid.points.length);
    }
    // Σ p (p′/p − 1)² = Σ (p′ − p)²/p over the points; where the baseline's estimate underflows to 0,
    // the top set's is negligible too (the top trials are part of the baseline's).
    let sum = 0;
    for (let g = 0; g < pTop.length; g++) {
      const base = pBase[g] as number;
      const diff = (pTop[g] as number) - base;
      if (base > 0) sum += (diff * diff) / base;
    }
    return sum;
  }
}
