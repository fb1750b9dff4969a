import type * as PlotlyApi from "plotly.js-dist-min";

/** The Plotly functions the dashboard uses. */
export type Plotly = Pick<typeof PlotlyApi, "react" | "purge">;

let loading: Promise<Plotly> | null = null;

/**
 * Plotly, loaded on first use: the ~4.7 MB library is its own chunk, fetched only when a chart is shown.
 * @example
 * const Plotly = await loadPlotly();
 */
export function loadPlotly(): Promise<Plotly> {
  loading ??= import("plotly.js-dist-min").then(
    (mod) => ((mod as { default?: Plotly }).default ?? mod) as Plotly,
    (error: unknown) => {
      loading = null;
      throw error;
    },
  );
  return loading;
}
