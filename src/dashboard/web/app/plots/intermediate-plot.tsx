import { useMemo } from "preact/hooks";
import type { IntermediatePlot as IntermediateData } from "../../../api-types.js";
import { PlotPanel } from "../components/plot-panel.js";
import { apiUrl } from "../lib/api.js";
import { useApi } from "../lib/use-api.js";
import { intermediateFigure } from "./intermediate-figure.js";
import type { PlotProps } from "./plot-props.js";

/**
 * The learning-curves tab (intermediate values; pruned trials marked).
 * @example
 * <IntermediatePlot study={study} objective={0} version={version} />
 */
export function IntermediatePlot({ study, objective, version }: PlotProps) {
  const url = apiUrl(["studies", study.name, "plots", "intermediate"], { objective });
  const state = useApi<IntermediateData>(url, version);
  const name = study.objectiveNames[objective] ?? `value ${objective}`;
  const figure = useMemo(() => {
    if (state.data === undefined) return undefined;
    if (state.data.curves.length === 0) return "No trial has reported intermediate values yet.";
    return intermediateFigure(state.data, name);
  }, [state.data, name]);
  return <PlotPanel name="intermediate" state={state} figure={figure} />;
}
