import { useMemo } from "preact/hooks";
import type { ParetoPlot as ParetoData } from "../../../api-types.js";
import { PlotPanel } from "../components/plot-panel.js";
import { apiUrl } from "../lib/api.js";
import { useApi } from "../lib/use-api.js";
import { paretoFigure } from "./pareto-figure.js";
import type { PlotProps } from "./plot-props.js";

/**
 * The Pareto-front tab of a 2- or 3-objective study.
 * @example
 * <ParetoPlot study={study} objective={0} version={version} />
 */
export function ParetoPlot({ study, version }: PlotProps) {
  const state = useApi<ParetoData>(apiUrl(["studies", study.name, "plots", "pareto"]), version);
  const figure = useMemo(() => {
    if (state.data === undefined) return undefined;
    if (state.data.front.length + state.data.others.length === 0) return "No complete trials yet.";
    return paretoFigure(state.data);
  }, [state.data]);
  return <PlotPanel name="pareto" state={state} figure={figure} />;
}
