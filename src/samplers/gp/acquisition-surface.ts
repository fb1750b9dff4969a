import {
  type AcquisitionPartials,
  type AnalyticAcquisition,
  acquisitionValue,
  logFeasibility,
} from "./acquisition.js";
import type { GpPosterior } from "./gp-posterior.js";

/** A constraint's GP and the standardized value at or below which it is satisfied. */
export interface ConstraintModel {
  readonly posterior: GpPosterior;
  readonly threshold: number;
}

/**
 * The GP of log trial duration (standardized) for cost-aware search: the predicted log cost of a point
 * is `scale` × the posterior mean, up to a constant that does not move the maximizer.
 */
export interface CostModel {
  readonly posterior: GpPosterior;
  readonly scale: number;
}

/** What an {@link AcquisitionSurface} combines. */
export interface AcquisitionModel {
  readonly objective: GpPosterior;
  /** Best feasible standardized value observed; null when no observation is feasible yet. */
  readonly best: number | null;
  readonly constraints: readonly ConstraintModel[];
  readonly kind: AnalyticAcquisition;
  readonly beta: number;
  /** With a cost model the acquisition is per unit of predicted cost (EI / cost; log EI − log cost). */
  readonly cost?: CostModel | null;
}

/**
 * The acquisition as a function of a point in GP coordinates: the objective's acquisition times the
 * probability that every constraint holds (their GPs taken as independent). On a log scale (`logei`,
 * `pi`, `ucb`) the log probabilities of feasibility are added; `ei` is multiplied by the probability.
 * While no observation is feasible, only the probability of feasibility counts, so the search first
 * looks for the feasible region. With a cost model the result is divided by the predicted cost
 * exp(E[log cost]) (Snoek et al. 2012's EI per second), i.e. the log predicted cost is subtracted on a
 * log scale.
 * @example
 * const surface = new AcquisitionSurface(model);
 * surface.value(point);
 */
export class AcquisitionSurface {
  private readonly d: number;
  private readonly gm: Float64Array;
  private readonly gv: Float64Array;
  private readonly gc: Float64Array;
  private readonly gcv: Float64Array;
  private readonly partials: AcquisitionPartials = { value: 0, dMean: 0, dSd: 0 };

  constructor(readonly model: AcquisitionModel) {
    this.d = model.objective.d;
    this.gm = new Float64Array(this.d);
    this.gv = new Float64Array(this.d);
    this.gc = new Float64Array(this.d);
    this.gcv = new Float64Array(this.d);
  }

  /** The acquisition at `p` (d coordinates from `offset`). */
  value(p: Float64Array, offset = 0): number {
    const logFeasible = this.logFeasible(p, offset);
    if (this.model.best === null) return logFeasible;
    const post = this.model.objective;
    post.predict(p, offset);
    return this.combine(post.mean, post.variance, logFeasible, this.logCost(p, offset));
  }

  /**
   * The acquisition at each of `count` points (row-major in `points`) that can rank among the `keep`
   * best, and NaN at the others: every finite entry is exactly {@link value} there, and the `keep`
   * largest values (ties by index) are those of a full evaluation. For log EI and UCB, which grow with
   * the posterior sd, bounds prune the rest without their O(n²) variance: the mean plus an upper bound
   * on the variance bounds the acquisition (EI and PI, whose rounding far below the incumbent is not
   * monotone enough to trust a bound, are evaluated everywhere). The
   * points are visited from the largest bound down, which stops as soon as a bound falls below the
   * `keep`-th best exact value, and a visited point's variance is solved in blocks of rows, each
   * tightening the bound (see {@link screenPoint}).
   */
  screen(points: Float64Array, count: number, keep: number): Float64Array {
    const values = new Float64Array(count).fill(Number.NaN);
    const post = this.model.objective;
    if (this.model.best === null || keep >= count || !SCREENED.has(this.model.kind)) {
      for (let c = 0; c < count; c++) values[c] = this.value(points, c * this.d);
      return values;
    }
    const screen = new Screen(post.n, count, keep);
    for (let c = 0; c < count; c++) {
      const logFeasible = this.logFeasible(points, c * this.d);
      const logCost = this.logCost(points, c * this.d);
      const kStar = screen.kStar(c);
      const mean = post.meanAt(points, c * this.d, kStar);
      screen.record(c, mean, post.varianceBound(kStar), logFeasible, logCost);
      screen.bounds[c] = this.combine(mean, screen.varianceBound[c] as number, logFeasible, logCost);
    }
    for (const c of screen.order()) {
      const bound = screen.bounds[c] as number;
      if (!(bound >= screen.threshold())) {
        if (Number.isNaN(bound)) continue;
        break;
      }
      const value = this.screenPoint(screen, c);
      values[c] = value;
      if (!Number.isNaN(value)) screen.admit(value);
    }
    return values;
  }

