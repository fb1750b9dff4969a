/**
 * The figures of ../shared/bench/OPTUNA.md, computed from run records of either library: best value or
 * hypervolume after k trials, sampler overhead near trial k, medians over seeds, regrets.
 */
import { hypervolume2d } from "../../src/index.js";
import type { RunRecord } from "./run-one.js";

/**
 * Median of `xs` (mean of the two middle values for an even count, as NumPy); NaN when empty or when
 * any value is NaN (a missing figure must not pass unnoticed).
 * @example
 * median([3, 1, 2, 10]); // 2.5
 */
export function median(xs: readonly number[]): number {
  if (xs.length === 0 || xs.some(Number.isNaN)) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Best value among the first `k` trials of a one-objective run (direction-aware); null when none completed. */
export function bestAt(record: RunRecord, k: number): number | null {
  const sign = record.directions[0] === "maximize" ? -1 : 1;
  let best: number | null = null;
  for (const v of record.values.slice(0, k)) {
    if (typeof v === "number" && Number.isFinite(v) && (best === null || sign * v < sign * best)) best = v;
  }
  return best;
}

/** Hypervolume of the first `k` trials of a two-objective run (both minimized) w.r.t. `reference`. */
export function hypervolumeAt(record: RunRecord, k: number, reference: readonly [number, number]): number {
  const points = record.values.slice(0, k).filter((v): v is readonly number[] => Array.isArray(v));
  return hypervolume2d(points, reference);
}

/** Mean sampler overhead (ask + suggest + tell) in ms over trials k−9…k (1-based), as OPTUNA.md's `ovh@k`. */
export function overheadAt(record: RunRecord, k: number): number {
  const from = Math.max(0, k - 10);
  let sum = 0;
  let n = 0;
  for (let i = from; i < Math.min(k, record.sample_s.length); i++) {
    sum += (record.sample_s[i] as number) + (record.tell_s[i] as number);
    n++;
  }
  return n === 0 ? Number.NaN : (1000 * sum) / n;
}

/**
 * How far `value` is from `optimum` in the problem's direction (≥ 0 up to rounding); for hypervolumes
 * pass "maximize".
 * @example
 * regret(0.45, 0.397887, "minimize"); // 0.052113
 */
export function regret(value: number, optimum: number, direction: string): number {
  return direction === "maximize" ? optimum - value : value - optimum;
}

/**
 * The regret below which two results count as equal: 1e-6 relative to the optimum (1e-6 absolute when
 * the optimum is 0), so a ratio of regrets stays finite where a library reached the optimum.
 */
export function regretFloor(optimum: number): number {
  return 1e-6 * (optimum === 0 ? 1 : Math.abs(optimum));
}
