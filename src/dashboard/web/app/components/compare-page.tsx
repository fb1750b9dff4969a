import type { StudyResponse } from "../../../api-types.js";
import { apiUrl } from "../lib/api.js";
import { useEventVersion } from "../lib/events.js";
import { listHref, studyHref } from "../lib/route.js";
import { useApi } from "../lib/use-api.js";
import { HistoryPlot } from "../plots/history-plot.js";
import { ErrorMessage } from "./error-message.js";
import { StudyHeader } from "./study-header.js";

function CompareColumn({ name }: { readonly name: string }) {
  const version = useEventVersion((e) => e.type === "study" && e.study.name === name);
  const { data: study, error } = useApi<StudyResponse>(apiUrl(["studies", name]), version);
  return (
    <section class="compare-column" data-compare={name}>
      {error !== undefined && <ErrorMessage error={error} what={`the study "${name}"`} />}
      {study === undefined && error === undefined && <p class="muted">Loading…</p>}
      {study !== undefined && (
        <>
          <StudyHeader study={study} compact />
          <a href={studyHref(name)}>Open this study →</a>
          <HistoryPlot study={study} objective={0} version={version} />
        </>
      )}
    </section>
  );
}

/**
 * Two studies side by side: header, budget and optimization history of each.
 * @example
 * <ComparePage a="tpe-run" b="random-run" />
 */
export function ComparePage({ a, b }: { readonly a: string; readonly b: string }) {
  return (
    <div class="compare-page">
      <a class="back" href={listHref()}>
        ← All studies
      </a>
      <div class="compare-grid">
        <CompareColumn name={a} />
        <CompareColumn name={b} />
      </div>
    </div>
  );
}
