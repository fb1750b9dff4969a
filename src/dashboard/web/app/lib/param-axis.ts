import type { LayoutAxis } from "plotly.js-dist-min";
import type { Distribution, ParamValue } from "../../../../core.js";
import { escapeHtml } from "./escape.js";
import { formatParam } from "./format.js";

/** How one parameter maps onto a chart axis. */
export interface ParamAxis {
  /** The coordinate of a value (a categorical's index among its choices), or null to leave a gap. */
  readonly coord: (value: ParamValue | null | undefined) => number | null;
  /** Axis settings: log scale, or category tick labels (HTML-escaped). */
  readonly axis: Partial<LayoutAxis>;
}

/**
 * The axis of a parameter: numbers as they are (on a log axis when the distribution is log-scaled),
 * categorical choices at 0, 1, 2, ... labelled with their escaped text.
 * @example
 * paramAxis({ type: "categorical", choices: ["adam", "sgd"] }).coord("sgd"); // 1
 */
export function paramAxis(dist: Distribution): ParamAxis {
  if (dist.type === "categorical") {
    const keys = dist.choices.map((c) => JSON.stringify(c));
    return {
      coord: (v) => {
        if (v === undefined) return null;
        const i = keys.indexOf(JSON.stringify(v));
        return i < 0 ? null : i;
      },
      axis: {
        tickmode: "array",
        tickvals: dist.choices.map((_, i) => i),
        ticktext: dist.choices.map((c) => escapeHtml(formatParam(c))),
        range: [-0.5, dist.choices.length - 0.5],
      },
    };
  }
  return {
    coord: (v) => (typeof v === "number" && Number.isFinite(v) ? v : null),
    axis: dist.log ? { type: "log" } : { type: "linear" },
  };
}