  /** The exact value at candidate `c` of `screen`, or NaN once a partial variance rules it out. */
  private screenPoint(screen: Screen, c: number): number {
    const post = this.model.objective;
    const n = post.n;
    const v = screen.kStar(c);
    const sums = screen.sums;
    sums[0] = 0;
    sums[1] = 0;
    const mean = screen.mean[c] as number;
    const logFeasible = screen.logFeasible[c] as number;
    const logCost = screen.logCost[c] as number;
    for (let from = 0; from < n; from += SCREEN_ROWS) {
      const to = Math.min(n, from + SCREEN_ROWS);
      post.solveRows(v, from, to);
      post.addSquares(v, from, to, sums);
      if (to === n) break;
      const bound = Math.min(post.varianceOf(sums), screen.varianceBound[c] as number);
      if (this.combine(mean, bound, logFeasible, logCost) < screen.threshold()) return Number.NaN;
    }
    return this.combine(mean, post.varianceOf(sums), logFeasible, logCost);
  }

  /** Σ log P(constraint holds) at `p`. */
  private logFeasible(p: Float64Array, offset: number): number {
    let logFeasible = 0;
    for (const c of this.model.constraints) {
      c.posterior.predict(p, offset);
      logFeasible += logFeasibility(
        c.posterior.mean,
        Math.sqrt(c.posterior.variance),
        c.threshold,
        this.partials,
      ).value;
    }
    return logFeasible;
  }

  /** The predicted log cost at `p` (0 without a cost model). */
  private logCost(p: Float64Array, offset: number): number {
    const cost = this.model.cost;
    if (cost == null) return 0;
    cost.posterior.predict(p, offset);
    return cost.scale * cost.posterior.mean;
  }

  /** The acquisition from the objective's posterior mean and variance and the other terms. */
  private combine(mean: number, variance: number, logFeasible: number, logCost: number): number {
    const { model, partials } = this;
    const base = acquisitionValue(
      model.kind,
      mean,
      Math.sqrt(variance),
      model.best as number,
      model.beta,
      partials,
    );
    return model.kind === "ei"
      ? base.value * Math.exp(logFeasible - logCost)
      : base.value + logFeasible - logCost;
  }

  /** The acquisition at `p` (d coordinates) with its gradient (0 for categorical coordinates) in `grad`. */
  valueAndGradient(p: Float64Array, grad: Float64Array): number {
    const { model, partials, gm, gv, d } = this;
    grad.fill(0);
    let logFeasible = 0;
    // Accumulates the gradient of Σ log P(feasible) into grad.
    for (const c of model.constraints) {
      c.posterior.predictWithGradient(p, gm, gv);
      const sd = Math.sqrt(c.posterior.variance);
      logFeasibility(c.posterior.mean, sd, c.threshold, partials);
      logFeasible += partials.value;
      addChain(grad, partials, gm, gv, sd, 1, d);
    }
    if (model.best === null) return logFeasible;
    const post = model.objective;
    post.predictWithGradient(p, gm, gv);
    const sd = Math.sqrt(post.variance);
    acquisitionValue(model.kind, post.mean, sd, model.best, model.beta, partials);
    let logCost = 0;
    const gc = this.gc;
    gc.fill(0);
    if (model.cost != null) {
      // The objective's gradients are in partials/gm/gv already; the cost model needs its own buffers.
      model.cost.posterior.predictWithGradient(p, gc, this.gcv);
      logCost = model.cost.scale * model.cost.posterior.mean;
      for (let k = 0; k < d; k++) gc[k] = model.cost.scale * (gc[k] as number);
    }
    if (model.kind !== "ei") {
      addChain(grad, partials, gm, gv, sd, 1, d);
      for (let k = 0; k < d; k++) grad[k] = (grad[k] as number) - (gc[k] as number);
      return partials.value + logFeasible - logCost;
    }
    // A = EI·P·e^{−c}: ∇A = e^{−c}·(P·∇EI + EI·P·∇log P) − A·∇c.
    const factor = Math.exp(logFeasible - logCost);
    const ei = partials.value;
    for (let k = 0; k < d; k++) grad[k] = (grad[k] as number) * ei * factor;
    addChain(grad, partials, gm, gv, sd, factor, d);
    const value = ei * factor;
    for (let k = 0; k < d; k++) grad[k] = (grad[k] as number) - value * (gc[k] as number);
    return value;
  }
}

