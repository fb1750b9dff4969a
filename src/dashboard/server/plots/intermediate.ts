/** The learning-curves payload: intermediate reports of one series, per trial. */
import type { TrialState } from "../../../core.js";
import { type IntermediatePlot, MAX_PLOT_POINTS } from "../../api-types.js";
import { invalidQuery } from "../api-error.js";
import { STATE, type StudyColumns } from "../study-columns.js";
import { indexSeries, metricSeries } from "../trial-batch.js";
import { evenIndices } from "./sampling.js";

/** Points per curve when curves must be thinned. */
const THINNED_CURVE_POINTS = 50;

/** Which reports a curve plots, and the objective index whose direction ranks trials. */
export interface SeriesChoice {
  readonly key: string;
  readonly objective: number;
}

/**
 * Resolves `objective=` of the intermediate plot: an index (a scalar report is index 0, a vector's k-th
 * entry index k; with metric names, index k also finds named reports of the k-th metric) or a metric name.
 * @throws ApiRequestError (400) naming the series the study has.
 * @example
 * resolveSeries(columns, "loss"); // { key: "m:loss", objective: 0 }
 */
export function resolveSeries(columns: StudyColumns, raw: string | undefined): SeriesChoice {
  const names = columns.study.metricNames ?? [];
  const value = raw ?? "0";
  if (/^\d+$/.test(value)) {
    const k = Number(value);
    const name = names[k];
    if (
      !columns.seriesKeys.has(indexSeries(k)) &&
      name !== undefined &&
      columns.seriesKeys.has(metricSeries(name))
    )
      return { key: metricSeries(name), objective: k };
    if (columns.seriesKeys.has(indexSeries(k)) || columns.seriesKeys.size === 0 || k < columns.m)
      return { key: indexSeries(k), objective: k < columns.m ? k : 0 };
  } else if (columns.seriesKeys.has(metricSeries(value)) || names.includes(value)) {
    return { key: metricSeries(value), objective: Math.max(0, names.indexOf(value)) };
  }
  const known = [...columns.seriesKeys].map((k) => k.slice(2)).sort();
  throw invalidQuery(
    "objective",
    `must be a reported objective index or metric name (${known.join(", ") || "none"})`,
    value,
  );
}

interface Curve {
  readonly number: number;
  readonly steps: number[];
  readonly values: number[];
}

/**
 * Curves of the trials that reported the series. When they hold more than `cap` points, curves are
 * chosen in order of interest: the best COMPLETE trials (a tenth of the room), pruned trials evenly
 * spread (a third), then the rest evenly spread; each long curve is thinned to evenly spaced steps with
 * its first and last kept. Non-finite reports are left out.
 * @example
 * intermediatePlot(columns, { series: resolveSeries(columns, "0") }).curves.length;
 */
export function intermediatePlot(
  columns: StudyColumns,
  { series, cap = MAX_PLOT_POINTS }: { series: SeriesChoice; cap?: number },
): IntermediatePlot {
  const curves = collectCurves(columns, series.key);
  let points = 0;
  let longest = 0;
  for (const c of curves) {
    points += c.steps.length;
    longest = Math.max(longest, c.steps.length);
  }
  const state = (i: number) => columns.stateName(i) as TrialState;
  if (points <= cap) {
    return {
      curves: curves.map((c) => ({ ...c, state: state(c.number) })),
      total: curves.length,
      sampled: false,
    };
  }
  const perCurve = Math.min(longest, THINNED_CURVE_POINTS);
  const count = Math.max(1, Math.min(curves.length, Math.floor(cap / perCurve)));
  const room = Math.max(1, Math.floor(cap / count));
  const chosen = chooseCurves(columns, curves, count, series.objective);
  let used = 0;
  const out: IntermediatePlot["curves"][number][] = [];
  for (const c of chosen) {
    const picks = evenIndices(c.steps.length, Math.min(room, cap - used));
    if (picks.length === 0) break;
    used += picks.length;
    out.push({
      number: c.number,
      state: state(c.number),
      steps: picks.map((j) => c.steps[j] as number),
      values: picks.map((j) => c.values[j] as number),
    });
  }
  return { curves: out, total: curves.length, sampled: true };
}

function collectCurves(columns: StudyColumns, key: string): Curve[] {
  const curves: Curve[] = [];
  for (let i = 0; i < columns.n; i++) {
    const r = columns.reports[i];
    if (r === undefined) continue;
    const code = r.keys.indexOf(key);
    if (code < 0) continue;
    const steps: number[] = [];
    const values: number[] = [];
    for (let e = 0; e < r.steps.length; e++) {
      const v = r.values[e] as number;
      if (r.series[e] === code && Number.isFinite(v)) {
        steps.push(r.steps[e] as number);
        values.push(v);
      }
    }
    if (steps.length > 0) curves.push({ number: i, steps, values });
  }
  return curves;
}

function chooseCurves(
  columns: StudyColumns,
  curves: readonly Curve[],
  count: number,
  objective: number,
): Curve[] {
  const chosen = new Set<number>();
  const sign = columns.directions[objective] === "maximize" ? -1 : 1;
  const complete = curves
    .map((_c, j) => j)
    .filter((j) => {
      const i = (curves[j] as Curve).number;
      return columns.state[i] === STATE.COMPLETE && Number.isFinite(columns.value(i, objective));
    })
    .sort((a, b) => {
      const va = sign * columns.value((curves[a] as Curve).number, objective);
      const vb = sign * columns.value((curves[b] as Curve).number, objective);
      return va - vb || a - b;
    });
  for (const j of complete.slice(0, Math.max(1, Math.ceil(count / 10)))) chosen.add(j);
  const pruned = curves
    .map((_, j) => j)
    .filter((j) => columns.state[(curves[j] as Curve).number] === STATE.PRUNED);
  const prunedRoom = Math.min(Math.ceil(count / 3), count - chosen.size);
  for (const p of evenIndices(pruned.length, prunedRoom)) chosen.add(pruned[p] as number);
  const rest = curves.map((_, j) => j).filter((j) => !chosen.has(j));
  for (const r of evenIndices(rest.length, count - chosen.size)) chosen.add(rest[r] as number);
  return [...chosen].sort((a, b) => a - b).map((j) => curves[j] as Curve);
}
