import type { Data, Layout } from "plotly.js-dist-min";
import type { ParetoPlot } from "../../../api-types.js";
import { escapeHtml } from "../lib/escape.js";
import { axisTitle, baseLayout, type Figure, INFEASIBLE_COLOR } from "../lib/figure.js";
import { formatNumber } from "../lib/format.js";

type Point = ParetoPlot["front"][number];

interface Group {
  readonly name: string;
  readonly points: readonly Point[];
  readonly marker: { color: string; size: number; symbol?: "x" | "circle" };
}

/** Each pair of objectives in its own panel: three 2-D views of a 3-objective front need no WebGL. */
function pairs(n: number): [number, number][] {
  return n === 2
    ? [[0, 1]]
    : [
        [0, 1],
        [0, 2],
        [1, 2],
      ];
}

/**
 * The Pareto front of a 2- or 3-objective study: front trials in red, the others in blue, infeasible
 * trials as grey crosses (never on the front). Three objectives are drawn as three pairwise panels.
 * @example
 * paretoFigure(plot);
 */
export function paretoFigure(plot: ParetoPlot): Figure {
  const names = plot.objectiveNames.map(
    (n, i) => `${escapeHtml(n)} (${plot.directions[i] === "maximize" ? "max" : "min"})`,
  );
  const hover = (p: Point): string =>
    `Trial #${p.number}<br>${p.values.map((v, i) => `${escapeHtml(plot.objectiveNames[i] ?? "")}: ${formatNumber(v)}`).join("<br>")}${p.feasible ? "" : "<br>infeasible"}`;
  const front = [...plot.front].sort((a, b) => (a.values[0] ?? 0) - (b.values[0] ?? 0));
  const groups: Group[] = [
    {
      name: "Other trials",
      points: plot.others.filter((p) => p.feasible),
      marker: { color: "#93c5fd", size: 6 },
    },
    {
      name: "Infeasible",
      points: [...plot.others, ...plot.front].filter((p) => !p.feasible),
      marker: { color: INFEASIBLE_COLOR, size: 7, symbol: "x" },
    },
    { name: "Pareto front", points: front.filter((p) => p.feasible), marker: { color: "#dc2626", size: 8 } },
  ];
  const panels = pairs(plot.objectiveNames.length);
  const data: Data[] = [];
  const layout: Partial<Layout> = { ...baseLayout() };
  const gap = 0.08;
  const width = (1 - gap * (panels.length - 1)) / panels.length;
  panels.forEach(([i, j], k) => {
    const suffix = k === 0 ? "" : String(k + 1);
    for (const g of groups) {
      if (g.points.length === 0) continue;
      data.push({
        type: "scatter",
        mode: "markers",
        name: g.name,
        legendgroup: g.name,
        showlegend: k === 0,
        xaxis: `x${suffix}`,
        yaxis: `y${suffix}`,
        x: g.points.map((p) => p.values[i] ?? null),
        y: g.points.map((p) => p.values[j] ?? null),
        text: g.points.map(hover),
        hoverinfo: "text",
        marker: g.marker,
      });
    }
    const domain: [number, number] = [k * (width + gap), k * (width + gap) + width];
    Object.assign(layout, {
      [`xaxis${suffix}`]: { domain, anchor: `y${suffix}`, title: axisTitle(names[i] ?? ""), zeroline: false },
      [`yaxis${suffix}`]: { anchor: `x${suffix}`, title: axisTitle(names[j] ?? ""), zeroline: false },
    });
  });
  return { data, layout };
}
