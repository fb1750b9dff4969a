import type { Data } from "plotly.js-dist-min";
import type { IntermediatePlot } from "../../../api-types.js";
import { escapeHtml } from "../lib/escape.js";
import { axisTitle, baseLayout, type Figure, STATE_COLORS } from "../lib/figure.js";
import { formatNumber } from "../lib/format.js";

type Curve = IntermediatePlot["curves"][number];

/** All curves of one group as one trace, separated by gaps: hundreds of traces would slow Plotly down. */
function curvesTrace(curves: readonly Curve[], name: string, color: string, width: number): Data {
  const x: (number | null)[] = [];
  const y: (number | null)[] = [];
  const text: string[] = [];
  for (const c of curves) {
    c.steps.forEach((step, i) => {
      x.push(step);
      y.push(c.values[i] ?? null);
      text.push(`Trial #${c.number} (${c.state})<br>step ${step}: ${formatNumber(c.values[i] ?? null)}`);
    });
    x.push(null);
    y.push(null);
    text.push("");
  }
  return {
    type: "scatter",
    mode: "lines",
    name,
    x,
    y,
    text,
    hoverinfo: "text",
    connectgaps: false,
    line: { color, width },
    opacity: 0.7,
  };
}

/**
 * Learning curves: COMPLETE trials in blue, PRUNED ones in orange ending in a cross where they were
 * stopped, the rest (running, failed) in grey.
 * @example
 * intermediateFigure(plot, "loss");
 */
export function intermediateFigure(plot: IntermediatePlot, objectiveName: string): Figure {
  const complete = plot.curves.filter((c) => c.state === "COMPLETE");
  const pruned = plot.curves.filter((c) => c.state === "PRUNED");
  const other = plot.curves.filter((c) => c.state !== "COMPLETE" && c.state !== "PRUNED");
  const ends = pruned.filter((c) => c.steps.length > 0);
  const data: Data[] = [];
  if (complete.length > 0) data.push(curvesTrace(complete, "Complete", STATE_COLORS.COMPLETE, 1.5));
  if (other.length > 0) data.push(curvesTrace(other, "Running / failed", STATE_COLORS.STALE, 1));
  if (pruned.length > 0) {
    data.push(curvesTrace(pruned, "Pruned", STATE_COLORS.PRUNED, 1));
    data.push({
      type: "scatter",
      mode: "markers",
      name: "Pruned here",
      x: ends.map((c) => c.steps.at(-1) ?? null),
      y: ends.map((c) => c.values.at(-1) ?? null),
      text: ends.map((c) => `Trial #${c.number} pruned at step ${c.steps.at(-1)}`),
      hoverinfo: "text",
      marker: { color: STATE_COLORS.PRUNED, symbol: "x", size: 8 },
    });
  }
  return {
    data,
    layout: {
      ...baseLayout(),
      xaxis: { title: axisTitle("Step"), zeroline: false },
      yaxis: { title: axisTitle(escapeHtml(objectiveName)), zeroline: false },
    },
  };
}
