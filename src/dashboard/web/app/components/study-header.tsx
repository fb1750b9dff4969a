import type { StudyResponse } from "../../../api-types.js";
import { formatAgo, formatTime } from "../lib/format.js";
import { listHref } from "../lib/route.js";
import { BudgetBar } from "./budget-bar.js";

/**
 * While the server is still reading the study: how far it has got. Plots, table and budget cover only the
 * trials read so far, and the page re-fetches on each `study` event as more arrive.
 */
function LoadingNote({ loading }: { readonly loading: NonNullable<StudyResponse["loading"]> }) {
  return (
    <p class="loading-note" role="status">
      <progress max={loading.total} value={loading.loaded} aria-hidden="true" />
      Loading {loading.loaded.toLocaleString()} of {loading.total.toLocaleString()} trials… (plots and tables
      show the trials loaded so far)
    </p>
  );
}

/**
 * A study's name, objectives, activity, search budget (shown on every tab) and, while the server is
 * still reading a large study, its loading progress.
 * @example
 * <StudyHeader study={study} />
 */
export function StudyHeader({
  study,
  compact = false,
}: {
  readonly study: StudyResponse;
  readonly compact?: boolean;
}) {
  return (
    <header class="study-header">
      {!compact && (
        <a class="back" href={listHref()}>
          ← All studies
        </a>
      )}
      <h2 class="study-name">{study.name}</h2>
      <p class="study-meta">
        {study.objectiveNames.map((n, i) => (
          <span key={n} class="objective">
            {study.directions[i] === "maximize" ? "maximize" : "minimize"} <strong>{n}</strong>
          </span>
        ))}
        <span class="muted">
          {(study.loading?.total ?? study.trialCount).toLocaleString()} trials · {study.workers.length} worker
          {study.workers.length === 1 ? "" : "s"} · created {formatTime(study.createdAt)} · last activity{" "}
          {formatAgo(study.lastActivity)}
        </span>
      </p>
      {study.loading !== null && <LoadingNote loading={study.loading} />}
      <BudgetBar budget={study.budget} />
    </header>
  );
}
