import type { EdfPlot } from "../../../api-types.js";
import { escapeHtml } from "../lib/escape.js";
import { axisTitle, baseLayout, type Figure } from "../lib/figure.js";
import { formatNumber } from "../lib/format.js";

/**
 * The empirical distribution function of the objective: the share of COMPLETE trials at or below each
 * value. The server sends quantiles, so the k-th of m values sits at (k + 1) / m.
 * @example
 * edfFigure(plot, "loss");
 */
export function edfFigure(plot: EdfPlot, objectiveName: string): Figure {
  const m = plot.values.length;
  const y = plot.values.map((_, k) => (k + 1) / m);
  return {
    data: [
      {
        type: "scatter",
        mode: "lines",
        name: "EDF",
        x: [...plot.values],
        y,
        text: plot.values.map((v, k) => `${formatNumber(v)}: ${(100 * (y[k] ?? 0)).toFixed(1)}% of trials`),
        hoverinfo: "text",
        line: { shape: "hv", color: "#2563eb", width: 2 },
      },
    ],
    layout: {
      ...baseLayout(),
      showlegend: false,
      xaxis: { title: axisTitle(escapeHtml(objectiveName)), zeroline: false },
      yaxis: { title: axisTitle("Cumulative share of trials"), range: [0, 1.02], tickformat: ".0%" },
    },
  };
}
