import { useMemo } from "preact/hooks";
import type { HistoryPlot as HistoryData } from "../../../api-types.js";
import { PlotPanel } from "../components/plot-panel.js";
import { apiUrl } from "../lib/api.js";
import { useApi } from "../lib/use-api.js";
import { historyFigure } from "./history-figure.js";
import type { PlotProps } from "./plot-props.js";

/**
 * The optimization history tab.
 * @example
 * <HistoryPlot study={study} objective={0} version={version} />
 */
export function HistoryPlot({ study, objective, version }: PlotProps) {
  const state = useApi<HistoryData>(
    apiUrl(["studies", study.name, "plots", "history"], { objective }),
    version,
  );
  const name = study.objectiveNames[objective] ?? `value ${objective}`;
  const figure = useMemo(() => {
    if (state.data === undefined) return undefined;
    if (state.data.points.length === 0) return "No complete trials yet.";
    return historyFigure(state.data, name);
  }, [state.data, name]);
  return <PlotPanel name="history" state={state} figure={figure} />;
}
