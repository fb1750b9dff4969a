import type { Data } from "plotly.js-dist-min";
import type { ContourPlot } from "../../../api-types.js";
import { escapeHtml } from "../lib/escape.js";
import { axisTitle, baseLayout, type Figure, VALUE_COLORSCALE } from "../lib/figure.js";
import { formatNumber, formatParam } from "../lib/format.js";
import { paramAxis } from "../lib/param-axis.js";

/**
 * A contour plot of the objective over two parameters: the server's interpolated grid filled in (gaps
 * where no trial is near), the observed trials on top.
 * @example
 * contourFigure(plot, "loss", "minimize");
 */
export function contourFigure(plot: ContourPlot, objectiveName: string, reverse: boolean): Figure {
  const ax = paramAxis(plot.x.distribution);
  const ay = paramAxis(plot.y.distribution);
  const xName = escapeHtml(plot.x.name);
  const yName = escapeHtml(plot.y.name);
  const data: Data[] = [];
  if (plot.grid !== null) {
    data.push({
      type: "contour",
      name: escapeHtml(objectiveName),
      x: plot.grid.xs.map((v) => ax.coord(v)),
      y: plot.grid.ys.map((v) => ay.coord(v)),
      z: plot.grid.z.map((row) => [...row]),
      connectgaps: false,
      colorscale: VALUE_COLORSCALE,
      reversescale: reverse,
      contours: { coloring: "heatmap" },
      line: { width: 0.5, color: "rgba(255,255,255,0.5)" },
      colorbar: { title: { text: escapeHtml(objectiveName) }, thickness: 12 },
      hoverinfo: "skip",
    });
  }
  data.push({
    type: "scatter",
    mode: "markers",
    name: "Trials",
    x: plot.points.map((p) => ax.coord(p.x)),
    y: plot.points.map((p) => ay.coord(p.y)),
    text: plot.points.map(
      (p) =>
        `Trial #${p.number}<br>${xName}: ${escapeHtml(formatParam(p.x))}<br>${yName}: ${escapeHtml(formatParam(p.y))}<br>${formatNumber(p.z)}`,
    ),
    hoverinfo: "text",
    marker: { color: "#111827", size: 6, line: { color: "#ffffff", width: 1 } },
  });
  return {
    data,
    layout: {
      ...baseLayout(),
      showlegend: false,
      xaxis: { ...ax.axis, title: axisTitle(xName), zeroline: false },
      yaxis: { ...ay.axis, title: axisTitle(yName), zeroline: false },
    },
  };
}