/** grad += scale·(∂A/∂mean·∇mean + ∂A/∂sd·∇var/(2·sd)). */
function addChain(
  grad: Float64Array,
  partials: AcquisitionPartials,
  gm: Float64Array,
  gv: Float64Array,
  sd: number,
  scale: number,
  d: number,
): void {
  const dVar = partials.dSd / (2 * sd);
  for (let k = 0; k < d; k++) {
    grad[k] = (grad[k] as number) + scale * (partials.dMean * (gm[k] as number) + dVar * (gv[k] as number));
  }
}

/** The acquisitions {@link AcquisitionSurface.screen} prunes by bounds. */
const SCREENED: ReadonlySet<AnalyticAcquisition> = new Set(["logei", "ucb"]);
/** Rows of the variance's forward solve between two bound checks in {@link AcquisitionSurface.screen}. */
const SCREEN_ROWS = 16;
/** Relative margin below the threshold before a bound prunes, for the rounding of the acquisition. */
const SCREEN_MARGIN = 1e-9;

/** The candidates' means, bounds and k* rows, and the `keep` best exact values so far. */
class Screen {
  readonly mean: Float64Array;
  readonly varianceBound: Float64Array;
  readonly logFeasible: Float64Array;
  readonly logCost: Float64Array;
  readonly bounds: Float64Array;
  readonly sums = new Float64Array(2);
  private readonly rows: Float64Array;
  /** The best exact values, descending. */
  private readonly best: Float64Array;
  private size = 0;

  constructor(
    private readonly n: number,
    private readonly count: number,
    private readonly keep: number,
  ) {
    this.rows = new Float64Array(count * n);
    this.mean = new Float64Array(count);
    this.varianceBound = new Float64Array(count);
    this.logFeasible = new Float64Array(count);
    this.logCost = new Float64Array(count);
    this.bounds = new Float64Array(count);
    this.best = new Float64Array(keep);
  }

  /** Candidate c's k* row, overwritten in place by its solve. */
  kStar(c: number): Float64Array {
    return this.rows.subarray(c * this.n, (c + 1) * this.n);
  }

  record(c: number, mean: number, varianceBound: number, logFeasible: number, logCost: number): void {
    this.mean[c] = mean;
    this.varianceBound[c] = varianceBound;
    this.logFeasible[c] = logFeasible;
    this.logCost[c] = logCost;
  }

  /** Candidates by decreasing bound (NaN bounds first, so they are evaluated), ties by index. */
  order(): number[] {
    const b = this.bounds;
    const key = (c: number) => (Number.isNaN(b[c] as number) ? Number.POSITIVE_INFINITY : (b[c] as number));
    return Array.from({ length: this.count }, (_, c) => c).sort((x, y) => key(y) - key(x) || x - y);
  }

  /** A bound below this cannot reach the `keep` best: −∞ until `keep` values are in. */
  threshold(): number {
    if (this.size < this.keep) return Number.NEGATIVE_INFINITY;
    const t = this.best[this.keep - 1] as number;
    return t - SCREEN_MARGIN * (1 + Math.abs(t));
  }

  admit(value: number): void {
    const best = this.best;
    let i = Math.min(this.size, this.keep - 1);
    if (this.size === this.keep && !(value > (best[i] as number))) return;
    while (i > 0 && value > (best[i - 1] as number)) {
      best[i] = best[i - 1] as number;
      i--;
    }
    best[i] = value;
    this.size = Math.min(this.size + 1, this.keep);
  }
}
