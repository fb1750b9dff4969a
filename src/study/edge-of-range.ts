import type { Distribution } from "../search-space/distribution.js";
import type { FrozenTrial } from "../trial/frozen-trial.js";

/** A numeric parameter of a trial whose value lies at (or within a small share of) an end of its range. */
export interface ParamAtEdge {
  readonly name: string;
  readonly value: number;
  readonly edge: "low" | "high";
  readonly distribution: Distribution;
}

/**
 * The float and int parameters of `trial` that sit at an edge of their range: within `share` of the range
 * (measured on the log scale for log parameters) from low or high, or on low/high itself for ints. A best
 * value at an edge suggests the range is too narrow: the optimum may lie outside it.
 * @example
 * for (const p of paramsAtEdge(study.bestTrial)) console.warn(`${p.name}=${p.value} is at the ${p.edge} edge`);
 */
export function paramsAtEdge(trial: FrozenTrial, share = 0.01): ParamAtEdge[] {
  const out: ParamAtEdge[] = [];
  for (const [name, distribution] of Object.entries(trial.distributions)) {
    const value = trial.params[name];
    if (distribution.type === "categorical" || typeof value !== "number") continue;
    const { low, high, log } = distribution;
    if (!(high > low)) continue;
    const at = (v: number) => (log ? Math.log(v) : v);
    const tolerance = distribution.type === "int" && !log ? 0 : share * (at(high) - at(low));
    if (at(value) - at(low) <= tolerance) out.push({ name, value, edge: "low", distribution });
    else if (at(high) - at(value) <= tolerance) out.push({ name, value, edge: "high", distribution });
  }
  return out;
}
