import type { SlicePlot } from "../../../api-types.js";
import { escapeHtml } from "../lib/escape.js";
import { axisTitle, baseLayout, type Figure, VALUE_COLORSCALE } from "../lib/figure.js";
import { formatNumber, formatParam } from "../lib/format.js";
import { paramAxis } from "../lib/param-axis.js";

/**
 * A slice plot: the objective against one parameter, each point colored by its trial number so the
 * drift of the search shows.
 * @example
 * sliceFigure(plot, "loss");
 */
export function sliceFigure(plot: SlicePlot, objectiveName: string): Figure {
  const axis = paramAxis(plot.distribution);
  const name = escapeHtml(plot.param);
  return {
    data: [
      {
        type: "scatter",
        mode: "markers",
        name: "Trials",
        x: plot.points.map((p) => axis.coord(p.x)),
        y: plot.points.map((p) => p.y),
        text: plot.points.map(
          (p) => `Trial #${p.number}<br>${name}: ${escapeHtml(formatParam(p.x))}<br>${formatNumber(p.y)}`,
        ),
        hoverinfo: "text",
        marker: {
          size: 7,
          color: plot.points.map((p) => p.number),
          colorscale: VALUE_COLORSCALE,
          showscale: true,
          colorbar: { title: { text: "Trial" }, thickness: 12 },
          line: { color: "#ffffff", width: 0.5 },
        },
      },
    ],
    layout: {
      ...baseLayout(),
      showlegend: false,
      xaxis: { ...axis.axis, title: axisTitle(name), zeroline: false },
      yaxis: { title: axisTitle(escapeHtml(objectiveName)), zeroline: false },
    },
  };
}
