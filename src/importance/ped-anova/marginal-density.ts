import type { FloatDistribution, IntDistribution } from "../../search-space/distribution.js";
import { importanceBounds } from "../importance-input.js";

/**
 * The points over a numeric parameter's range where PED-ANOVA compares 1-D densities, in importance
 * scale (log scale for a log-scaled parameter). A parameter with few possible values (an int, a stepped
 * float) is compared at exactly those values; otherwise at the midpoints of `size` equal cells, so a sum
 * over the points is the midpoint rule for the integral.
 */
export interface MarginalGrid {
  readonly points: Float64Array;
  /** The narrowest bandwidth the grid resolves: the distance between neighbouring points. */
  readonly spacing: number;
  /** Whether the points are the parameter's possible values (an int, a stepped float), not cell midpoints. */
  readonly discrete: boolean;
  readonly lo: number;
  readonly hi: number;
}

/**
 * The comparison grid of a numeric distribution (see {@link MarginalGrid}); it has at least two values.
 * @example
 * marginalGrid({ type: "int", low: 1, high: 4, log: false, step: 1 }, 64).points; // [1, 2, 3, 4]
 */
export function marginalGrid(dist: FloatDistribution | IntDistribution, size: number): MarginalGrid {
  const [lo, hi] = importanceBounds(dist);
  if (dist.step !== null) {
    const count = Math.floor((dist.high - dist.low) / dist.step + 1e-9) + 1;
    if (count <= size) {
      const points = new Float64Array(count);
      for (let k = 0; k < count; k++) {
        const value = dist.low + k * dist.step;
        points[k] = dist.log ? Math.log(value) : value;
      }
      // Log-scaled points are not evenly spaced: the narrowest gap is the one a bandwidth must resolve.
      let spacing = Number.POSITIVE_INFINITY;
      for (let k = 1; k < count; k++)
        spacing = Math.min(spacing, (points[k] as number) - (points[k - 1] as number));
      return { points, spacing, discrete: true, lo, hi };
    }
  }
  const spacing = (hi - lo) / size;
  const points = new Float64Array(size);
  for (let g = 0; g < size; g++) points[g] = lo + (g + 0.5) * spacing;
  return { points, spacing, discrete: false, lo, hi };
}

/** Above this many samples a density is computed from a histogram of them (the error stays far below a bandwidth). */
const BINNED_ABOVE = 1024;

/**
 * A Gaussian Parzen estimate of the density of the first `m` of `values` (importance scale) at the grid
 * points, with bandwidth `h`, normalised to sum to 1 over the grid (so truncation to the range is
 * accounted for), written into `out`. Over {@link BINNED_ABOVE} values on a continuous grid, they are
 * first binned into that many equal cells (each moves at most half a cell, a small fraction of `h`).
 */
export function parzenOnGrid(
  values: Float64Array,
  m: number,
  h: number,
  grid: MarginalGrid,
  out: Float64Array,
): void {
  const inv = 1 / (h * Math.SQRT2);
  out.fill(0);
  const { points } = grid;
  if (grid.discrete) {
    // The values are grid points themselves: one kernel per distinct value, weighted by its count.
    const counts = new Float64Array(points.length);
    for (let i = 0; i < m; i++) {
      const g = nearestPoint(points, values[i] as number);
      counts[g] = (counts[g] as number) + 1;
    }
    for (let g = 0; g < points.length; g++) {
      const count = counts[g] as number;
      if (count > 0) addKernel(points, out, points[g] as number, count, inv);
    }
  } else if (m <= BINNED_ABOVE) {
    for (let i = 0; i < m; i++) addKernel(points, out, values[i] as number, 1, inv);
  } else {
    const counts = new Float64Array(BINNED_ABOVE);
    const width = (grid.hi - grid.lo) / BINNED_ABOVE;
    for (let i = 0; i < m; i++) {
      const cell = Math.floor(((values[i] as number) - grid.lo) / width);
      const c = cell < 0 ? 0 : cell >= BINNED_ABOVE ? BINNED_ABOVE - 1 : cell;
      counts[c] = (counts[c] as number) + 1;
    }
    for (let c = 0; c < BINNED_ABOVE; c++) {
      const count = counts[c] as number;
      if (count > 0) addKernel(points, out, grid.lo + (c + 0.5) * width, count, inv);
    }
  }
  let sum = 0;
  for (let g = 0; g < out.length; g++) sum += out[g] as number;
  for (let g = 0; g < out.length; g++) out[g] = (out[g] as number) / sum;
}

/** Index of the point of the sorted `points` nearest to `value`. */
function nearestPoint(points: Float64Array, value: number): number {
  let lo = 0;
  let hi = points.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((points[mid] as number) <= value) lo = mid;
    else hi = mid;
  }
  return value - (points[lo] as number) <= (points[hi] as number) - value ? lo : hi;
}

function addKernel(
  points: Float64Array,
  out: Float64Array,
  center: number,
  weight: number,
  inv: number,
): void {
  for (let g = 0; g < points.length; g++) {
    const z = ((points[g] as number) - center) * inv;
    out[g] = (out[g] as number) + weight * Math.exp(-z * z);
  }
}

/** Scott's rule bandwidth σ̂·m^(−1/5), floored at `floor` (one value, or equal values, get the floor). */
export function scottBandwidth(values: Float64Array, m: number, floor: number): number {
  if (m < 2) return floor;
  let mean = 0;
  for (let i = 0; i < m; i++) mean += values[i] as number;
  mean /= m;
  let ss = 0;
  for (let i = 0; i < m; i++) ss += ((values[i] as number) - mean) ** 2;
  const sd = Math.sqrt(ss / (m - 1));
  return Math.max(sd * m ** -0.2, floor);
}

/**
 * Smoothed frequencies of the choice indices in `values` over k choices: (count + 1/k) / (m + 1), i.e.
 * one pseudo-observation spread evenly, so no choice has probability 0. Written into `out` (length k).
 */
export function smoothedFrequencies(values: Float64Array, m: number, out: Float64Array): void {
  const k = out.length;
  out.fill(1 / k);
  for (let i = 0; i < m; i++) out[values[i] as number] = (out[values[i] as number] as number) + 1;
  for (let c = 0; c < k; c++) out[c] = (out[c] as number) / (m + 1);
}
