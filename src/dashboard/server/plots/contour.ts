/** The contour payload: observed points over two parameters, and z interpolated on a small grid. */
import type { Distribution, ParamValue } from "../../../core.js";
import { type ContourPlot, MAX_PLOT_POINTS } from "../../api-types.js";
import type { ParamColumn, StudyColumns } from "../study-columns.js";
import { bestRows, completeRows } from "./complete-rows.js";
import { evenIndices, sampleKeeping } from "./sampling.js";

/** Grid cells per numeric axis (categorical axes use their choices, up to this many). */
export const CONTOUR_GRID = 50;
/** Observed points the interpolation uses at most (evenly chosen from the plotted ones). */
const INTERPOLATION_POINTS = 2000;
/** Nearest neighbours averaged per cell. */
const NEIGHBOURS = 8;

interface Axis {
  readonly values: ParamValue[];
  /** Position of a value in [0, 1] (numeric axes) or its choice index (categorical); NaN when off the axis. */
  readonly position: (v: ParamValue) => number;
  readonly categorical: boolean;
}

function axisOf(dist: Distribution): Axis | null {
  if (dist.type === "categorical") {
    if (dist.choices.length > CONTOUR_GRID) return null;
    return {
      values: [...dist.choices],
      position: (v) => dist.choices.findIndex((c) => Object.is(c, v) || c === v),
      categorical: true,
    };
  }
  const { low, high, log } = dist;
  const f = (x: number) => (log ? Math.log(x) : x);
  const span = f(high) - f(low);
  const position = (v: ParamValue) =>
    typeof v !== "number" ? Number.NaN : span > 0 ? (f(v) - f(low)) / span : 0.5;
  let values: number[];
  if (dist.type === "int" && (high - low) / dist.step + 1 <= CONTOUR_GRID) {
    values = [];
    for (let x = low; x <= high; x += dist.step) values.push(x);
  } else {
    values = evenIndices(CONTOUR_GRID, CONTOUR_GRID).map((j) => {
      const t = j / (CONTOUR_GRID - 1);
      const x = log ? Math.exp(f(low) + t * span) : low + t * (high - low);
      return dist.type === "int" ? Math.round(x) : x;
    });
    values = [...new Set(values)];
  }
  return { values, position, categorical: false };
}

/**
 * Points of the COMPLETE trials that have both parameters and a finite value of `objective` (at most
 * `cap`, the best tenth of the room kept, the rest evenly spread), and a grid of at most 50×50 cells whose
 * z is the inverse-distance-weighted mean of the 8 nearest observed points in the unit square (log axes
 * in log space; on a categorical axis only points of the cell's own choice count), null where the nearest
 * point is farther than about two typical point spacings. The grid is null when an axis has no distribution
 * or more than 50 choices.
 * @example
 * contourPlot(columns, { x: columns.params.get("lr")!, y: columns.params.get("batch")!, objective: 0 }).grid?.z;
 */
export function contourPlot(
  columns: StudyColumns,
  {
    x,
    y,
    objective,
    cap = MAX_PLOT_POINTS,
  }: { x: ParamColumn; y: ParamColumn; objective: number; cap?: number },
): ContourPlot {
  const rows = completeRows(columns, objective).filter(
    (i) => columns.param(x, i) !== undefined && columns.param(y, i) !== undefined,
  );
  const kept = sampleKeeping(rows, bestRows(columns, rows, objective, Math.floor(cap / 10)), cap);
  const points = kept.map((i) => ({
    number: i,
    x: columns.param(x, i) as ParamValue,
    y: columns.param(y, i) as ParamValue,
    z: columns.value(i, objective),
  }));
  const xAxis = x.distribution === null ? null : axisOf(x.distribution);
  const yAxis = y.distribution === null ? null : axisOf(y.distribution);
  return {
    x: { name: x.name, distribution: x.distribution as Distribution },
    y: { name: y.name, distribution: y.distribution as Distribution },
    points,
    grid: xAxis === null || yAxis === null ? null : interpolate(points, xAxis, yAxis),
    total: rows.length,
    sampled: kept.length < rows.length,
  };
}

function interpolate(
  points: ContourPlot["points"],
  xAxis: Axis,
  yAxis: Axis,
): NonNullable<ContourPlot["grid"]> {
  const use = evenIndices(points.length, INTERPOLATION_POINTS).map(
    (j) => points[j] as ContourPlot["points"][number],
  );
  const n = use.length;
  const px = new Float64Array(n);
  const py = new Float64Array(n);
  const pz = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const p = use[j] as ContourPlot["points"][number];
    px[j] = xAxis.position(p.x);
    py[j] = yAxis.position(p.y);
    pz[j] = p.z;
  }
  const radius = Math.min(0.5, 2 / Math.sqrt(Math.max(1, n)));
  const cx = xAxis.values.map((v) => xAxis.position(v));
  const cy = yAxis.values.map((v) => yAxis.position(v));
  const nearD = new Float64Array(NEIGHBOURS);
  const nearZ = new Float64Array(NEIGHBOURS);
  const z = cy.map((gy) =>
    cx.map((gx) => {
      let found = 0;
      for (let j = 0; j < n; j++) {
        const dx = xAxis.categorical ? (px[j] === gx ? 0 : Number.NaN) : (px[j] as number) - gx;
        const dy = yAxis.categorical ? (py[j] === gy ? 0 : Number.NaN) : (py[j] as number) - gy;
        const d2 = dx * dx + dy * dy;
        if (!(d2 <= radius * radius)) continue;
        // Insertion into the sorted list of the nearest so far.
        let slot = found < NEIGHBOURS ? found++ : NEIGHBOURS;
        if (slot === NEIGHBOURS && d2 >= (nearD[NEIGHBOURS - 1] as number)) continue;
        if (slot === NEIGHBOURS) slot = NEIGHBOURS - 1;
        while (slot > 0 && (nearD[slot - 1] as number) > d2) {
          nearD[slot] = nearD[slot - 1] as number;
          nearZ[slot] = nearZ[slot - 1] as number;
          slot--;
        }
        nearD[slot] = d2;
        nearZ[slot] = pz[j] as number;
      }
      if (found === 0) return null;
      let sw = 0;
      let sz = 0;
      for (let k = 0; k < found; k++) {
        const w = 1 / ((nearD[k] as number) + 1e-12);
        sw += w;
        sz += w * (nearZ[k] as number);
      }
      return sz / sw;
    }),
  );
  return { xs: xAxis.values, ys: yAxis.values, z };
}
