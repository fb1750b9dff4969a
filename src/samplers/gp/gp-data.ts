import type { Rng } from "../../math/rng.js";
import type { StudyView } from "../../study/study-view.js";
import type { FrozenTrial } from "../../trial/frozen-trial.js";
import type { GpData } from "./gp-fit.js";
import { type GpDim, snapUnit, toUnit } from "./gp-space.js";

/** State codes of `TrialColumns.states` (indices into `TRIAL_STATES`). */
const RUNNING = 1;
/** State code of COMPLETE in `TrialColumns.states`. */
export const COMPLETE = 2;

/** The COMPLETE trials the GP learns from, in GP coordinates. */
export interface Observations {
  /** Row-major n × d GP coordinates. */
  readonly x: Float64Array;
  readonly n: number;
  /** Objective k's value per observation, oriented so that smaller is better (maximized ones negated). */
  readonly losses: readonly Float64Array[];
  /** Constraint values by name per observation (NaN where a trial lacks that constraint). */
  readonly constraints: ReadonlyMap<string, Float64Array>;
  /** 1 when every constraint of the observation is ≤ 0 (a NaN constraint is a violation). */
  readonly feasible: Uint8Array;
  /** Seconds from start to completion per observation (NaN when the storage has no times). */
  readonly durations: Float64Array;
  /** Each observation's row in the study's `TrialColumns`. */
  readonly rows: Int32Array;
}

/**
 * The COMPLETE trials of `study` that have every parameter of `dims` and finite values, in GP
 * coordinates (discrete and categorical coordinates snapped).
 * @example
 * const obs = collectObservations(ctx.study, dims);
 */
export function collectObservations(study: StudyView, dims: readonly GpDim[]): Observations {
  const cols = study.columns();
  const d = dims.length;
  const params = dims.map((dim) => cols.param(dim.name));
  const nObj = study.directions.length;
  const values = study.directions.map((_, k) => cols.values(k));
  const states = cols.states;
  const rows: number[] = [];
  for (let row = 0; row < cols.length; row++) {
    if (states[row] !== COMPLETE) continue;
    let ok = true;
    for (let k = 0; k < nObj && ok; k++) ok = Number.isFinite((values[k] as Float64Array)[row] as number);
    for (let j = 0; j < d && ok; j++)
      ok = params[j] !== undefined && !Number.isNaN(params[j]?.[row] as number);
    if (ok) rows.push(row);
  }
  const n = rows.length;
  const x = new Float64Array(n * d);
  rows.forEach((row, i) => {
    for (let j = 0; j < d; j++) {
      const dim = dims[j] as GpDim;
      x[i * d + j] = snapUnit(dim, toUnit(dim, (params[j] as Float64Array)[row] as number));
    }
  });
  const losses = study.directions.map((dir, k) => {
    const sign = dir === "maximize" ? -1 : 1;
    return Float64Array.from(rows, (row) => sign * ((values[k] as Float64Array)[row] as number));
  });
  const trials = study.trials;
  const { constraints, feasible } = collectConstraints(trials, rows);
  const durations = Float64Array.from(rows, (row) => {
    const t = trials[row] as FrozenTrial;
    return t.startedAt === null || t.completedAt === null ? Number.NaN : (t.completedAt - t.startedAt) / 1000;
  });
  return { x, n, losses, constraints, feasible, durations, rows: Int32Array.from(rows) };
}

function collectConstraints(
  trials: readonly FrozenTrial[],
  rows: readonly number[],
): { constraints: Map<string, Float64Array>; feasible: Uint8Array } {
  const constraints = new Map<string, Float64Array>();
  const feasible = new Uint8Array(rows.length).fill(1);
  rows.forEach((row, i) => {
    const trial = trials[row] as FrozenTrial;
    for (const name in trial.constraints) {
      let col = constraints.get(name);
      if (col === undefined) {
        col = new Float64Array(rows.length).fill(Number.NaN);
        constraints.set(name, col);
      }
      const v = trial.constraints[name] as number;
      col[i] = v;
      if (!(v <= 0)) feasible[i] = 0;
    }
  });
  return { constraints, feasible };
}

/**
 * Values standardized to mean 0 and standard deviation 1 (a constant column gets sd 1), with the map.
 * @example
 * standardize(Float64Array.of(1, 2, 3)).y; // [−1.22, 0, 1.22]
 */
