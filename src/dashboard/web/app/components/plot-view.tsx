import type { Config } from "plotly.js-dist-min";
import { useEffect, useRef, useState } from "preact/hooks";
import { baseLayout, type Figure } from "../lib/figure.js";
import { loadPlotly, type Plotly } from "../lib/plotly.js";

interface Props {
  /** What to draw; a new object redraws (Plotly diffs it against the last one). */
  readonly figure: Figure;
  /** Names the chart for tests and assistive technology (`data-plot`, `aria-label`). */
  readonly name: string;
}

function config(): Partial<Config> {
  return { responsive: true, displaylogo: false, modeBarButtonsToRemove: ["lasso2d", "select2d"] };
}

/**
 * One Plotly chart. Loads Plotly on first use (showing a loading note meanwhile), redraws in place when
 * the figure changes and frees the chart when unmounted.
 * @example
 * <PlotView figure={historyFigure(plot, "loss")} name="history" />
 */
export function PlotView({ figure, name }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const plotly = useRef<Plotly | null>(null);
  const [status, setStatus] = useState<"loading" | "ready" | "error">("loading");
  const [error, setError] = useState("");

  useEffect(() => {
    let current = true;
    loadPlotly()
      .then((P) => {
        plotly.current = P;
        const el = host.current;
        if (!current || el === null) return;
        return P.react(el, figure.data, { ...baseLayout(), ...figure.layout }, config());
      })
      .then(
        () => {
          if (current) setStatus("ready");
        },
        (e: unknown) => {
          if (!current) return;
          setStatus("error");
          setError(String(e));
        },
      );
    return () => {
      current = false;
    };
  }, [figure]);

  useEffect(
    () => () => {
      if (host.current !== null) plotly.current?.purge(host.current);
    },
    [],
  );

  return (
    <div class="plot-view" data-plot={name} data-status={status}>
      {status === "loading" && <p class="muted plot-loading">Loading chart…</p>}
      {status === "error" && <p class="error">The chart could not be drawn: {error}</p>}
      <div ref={host} class="plot-host" role="img" aria-label={`${name} chart`} />
    </div>
  );
}
