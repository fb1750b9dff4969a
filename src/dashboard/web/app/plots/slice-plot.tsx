import { useMemo, useState } from "preact/hooks";
import type { SlicePlot as SliceData } from "../../../api-types.js";
import { LabeledSelect } from "../components/labeled-select.js";
import { PlotPanel } from "../components/plot-panel.js";
import { apiUrl } from "../lib/api.js";
import { useApi } from "../lib/use-api.js";
import type { PlotProps } from "./plot-props.js";
import { sliceFigure } from "./slice-figure.js";

/**
 * The slice tab: the objective against one chosen parameter.
 * @example
 * <SlicePlot study={study} objective={0} version={version} />
 */
export function SlicePlot({ study, objective, version }: PlotProps) {
  const names = study.params.map((p) => p.name);
  const [chosen, setChosen] = useState<string | null>(null);
  const param = chosen !== null && names.includes(chosen) ? chosen : (names[0] ?? null);
  const url = param === null ? null : apiUrl(["studies", study.name, "plots", "slice"], { param, objective });
  const state = useApi<SliceData>(url, version);
  const name = study.objectiveNames[objective] ?? `value ${objective}`;
  const figure = useMemo(() => {
    if (state.data === undefined) return undefined;
    if (state.data.points.length === 0) return "No complete trial has this parameter yet.";
    return sliceFigure(state.data, name);
  }, [state.data, name]);
  if (param === null) return <p class="empty">This study has no parameters yet.</p>;
  const controls = (
    <LabeledSelect
      label="Parameter"
      name="slice-param"
      value={param}
      options={names.map((n) => [n, n])}
      onChange={setChosen}
    />
  );
  return <PlotPanel name="slice" state={state} figure={figure} controls={controls} />;
}
