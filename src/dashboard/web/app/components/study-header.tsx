import type { StudyResponse } from "../../../api-types.js";
import { formatAgo, formatTime } from "../lib/format.js";
import { listHref } from "../lib/route.js";
import { BudgetBar } from "./budget-bar.js";

/**
 * A study's name, objectives, activity and search budget (shown on every tab).
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
          {study.trialCount.toLocaleString()} trials · {study.workers.length} worker
          {study.workers.length === 1 ? "" : "s"} · created {formatTime(study.createdAt)} · last activity{" "}
          {formatAgo(study.lastActivity)}
        </span>
      </p>
      <BudgetBar budget={study.budget} />
    </header>
  );
}
