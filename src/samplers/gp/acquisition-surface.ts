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
    const { model, partials } = this;
    let logFeasible = 0;
    for (const c of model.constraints) {
      c.posterior.predict(p, offset);
      logFeasible += logFeasibility(
        c.posterior.mean,
        Math.sqrt(c.posterior.variance),
        c.threshold,
        partials,
      ).value;
    }
    if (model.best === null) return logFeasible;
    const post = model.objective;
    post.predict(p, offset);
    const base = acquisitionValue(
      model.kind,
      post.mean,
      Math.sqrt(post.variance),
      model.best,
      model.beta,
      partials,
    );
    let logCost = 0;
    if (model.cost != null) {
      model.cost.posterior.predict(p, offset);
      logCost = model.cost.scale * model.cost.posterior.mean;
    }
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
