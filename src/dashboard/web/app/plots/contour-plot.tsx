import { useMemo, useState } from "preact/hooks";
import type { ContourPlot as ContourData } from "../../../api-types.js";
import { LabeledSelect } from "../components/labeled-select.js";
import { PlotPanel } from "../components/plot-panel.js";
import { apiUrl } from "../lib/api.js";
import { useApi } from "../lib/use-api.js";
import { contourFigure } from "./contour-figure.js";
import type { PlotProps } from "./plot-props.js";

/**
 * The contour tab: the objective over two chosen parameters.
 * @example
 * <ContourPlot study={study} objective={0} version={version} />
 */
export function ContourPlot({ study, objective, version }: PlotProps) {
  const names = study.params.map((p) => p.name);
  const [chosenX, setX] = useState<string | null>(null);
  const [chosenY, setY] = useState<string | null>(null);
  const x = chosenX !== null && names.includes(chosenX) ? chosenX : (names[0] ?? null);
  const y = chosenY !== null && names.includes(chosenY) ? chosenY : (names.find((n) => n !== x) ?? null);
  const url =
    x === null || y === null || x === y
      ? null
      : apiUrl(["studies", study.name, "plots", "contour"], { x, y, objective });
  const state = useApi<ContourData>(url, version);
  const name = study.objectiveNames[objective] ?? `value ${objective}`;
  const maximize = study.directions[objective] === "maximize";
  const figure = useMemo(() => {
    if (state.data === undefined) return undefined;
    if (state.data.points.length === 0) return "No complete trial has both parameters yet.";
    return contourFigure(state.data, name, !maximize);
  }, [state.data, name, maximize]);
  if (names.length < 2 || x === null || y === null) {
    return <p class="empty">A contour plot needs at least two parameters.</p>;
  }
  const options = names.map((n) => [n, n] as const);
  const controls = (
    <>
      <LabeledSelect label="x" name="contour-x" value={x} options={options} onChange={setX} />
      <LabeledSelect label="y" name="contour-y" value={y} options={options} onChange={setY} />
    </>
  );
  return (
    <PlotPanel
      name="contour"
      state={state}
      figure={x === y ? "Choose two different parameters." : figure}
      controls={controls}
    />
  );
}
