import type { Data, Layout } from "plotly.js-dist-min";

/** What one chart draws: Plotly traces and layout (built from API data by the `*-figure.ts` modules). */
export interface Figure {
  readonly data: Data[];
  readonly layout: Partial<Layout>;
}

/** Colors of trial states, shared by charts and the state badges' CSS. */
export const STATE_COLORS = {
  COMPLETE: "#2563eb",
  PRUNED: "#f97316",
  FAIL: "#dc2626",
  STALE: "#9ca3af",
  RUNNING: "#16a34a",
  WAITING: "#a855f7",
} as const;

/** Markers and lines for trials that break a constraint. */
export const INFEASIBLE_COLOR = "#9ca3af";

/** The sequential color scale for objective values and trial numbers. */
export const VALUE_COLORSCALE = "Viridis";

/**
 * The layout every chart starts from: system font, white background, room for axis titles.
 * @example
 * const layout = { ...baseLayout(), xaxis: { title: { text: "Trial" } } };
 */
export function baseLayout(): Partial<Layout> {
  return {
    autosize: true,
    height: 460,
    margin: { l: 70, r: 30, t: 30, b: 60 },
    paper_bgcolor: "#ffffff",
    plot_bgcolor: "#ffffff",
    font: { family: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", size: 12, color: "#1f2937" },
    hovermode: "closest",
    legend: { orientation: "h", y: -0.18 },
  };
}

/**
 * An axis title object.
 * @example
 * axisTitle("Trial"); // { text: "Trial" }
 */
export function axisTitle(escapedText: string): { text: string } {
  return { text: escapedText };
}