export function standardize(values: Float64Array): { y: Float64Array; mean: number; sd: number } {
  const n = values.length;
  let mean = 0;
  for (const v of values) mean += v / n;
  let variance = 0;
  for (const v of values) variance += (v - mean) ** 2 / n;
  const sd = variance > 1e-300 && Number.isFinite(variance) ? Math.sqrt(variance) : 1;
  return { y: Float64Array.from(values, (v) => (v - mean) / sd), mean, sd };
}

/**
 * ParEGO's random weights (Knowles 2006) for `m` objectives: uniform on the simplex, drawn with `rng`.
 * One draw per trial, so every GP of the trial optimizes the same scalarization.
 * @example
 * const weights = parEgoWeights(2, rng);
 */
export function parEgoWeights(m: number, rng: Rng): Float64Array {
  const weights = Float64Array.from({ length: m }, () => -Math.log(1 - rng.random()));
  let total = 0;
  for (const w of weights) total += w;
  for (let k = 0; k < m; k++) weights[k] = (weights[k] as number) / total;
  return weights;
}

/**
 * ParEGO's scalarization of several losses with `weights` (see {@link parEgoWeights}): each objective is
 * normalized to [0, 1] over the observations, and the scalar loss is the augmented Chebyshev function
 * max_k w_k·f_k + 0.05·Σ_k w_k·f_k.
 * @example
 * const loss = parEgoLoss(obs.losses, parEgoWeights(obs.losses.length, rng));
 */
export function parEgoLoss(losses: readonly Float64Array[], weights: Float64Array): Float64Array {
  const m = losses.length;
  const n = (losses[0] as Float64Array).length;
  const out = new Float64Array(n);
  const scaled = losses.map((col) => {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const v of col) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    const span = hi > lo ? hi - lo : 1;
    return Float64Array.from(col, (v) => (v - lo) / span);
  });
  for (let i = 0; i < n; i++) {
    let max = Number.NEGATIVE_INFINITY;
    let sum = 0;
    for (let k = 0; k < m; k++) {
      const v = (weights[k] as number) * ((scaled[k] as Float64Array)[i] as number);
      max = Math.max(max, v);
      sum += v;
    }
    out[i] = max + 0.05 * sum;
  }
  return out;
}

/**
 * GP coordinates of the running trials other than `own` whose every parameter of `dims` is known, from
 * the snapshot or, for this process's trials whose values are not flushed yet, from `fill`.
 * @example
 * const pending = runningPoints(ctx.study, dims, ctx.trial.number, fill);
 */
export function runningPoints(
  study: StudyView,
  dims: readonly GpDim[],
  own: number,
  fill: (number: number, name: string) => number | undefined,
): Float64Array {
  const cols = study.columns();
  const d = dims.length;
  const params = dims.map((dim) => cols.param(dim.name));
  const out: number[] = [];
  const point = new Float64Array(d);
  for (let row = 0; row < cols.length; row++) {
    const number = cols.numbers[row] as number;
    if (cols.states[row] !== RUNNING || number === own) continue;
    let ok = true;
    for (let j = 0; j < d && ok; j++) {
      const dim = dims[j] as GpDim;
      let v = params[j]?.[row] ?? Number.NaN;
      if (Number.isNaN(v)) v = fill(number, dim.name) ?? Number.NaN;
      ok = !Number.isNaN(v);
      point[j] = snapUnit(dim, toUnit(dim, v));
    }
    if (ok) out.push(...point);
  }
  return Float64Array.from(out);
}

/**
 * The observations of `base` where `values` is finite, with those values standardized as outputs (and
 * the standardization's mean and sd); null when there are none.
 * @example
 * const constraint = subset(base, constraintColumn);
 */
export function subset(
  base: GpData,
  values: Float64Array,
): { data: GpData; mean: number; sd: number } | null {
  const rows: number[] = [];
  values.forEach((v, i) => {
    if (Number.isFinite(v)) rows.push(i);
  });
  if (rows.length === 0) return null;
  const { y, mean, sd } = standardize(Float64Array.from(rows, (i) => values[i] as number));
  const x = new Float64Array(rows.length * base.d);
  rows.forEach((row, i) => {
    x.set(base.x.subarray(row * base.d, (row + 1) * base.d), i * base.d);
  });
  return { data: { ...base, x, y, n: rows.length }, mean, sd };
}
