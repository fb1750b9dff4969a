import type { HistoryPlot } from "../../../api-types.js";
import { escapeHtml } from "../lib/escape.js";
import { axisTitle, baseLayout, type Figure, INFEASIBLE_COLOR, STATE_COLORS } from "../lib/figure.js";
import { formatNumber } from "../lib/format.js";

/**
 * The optimization history: each COMPLETE trial's value (infeasible ones greyed) and the best-so-far
 * step line, continued to the last trial.
 * @example
 * historyFigure(plot, "loss");
 */
export function historyFigure(plot: HistoryPlot, objectiveName: string): Figure {
  const feasible = plot.points.filter((p) => p.feasible);
  const infeasible = plot.points.filter((p) => !p.feasible);
  const hover = (p: { number: number; value: number }): string =>
    `Trial #${p.number}<br>${formatNumber(p.value)}`;
  const best = [...plot.best];
  const last = plot.points.at(-1);
  const lastBest = best.at(-1);
  if (last !== undefined && lastBest !== undefined && last.number > lastBest.number) {
    best.push({ number: last.number, value: lastBest.value });
  }
  return {
    data: [
      {
        type: "scatter",
        mode: "markers",
        name: "Trial value",
        x: feasible.map((p) => p.number),
        y: feasible.map((p) => p.value),
        text: feasible.map(hover),
        hoverinfo: "text",
        marker: { color: STATE_COLORS.COMPLETE, size: 6, opacity: 0.75 },
      },
      ...(infeasible.length === 0
        ? []
        : [
            {
              type: "scatter" as const,
              mode: "markers" as const,
              name: "Infeasible",
              x: infeasible.map((p) => p.number),
              y: infeasible.map((p) => p.value),
              text: infeasible.map((p) => `${hover(p)}<br>infeasible`),
              hoverinfo: "text" as const,
              marker: { color: INFEASIBLE_COLOR, size: 6, symbol: "x" as const },
            },
          ]),
      {
        type: "scatter",
        mode: "lines",
        name: "Best so far",
        x: best.map((p) => p.number),
        y: best.map((p) => p.value),
        text: best.map((p) => `Best at trial #${p.number}<br>${formatNumber(p.value)}`),
        hoverinfo: "text",
        line: { shape: "hv", color: "#dc2626", width: 2 },
      },
    ],
    layout: {
      ...baseLayout(),
      xaxis: { title: axisTitle("Trial"), zeroline: false },
      yaxis: { title: axisTitle(escapeHtml(objectiveName)), zeroline: false },
    },
  };
}
