import type { Data, Layout } from "plotly.js-dist-min";
import type { Distribution, ParamValue } from "../../../../core.js";
import type { ParallelPlot } from "../../../api-types.js";
import { escapeHtml } from "../lib/escape.js";
import { baseLayout, type Figure } from "../lib/figure.js";
import { formatNumber, formatParam } from "../lib/format.js";

/** Line colors from worst to best objective value (one trace per band keeps Plotly fast at 5,000 rows). */
const BANDS = ["#fde68a", "#fbbf24", "#f59e0b", "#ea580c", "#c2410c", "#7c2d12"];

interface Dimension {
  readonly label: string;
  /** A value's height in [0, 1], or null when it cannot be placed. */
  readonly scale: (value: ParamValue | null | undefined) => number | null;
  /** Tick heights and their (escaped) labels. */
  readonly ticks: readonly { readonly at: number; readonly text: string }[];
}

function numericDimension(label: string, low: number, high: number, log: boolean): Dimension {
  const t = (v: number): number => (log ? Math.log(v) : v);
  const span = t(high) - t(low);
  const scale = (v: ParamValue | null | undefined): number | null => {
    if (typeof v !== "number" || !Number.isFinite(v) || (log && v <= 0)) return null;
    return span > 0 ? (t(v) - t(low)) / span : 0.5;
  };
  const mid = log ? Math.sqrt(low * high) : (low + high) / 2;
  const ticks = span > 0 ? [low, mid, high] : [low];
  return { label, scale, ticks: ticks.map((v) => ({ at: scale(v) ?? 0.5, text: formatNumber(v) })) };
}

function paramDimension(name: string, dist: Distribution): Dimension {
  const label = escapeHtml(name);
  if (dist.type !== "categorical") return numericDimension(label, dist.low, dist.high, dist.log);
  const keys = dist.choices.map((c) => JSON.stringify(c));
  const n = dist.choices.length;
  const at = (i: number): number => (n === 1 ? 0.5 : i / (n - 1));
  const shown = n <= 12 ? dist.choices.map((_, i) => i) : [0, Math.floor(n / 2), n - 1];
  return {
    label,
    scale: (v) => {
      const i = v === undefined ? -1 : keys.indexOf(JSON.stringify(v));
      return i < 0 ? null : at(i);
    },
    ticks: shown.map((i) => ({ at: at(i), text: escapeHtml(formatParam(dist.choices[i] ?? null)) })),
  };
}

/** A vertical axis line with its label and ticks, drawn as shapes and annotations. */
function axisDecorations(dims: readonly Dimension[]): Pick<Layout, "shapes" | "annotations"> {
  return {
    shapes: dims.map((_, i) => ({
      type: "line" as const,
      x0: i,
      x1: i,
      y0: 0,
      y1: 1,
      line: { color: "#374151", width: 1.5 },
    })),
    annotations: dims.flatMap((d, i) => [
      { x: i, y: 1.06, text: `<b>${d.label}</b>`, showarrow: false, font: { size: 12 } },
      ...d.ticks.map((t) => ({
        x: i,
        y: t.at,
        text: t.text,
        showarrow: false,
        xanchor: "left" as const,
        xshift: 4,
        font: { size: 10, color: "#4b5563" },
        bgcolor: "rgba(255,255,255,0.7)",
      })),
    ]),
  };
}

/**
 * Parallel coordinates drawn with ordinary SVG lines: one vertical axis per parameter plus the objective,
 * one polyline per COMPLETE trial, colored by objective band (darker is better). Plotly's own
 * `parcoords` trace needs WebGL and generated code, which the dashboard's CSP and headless browsers
 * do not allow.
 * @example
 * parallelFigure(plot, "loss", "minimize");
 */
export function parallelFigure(plot: ParallelPlot, objectiveName: string, minimize: boolean): Figure {
  const values = plot.rows.map((r) => r.value).filter(Number.isFinite);
  const lo = values.length === 0 ? 0 : Math.min(...values);
  const hi = values.length === 0 ? 0 : Math.max(...values);
  const objective = numericDimension(escapeHtml(objectiveName), lo, hi, false);
  const dims = [...plot.params.map((p) => paramDimension(p.name, p.distribution)), objective];
  const bands = BANDS.map(() => ({ x: [] as (number | null)[], y: [] as (number | null)[] }));
  for (const row of plot.rows) {
    const q = hi > lo ? (row.value - lo) / (hi - lo) : 0.5;
    const goodness = minimize ? 1 - q : q;
    const band = bands[Math.min(BANDS.length - 1, Math.floor(goodness * BANDS.length))];
    if (band === undefined || !Number.isFinite(row.value)) continue;
    dims.forEach((d, i) => {
      band.x.push(i);
      band.y.push(i === dims.length - 1 ? objective.scale(row.value) : d.scale(row.params[i]));
    });
    band.x.push(null);
    band.y.push(null);
  }
  const data: Data[] = bands.map((b, i) => ({
    type: "scatter",
    mode: "lines",
    name: i === bands.length - 1 ? "best band" : `band ${i + 1}`,
    x: b.x,
    y: b.y,
    hoverinfo: "skip",
    connectgaps: false,
    showlegend: false,
    line: { color: BANDS[i] ?? "#000000", width: 1 },
    opacity: 0.55,
  }));
  return {
    data,
    layout: {
      ...baseLayout(),
      height: 480,
      margin: { l: 30, r: 60, t: 50, b: 30 },
      hovermode: false,
      showlegend: false,
      xaxis: { visible: false, range: [-0.2, dims.length - 0.6], fixedrange: true },
      yaxis: { visible: false, range: [-0.04, 1.1], fixedrange: true },
      ...axisDecorations(dims),
    },
  };
}
