import { useMemo } from "preact/hooks";
import type { EdfPlot as EdfData } from "../../../api-types.js";
import { PlotPanel } from "../components/plot-panel.js";
import { apiUrl } from "../lib/api.js";
import { useApi } from "../lib/use-api.js";
import { edfFigure } from "./edf-figure.js";
import type { PlotProps } from "./plot-props.js";

/**
 * The empirical distribution (EDF) tab.
 * @example
 * <EdfPlot study={study} objective={0} version={version} />
 */
export function EdfPlot({ study, objective, version }: PlotProps) {
  const state = useApi<EdfData>(apiUrl(["studies", study.name, "plots", "edf"], { objective }), version);
  const name = study.objectiveNames[objective] ?? `value ${objective}`;
  const figure = useMemo(() => {
    if (state.data === undefined) return undefined;
    if (state.data.values.length === 0) return "No complete trials yet.";
    return edfFigure(state.data, name);
  }, [state.data, name]);
  return <PlotPanel name="edf" state={state} figure={figure} />;
}
