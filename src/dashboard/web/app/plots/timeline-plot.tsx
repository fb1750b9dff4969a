import { useMemo } from "preact/hooks";
import type { TimelinePlot as TimelineData } from "../../../api-types.js";
import { PlotPanel } from "../components/plot-panel.js";
import { apiUrl } from "../lib/api.js";
import { useApi } from "../lib/use-api.js";
import type { PlotProps } from "./plot-props.js";
import { timelineFigure } from "./timeline-figure.js";

/**
 * The timeline tab: trials per worker over time.
 * @example
 * <TimelinePlot study={study} objective={0} version={version} />
 */
export function TimelinePlot({ study, version }: PlotProps) {
  const state = useApi<TimelineData>(apiUrl(["studies", study.name, "plots", "timeline"]), version);
  const figure = useMemo(() => {
    if (state.data === undefined) return undefined;
    if (state.data.bars.length === 0) return "No trial has started yet.";
    return timelineFigure(state.data, Date.now());
  }, [state.data]);
  return <PlotPanel name="timeline" state={state} figure={figure} />;
}
