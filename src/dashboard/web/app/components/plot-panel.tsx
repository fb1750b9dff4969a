import type { ComponentChildren } from "preact";
import type { Figure } from "../lib/figure.js";
import type { ApiState } from "../lib/use-api.js";
import { ErrorMessage } from "./error-message.js";
import { PlotView } from "./plot-view.js";

interface Sized {
  readonly total: number;
  readonly sampled: boolean;
}

interface Props<T extends Sized> {
  readonly name: string;
  readonly state: ApiState<T>;
  /** The chart, or a sentence saying why there is none (e.g. no trials yet). */
  readonly figure: Figure | string | undefined;
  /** Selectors above the chart (parameters, objective). */
  readonly controls?: ComponentChildren;
  /** What the API counts in `total`. */
  readonly unit?: string;
}

/**
 * A chart with its controls, loading and error states and a note when the server downsampled the data.
 * @example
 * <PlotPanel name="edf" state={state} figure={figure} />
 */
export function PlotPanel<T extends Sized>({ name, state, figure, controls, unit = "trials" }: Props<T>) {
  const { data, error } = state;
  return (
    <section class="plot-panel">
      {controls !== undefined && <div class="controls">{controls}</div>}
      {error !== undefined && <ErrorMessage error={error} what={`the ${name} chart`} />}
      {data === undefined && error === undefined && <p class="muted">Loading data…</p>}
      {data?.sampled === true && (
        <p class="muted note">
          Downsampled: showing a sample of {data.total.toLocaleString()} {unit}.
        </p>
      )}
      {typeof figure === "string" && <p class="empty">{figure}</p>}
      {typeof figure === "object" && <PlotView figure={figure} name={name} />}
    </section>
  );
}
