import { useCallback, useEffect, useMemo, useState } from "preact/hooks";
import type { ImportanceResponse, StudyResponse } from "../../../api-types.js";
import { ErrorMessage } from "../components/error-message.js";
import { LabeledSelect } from "../components/labeled-select.js";
import { PlotView } from "../components/plot-view.js";
import { apiUrl } from "../lib/api.js";
import { useApi } from "../lib/use-api.js";
import { importanceFigure } from "./importance-figure.js";
import type { PlotProps } from "./plot-props.js";

const EVALUATOR_LABELS: Readonly<Record<string, string>> = {
  "ped-anova": "PED-ANOVA",
  fanova: "fANOVA",
  mdi: "Mean decrease impurity",
};

const labelOf = (evaluator: string) => EVALUATOR_LABELS[evaluator] ?? evaluator;

interface ChartProps {
  readonly study: StudyResponse;
  readonly objective: number;
  /** null: the server's default. */
  readonly evaluator: string | null;
  readonly version: number;
  /** Told the evaluators the server offers and the one it used, once an answer comes. */
  readonly onAnswer?: (evaluators: readonly string[], used: string) => void;
}

/**
 * One objective's importance bars. When the server answers from before its latest trials (it throttles
 * recomputation), the chart asks again after the delay the server gives.
 */
function ImportanceChart({ study, objective, evaluator, version, onAnswer }: ChartProps) {
  const [retries, setRetries] = useState(0);
  const url = apiUrl(["studies", study.name, "importance"], {
    objective,
    evaluator: evaluator ?? undefined,
  });
  const state = useApi<ImportanceResponse>(url, version + retries);
  const { data, error } = state;
  const retryAfter = data?.stale === true ? data.retryAfterMs : null;
  useEffect(() => {
    if (retryAfter === null) return;
    const timer = setTimeout(() => setRetries((r) => r + 1), retryAfter);
    return () => clearTimeout(timer);
  }, [retryAfter, data]);
  useEffect(() => {
    if (data !== undefined) onAnswer?.(data.evaluators, data.evaluator);
  }, [data, onAnswer]);
  const name = study.objectiveNames[objective] ?? `value ${objective}`;
  const figure = useMemo(
    () => (data === undefined || data.importances.length === 0 ? undefined : importanceFigure(data, name)),
    [data, name],
  );
  return (
    <section class="plot-panel" data-importance={objective}>
      {error !== undefined && <ErrorMessage error={error} what={`the importances of ${name}`} />}
      {data === undefined && error === undefined && <p class="muted">Computing importances…</p>}
      {data !== undefined && (
        <p class="muted note" data-testid="importance-note">
          {data.note ??
            `${labelOf(data.evaluator)} on ${data.used.toLocaleString()} complete trial${data.used === 1 ? "" : "s"}.`}
        </p>
      )}
      {data !== undefined && figure === undefined && (
        <p class="empty">
          {data.used < 2
            ? `${name}: importance needs at least two complete trials.`
            : `${name}: no parameter to score.`}
        </p>
      )}
      {figure !== undefined && <PlotView figure={figure} name={`importance-${objective}`} />}
    </section>
  );
}

/**
 * The importance tab: for each objective, how much each parameter matters, by the chosen evaluator;
 * redrawn as trials arrive.
 * @example
 * <ImportancePlot study={study} objective={0} version={version} />
 */
export function ImportancePlot({ study, version }: PlotProps) {
  const [evaluator, setEvaluator] = useState<string | null>(null);
  const [offered, setOffered] = useState<{ evaluators: readonly string[]; used: string } | null>(null);
  const onAnswer = useCallback(
    (evaluators: readonly string[], used: string) => setOffered({ evaluators, used }),
    [],
  );
  return (
    <div class="importance">
      {offered !== null && (
        <div class="controls">
          <LabeledSelect
            label="Evaluator"
            name="importance-evaluator"
            value={evaluator ?? offered.used}
            options={offered.evaluators.map((e) => [e, labelOf(e)] as const)}
            onChange={setEvaluator}
          />
        </div>
      )}
      {study.objectiveNames.map((_, k) => (
        <ImportanceChart
          key={k}
          study={study}
          objective={k}
          evaluator={evaluator}
          version={version}
          {...(k === 0 ? { onAnswer } : {})}
        />
      ))}
    </div>
  );
}
