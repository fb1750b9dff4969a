import { useMemo } from "preact/hooks";
import type { ParallelPlot as ParallelData } from "../../../api-types.js";
import { PlotPanel } from "../components/plot-panel.js";
import { apiUrl } from "../lib/api.js";
import { useApi } from "../lib/use-api.js";
import { parallelFigure } from "./parallel-figure.js";
import type { PlotProps } from "./plot-props.js";

/**
 * The parallel-coordinates tab.
 * @example
 * <ParallelPlot study={study} objective={0} version={version} />
 */
export function ParallelPlot({ study, objective, version }: PlotProps) {
  const url = apiUrl(["studies", study.name, "plots", "parallel"], { objective });
  const state = useApi<ParallelData>(url, version);
  const name = study.objectiveNames[objective] ?? `value ${objective}`;
  const minimize = study.directions[objective] !== "maximize";
  const figure = useMemo(() => {
    if (state.data === undefined) return undefined;
    if (state.data.rows.length === 0) return "No complete trials yet.";
    return parallelFigure(state.data, name, minimize);
  }, [state.data, name, minimize]);
  return <PlotPanel name="parallel" state={state} figure={figure} />;
}
