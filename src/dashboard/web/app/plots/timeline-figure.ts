import type { Data } from "plotly.js-dist-min";
import type { TrialState } from "../../../../core.js";
import type { TimelinePlot } from "../../../api-types.js";
import { escapeHtml } from "../lib/escape.js";
import { axisTitle, baseLayout, type Figure, STATE_COLORS } from "../lib/figure.js";
import { formatMs } from "../lib/format.js";

const STATES = Object.keys(STATE_COLORS) as TrialState[];

/**
 * When each trial ran, one row per worker, colored by state; running trials extend to `now`. Plotly's
 * date axis shows UTC, so times are shifted to the browser's zone.
 * @example
 * timelineFigure(plot, Date.now());
 */
export function timelineFigure(plot: TimelinePlot, now: number): Figure {
  const local = (ms: number): number => ms - new Date(ms).getTimezoneOffset() * 60_000;
  const workers = [...new Set(plot.bars.map((b) => b.workerId))].sort();
  const data: Data[] = [];
  for (const state of STATES) {
    const bars = plot.bars.filter((b) => b.state === state);
    if (bars.length === 0) continue;
    data.push({
      type: "bar",
      orientation: "h",
      name: state,
      y: bars.map((b) => escapeHtml(b.workerId)),
      base: bars.map((b) => local(b.start)),
      x: bars.map((b) => Math.max((b.end ?? now) - b.start, 1)),
      text: bars.map((b) => `Trial #${b.number} (${b.state})<br>${formatMs((b.end ?? now) - b.start)}`),
      textposition: "none",
      hoverinfo: "text",
      marker: { color: STATE_COLORS[state] },
    });
  }
  return {
    data,
    layout: {
      ...baseLayout(),
      height: Math.min(900, Math.max(300, 120 + 28 * workers.length)),
      margin: { l: 160, r: 30, t: 30, b: 60 },
      barmode: "overlay",
      xaxis: { type: "date", title: axisTitle("Time") },
      yaxis: {
        type: "category",
        categoryorder: "array",
        categoryarray: workers.map(escapeHtml),
        title: axisTitle("Worker"),
        automargin: true,
      },
    },
  };
}
