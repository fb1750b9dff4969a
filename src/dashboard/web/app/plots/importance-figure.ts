import type { ImportanceResponse } from "../../../api-types.js";
import { escapeHtml } from "../lib/escape.js";
import { axisTitle, baseLayout, type Figure } from "../lib/figure.js";

/** Pixels per bar, so a study with many parameters gets a taller chart rather than thin bars. */
const BAR_HEIGHT = 28;

/**
 * Parameter importances as horizontal bars, the most important at the top, each labelled with its share.
 * @example
 * importanceFigure(answer, "loss");
 */
export function importanceFigure(answer: ImportanceResponse, objectiveName: string): Figure {
  // Plotly draws the first category at the bottom: reverse so the list reads top-down.
  const bars = [...answer.importances].reverse();
  const names = bars.map((b) => escapeHtml(b.param));
  return {
    data: [
      {
        type: "bar",
        orientation: "h",
        x: bars.map((b) => b.importance),
        y: names,
        text: bars.map((b) => `${(100 * b.importance).toFixed(1)}%`),
        textposition: "outside",
        cliponaxis: false,
        hovertext: bars.map((b, i) => `${names[i]}: ${b.importance.toPrecision(3)}`),
        hoverinfo: "text",
        marker: { color: "#2563eb" },
      },
    ],
    layout: {
      ...baseLayout(),
      height: Math.max(160, 90 + BAR_HEIGHT * bars.length),
      margin: { l: 140, r: 60, t: 36, b: 50 },
      showlegend: false,
      title: { text: `${escapeHtml(objectiveName)} (${escapeHtml(answer.evaluator)})`, font: { size: 13 } },
      xaxis: { title: axisTitle("Importance"), rangemode: "tozero", zeroline: false },
      yaxis: { automargin: true, type: "category" },
    },
  };
}
