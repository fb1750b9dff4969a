import { useState } from "preact/hooks";
import type { StudiesResponse, StudyListItem } from "../../../api-types.js";
import { apiUrl } from "../lib/api.js";
import { useEventVersion } from "../lib/events.js";
import { formatAgo, formatNumber, formatTime } from "../lib/format.js";
import { compareHref, studyHref } from "../lib/route.js";
import { useApi } from "../lib/use-api.js";
import { ErrorMessage } from "./error-message.js";
import { StateBadges } from "./state-badges.js";

function objectives(item: StudyListItem): string {
  return item.directions
    .map((d, i) => {
      const metric = item.metricNames?.[i];
      return metric === undefined ? d : `${d} ${metric}`;
    })
    .join(", ");
}

/**
 * Every study in the storage with its objectives, trial counts by state, best value and last activity;
 * updates itself from the event stream. Tick two studies to compare them side by side.
 * @example
 * <StudyList />
 */
export function StudyList() {
  const version = useEventVersion(() => true);
  const { data, error } = useApi<StudiesResponse>(apiUrl(["studies"]), version);
  const [picked, setPicked] = useState<string[]>([]);
  const toggle = (name: string, on: boolean): void =>
    setPicked((p) => (on ? [...p.filter((n) => n !== name), name].slice(-2) : p.filter((n) => n !== name)));
  const [a, b] = picked;

  return (
    <div class="study-list">
      <div class="list-bar">
        <h2>Studies</h2>
        {a !== undefined && b !== undefined ? (
          <a class="button primary" href={compareHref(a, b)} data-testid="compare-link">
            Compare the two selected
          </a>
        ) : (
          <span class="muted">Tick two studies to compare them.</span>
        )}
      </div>
      {error !== undefined && <ErrorMessage error={error} what="the studies" />}
      {data === undefined && error === undefined && <p class="muted">Loading studies…</p>}
      {data !== undefined && data.studies.length === 0 && (
        <p class="empty">No studies in this storage yet. Run an optimization and it appears here.</p>
      )}
      {data !== undefined && data.studies.length > 0 && (
        <div class="table-scroll">
          <table class="studies">
            <thead>
              <tr>
                <th>
                  <span class="sr-only">Compare</span>
                </th>
                <th>Name</th>
                <th>Objectives</th>
                <th>Trials</th>
                <th class="num">Best</th>
                <th>Last activity</th>
                <th>Created</th>
              </tr>
            </thead>
            <tbody>
              {data.studies.map((s) => (
                <tr key={s.name} data-study={s.name}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Compare ${s.name}`}
                      checked={picked.includes(s.name)}
                      onChange={(e) => toggle(s.name, (e.currentTarget as HTMLInputElement).checked)}
                    />
                  </td>
                  <td>
                    <a class="study-link" href={studyHref(s.name)}>
                      {s.name}
                    </a>
                  </td>
                  <td>{objectives(s)}</td>
                  <td>
                    <StateBadges counts={s.trialCounts} />
                  </td>
                  <td class="num">{formatNumber(s.bestValue)}</td>
                  <td title={formatTime(s.lastActivity)}>{formatAgo(s.lastActivity)}</td>
                  <td>{formatTime(s.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
