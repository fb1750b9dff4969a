import { hypervolume, hypervolumeContributions2d } from "../../multiobjective/hypervolume.js";
import { paretoFrontIndices } from "../../multiobjective/non-dominated-sort.js";
import type { Direction } from "../../trial/frozen-trial.js";

/** Floor of a "below" weight, and of a zero reference coordinate (as Optuna's EPS). */
const EPS = 1e-12;

/** Row `row`'s objective vector, every objective turned into a minimized one. */
function minimized(values: readonly Float64Array[], directions: readonly Direction[], row: number): number[] {
  return directions.map((d, k) => (d === "maximize" ? -1 : 1) * ((values[k] as Float64Array)[row] as number));
}

/** The reference point of a set of minimized vectors: their worst corner pushed out by 10% (0 → EPS). */
function referencePoint(points: readonly number[][]): number[] {
  const m = (points[0] as number[]).length;
  const ref: number[] = [];
  for (let k = 0; k < m; k++) {
    let worst = Number.NEGATIVE_INFINITY;
    for (const p of points) worst = Math.max(worst, p[k] as number);
    const r = Math.max(1.1 * worst, 0.9 * worst);
    ref.push(r === 0 ? EPS : r);
  }
  return ref;
}

/** Each point's exclusive hypervolume contribution w.r.t. `ref` (how much the total shrinks without it). */
export function exclusiveContributions(points: readonly number[][], ref: readonly number[]): Float64Array {
  if (ref.length === 2) return hypervolumeContributions2d(points, [ref[0] as number, ref[1] as number]);
  const total = hypervolume(points, ref);
  const out = new Float64Array(points.length);
  for (let i = 0; i < points.length; i++) {
    out[i] =
      total -
      hypervolume(
        points.filter((_, j) => j !== i),
        ref,
      );
  }
  return out;
}

/**
 * The `k` best complete rows of a multi-objective study: whole non-dominated fronts in rank order while
 * they fit, then, from the front that does not fit, the subset kept by dropping the point with the
 * smallest exclusive hypervolume contribution until `k` remain (a greedy answer to the hypervolume
 * subset selection problem; ties drop the later trial). Returned ascending.
 */
export function selectByHypervolume(
  rows: readonly number[],
  values: readonly Float64Array[],
  directions: readonly Direction[],
  k: number,
): number[] {
  const minimize = directions.map(() => "minimize" as const);
  let remaining = rows.slice();
  const chosen: number[] = [];
  while (chosen.length < k && remaining.length > 0) {
    const points = remaining.map((row) => minimized(values, directions, row));
    const front = paretoFrontIndices(points, minimize);
    if (front.length === 0) break;
    if (chosen.length + front.length <= k) {
      const inFront = new Set(front);
      for (const i of front) chosen.push(remaining[i] as number);
      remaining = remaining.filter((_, i) => !inFront.has(i));
      continue;
    }
    let kept = front.slice();
    const need = k - chosen.length;
    while (kept.length > need) {
      const pts = kept.map((i) => points[i] as number[]);
      const contributions = exclusiveContributions(pts, referencePoint(pts));
      let drop = 0;
      for (let a = 1; a < kept.length; a++) {
        if ((contributions[a] as number) <= (contributions[drop] as number)) drop = a;
      }
      kept = kept.filter((_, a) => a !== drop);
    }
    for (const i of kept) chosen.push(remaining[i] as number);
    break;
  }
  return chosen.sort((a, b) => a - b);
}

/**
 * Weights of the "below" rows of a multi-objective study (MOTPE, Ozaki et al. 2020/2022): each feasible
 * row's exclusive hypervolume contribution among the feasible below rows, divided by the largest and
 * clipped to [EPS, 1], so the front's extreme and isolated points weigh most and dominated ones almost
 * nothing. Infeasible rows weigh EPS.
 * @example
 * multiObjectiveBelowWeights([3, 5], values, ["minimize", "minimize"], violation);
 */
export function multiObjectiveBelowWeights(
  rows: Int32Array,
  values: readonly Float64Array[],
  directions: readonly Direction[],
  violation: Float64Array,
): Float64Array {
  const weights = new Float64Array(rows.length).fill(EPS);
  const feasible: number[] = [];
  for (let i = 0; i < rows.length; i++) if ((violation[rows[i] as number] as number) <= 0) feasible.push(i);
  if (feasible.length === 1) weights[feasible[0] as number] = 1;
  if (feasible.length <= 1) return weights;
  const points = feasible.map((i) => minimized(values, directions, rows[i] as number));
  const contributions = exclusiveContributions(points, referencePoint(points));
  let max = EPS;
  for (let a = 0; a < contributions.length; a++) {
    const c = contributions[a] as number;
    if (Number.isNaN(c)) contributions[a] = Number.POSITIVE_INFINITY;
    max = Math.max(max, contributions[a] as number);
  }
  feasible.forEach((i, a) => {
    const c = contributions[a] as number;
    weights[i] = Number.isFinite(max)
      ? Math.min(1, Math.max(EPS, c / max))
      : c === Number.POSITIVE_INFINITY
        ? 1
        : EPS;
  });
  return weights;
}
