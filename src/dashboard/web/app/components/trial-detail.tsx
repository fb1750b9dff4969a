import type { ApiNumber, StudyResponse, TrialDetailResponse } from "../../../api-types.js";
import { apiUrl } from "../lib/api.js";
import { formatJson, formatMs, formatNumber, formatParam, formatTime } from "../lib/format.js";
import { useApi } from "../lib/use-api.js";
import { ErrorMessage } from "./error-message.js";
import { KeyValueTable } from "./key-value-table.js";
import { StateBadge } from "./state-badges.js";

/** Steps listed in the detail panel; the learning-curves tab shows all of them. */
const MAX_STEPS = 200;

type Report = TrialDetailResponse["intermediateValues"][string];

function formatReport(value: Report): string {
  if (Array.isArray(value)) return `[${value.map((v) => formatNumber(v)).join(", ")}]`;
  if (typeof value === "object" && value !== null) {
    return Object.entries(value as Record<string, ApiNumber>)
      .map(([k, v]) => `${k}: ${formatNumber(v)}`)
      .join(", ");
  }
  return formatNumber(value as ApiNumber);
}

function valueRows(t: TrialDetailResponse, study: StudyResponse): (readonly [string, string])[] {
  if (t.values === null) return [["Value", "—"]];
  return t.values.map((v, i) => [study.objectiveNames[i] ?? `value ${i}`, formatNumber(v)] as const);
}

interface Props {
  readonly study: StudyResponse;
  readonly number: number;
  readonly version: number;
  readonly onClose: () => void;
}

/**
 * Everything about one trial: state, values, params, intermediate values, constraints, attributes,
 * timing, worker, log path and why it failed.
 * @example
 * <TrialDetail study={study} number={3} version={version} onClose={close} />
 */
export function TrialDetail({ study, number, version, onClose }: Props) {
  const { data: t, error } = useApi<TrialDetailResponse>(
    apiUrl(["studies", study.name, "trials", String(number)]),
    version,
  );
  const steps = t === undefined ? [] : Object.entries(t.intermediateValues);
  return (
    <aside class="trial-detail" aria-label={`Trial ${number}`}>
      <header>
        <h3>Trial #{number}</h3>
        <button type="button" class="close" onClick={onClose} aria-label="Close the trial detail">
          ×
        </button>
      </header>
      {error !== undefined && <ErrorMessage error={error} what={`trial #${number}`} />}
      {t === undefined && error === undefined && <p class="muted">Loading…</p>}
      {t !== undefined && (
        <>
          <KeyValueTable
            name="summary"
            rows={[
              ["State", <StateBadge key="s" state={t.state} />],
              ...valueRows(t, study),
              ["Duration", formatMs(t.durationMs)],
              ["Started", formatTime(t.startedAt)],
              ["Completed", formatTime(t.completedAt)],
              ["Worker", t.workerId ?? "—"],
              ...(t.feasible === null ? [] : [["Feasible", t.feasible ? "yes" : "no"] as const]),
              ...(t.retryOf === null ? [] : [["Retry of", `#${t.retryOf}`] as const]),
              ...(t.logPath === null ? [] : [["Log", <code key="l">{t.logPath}</code>] as const]),
            ]}
          />
          {t.failReason !== null && (
            <section class="fail-reason">
              <h4>Fail reason</h4>
              <p>
                <code>{t.failReason.code}</code> {t.failReason.message}
              </p>
              {t.failReason.stack !== undefined && (
                <details>
                  <summary>Stack</summary>
                  <pre>{t.failReason.stack}</pre>
                </details>
              )}
            </section>
          )}
          <h4>Parameters</h4>
          <KeyValueTable
            name="params"
            rows={Object.entries(t.params).map(([k, v]) => [k, formatParam(v)] as const)}
          />
          {Object.keys(t.constraints).length > 0 && (
            <>
              <h4>Constraints (≤ 0 is satisfied)</h4>
              <KeyValueTable
                name="constraints"
                rows={Object.entries(t.constraints).map(([k, v]) => [k, formatNumber(v)] as const)}
              />
            </>
          )}
          <h4>Intermediate values</h4>
          <KeyValueTable
            name="intermediate"
            empty="No reports."
            rows={steps.slice(0, MAX_STEPS).map(([step, v]) => [`step ${step}`, formatReport(v)] as const)}
          />
          {steps.length > MAX_STEPS && (
            <p class="muted">
              {(steps.length - MAX_STEPS).toLocaleString()} more steps in the learning-curves tab.
            </p>
          )}
          <h4>User attributes</h4>
          <KeyValueTable
            name="user-attrs"
            rows={Object.entries(t.userAttrs).map(([k, v]) => [k, formatJson(v)] as const)}
          />
          <h4>System attributes</h4>
          <KeyValueTable
            name="system-attrs"
            rows={Object.entries(t.systemAttrs).map(([k, v]) => [k, formatJson(v)] as const)}
          />
        </>
      )}
    </aside>
  );
}
