import type { Distribution } from "../../search-space/distribution.js";

/**
 * How the Parzen estimator models one parameter. Numeric parameters live in *model space*: the log of
 * the value for log-scaled ones, the value itself otherwise. Kernels are normals truncated to the
 * support [low − step/2, high + step/2]; with a step they are discretized (each grid point gets the mass
 * of its cell), as Optuna does for int and stepped float parameters. A log-scaled int is continuous in
 * log(value) over [log(low − ½), log(high + ½)] and rounded afterwards, so each integer keeps its share
 * of log space.
 */
export type KernelSpace =
  | {
      readonly kind: "numeric";
      /** Lowest and highest kernel centre (model space). */
      readonly low: number;
      readonly high: number;
      /** Grid spacing in model space; 0 for continuous. */
      readonly step: number;
    }
  | { readonly kind: "categorical"; readonly nChoices: number };

/** A parameter's kernel space plus the maps between internal values and model space. */
export interface ParamModel {
  readonly space: KernelSpace;
  /** What `toModel` does, so hot loops can inline it: nothing, log, or validate a choice index. */
  readonly transform: "identity" | "log" | "choice";
  /** Internal value → model space; NaN when the value cannot be modelled (e.g. ≤ 0 on a log scale). */
  toModel(internal: number): number;
  /** A model-space draw → the nearest valid internal value (rounded to the grid, clamped to bounds). */
  toInternal(model: number): number;
}

/**
 * The model of a distribution (see {@link KernelSpace}).
 * @example
 * paramModel({ type: "float", low: 1e-5, high: 1, log: true, step: null }).space; // numeric, log bounds
 */
export function paramModel(dist: Distribution): ParamModel {
  if (dist.type === "categorical") {
    const nChoices = dist.choices.length;
    return {
      space: { kind: "categorical", nChoices },
      transform: "choice",
      toModel: (v) => (Number.isInteger(v) && v >= 0 && v < nChoices ? v : Number.NaN),
      toInternal: (m) => m,
    };
  }
  const { low, high } = dist;
  const clamp = (v: number) => Math.min(high, Math.max(low, v));
  if (dist.log) {
    if (dist.type === "int") {
      return {
        space: { kind: "numeric", low: Math.log(low - 0.5), high: Math.log(high + 0.5), step: 0 },
        transform: "log",
        toModel: (v) => (v > 0 ? Math.log(v) : Number.NaN),
        toInternal: (m) => clamp(Math.round(Math.exp(m))),
      };
    }
    return {
      space: { kind: "numeric", low: Math.log(low), high: Math.log(high), step: 0 },
      transform: "log",
      toModel: (v) => (v > 0 ? Math.log(v) : Number.NaN),
      toInternal: (m) => clamp(Math.exp(m)),
    };
  }
  const step = dist.step ?? 0;
  if (step === 0) {
    return {
      space: { kind: "numeric", low, high, step: 0 },
      transform: "identity",
      toModel: id,
      toInternal: clamp,
    };
  }
  return {
    space: { kind: "numeric", low, high, step },
    transform: "identity",
    toModel: id,
    toInternal: (m) => clamp(low + Math.round((m - low) / step) * step),
  };
}

function id(v: number): number {
  return v;
}
