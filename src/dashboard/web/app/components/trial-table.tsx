import { useState } from "preact/hooks";
import type { TrialState } from "../../../../core.js";
import type { StudyResponse, TrialFilter, TrialRow, TrialsResponse } from "../../../api-types.js";
import { apiUrl } from "../lib/api.js";
import { formatMs, formatNumber, formatParam } from "../lib/format.js";
import { useApi } from "../lib/use-api.js";
import { ErrorMessage } from "./error-message.js";
import { STATES, StateBadge } from "./state-badges.js";
import { TrialDetail } from "./trial-detail.js";
import { TrialFilters } from "./trial-filters.js";

const PAGE_SIZE = 50;

interface Column {
  /** Unique among the columns (a parameter may be called "State"). */
  readonly id: string;
  readonly label: string;
  /** The API's sort key, or null when the column does not sort. */
  readonly sort: string | null;
  readonly cell: (row: TrialRow) => string;
  readonly numeric?: boolean;
}

function columns(study: StudyResponse): Column[] {
  return [
    { id: "number", label: "#", sort: "number", cell: (r) => String(r.number), numeric: true },
    { id: "state", label: "State", sort: null, cell: (r) => r.state },
    ...study.objectiveNames.map((name, i) => ({
      id: `value:${i}`,
      label: name,
      sort: `value:${i}`,
      cell: (r: TrialRow) => formatNumber(r.values?.[i] ?? null),
      numeric: true,
    })),
    {
      id: "duration",
      label: "Duration",
      sort: "duration",
      cell: (r) => formatMs(r.durationMs),
      numeric: true,
    },
    { id: "worker", label: "Worker", sort: null, cell: (r) => r.workerId ?? "—" },
    ...study.params.map(({ name, distribution }) => ({
      id: `param:${name}`,
      label: name,
      sort: `param:${name}`,
      cell: (r: TrialRow) => formatParam(r.params[name]),
      numeric: distribution.type !== "categorical",
    })),
  ];
}

interface Props {
  readonly study: StudyResponse;
  readonly version: number;
}

/**
 * The trial table: filter by state and parameter ranges, sort by clicking a header, page through,
 * click a row for the trial's detail.
 * @example
 * <TrialTable study={study} version={version} />
 */
export function TrialTable({ study, version }: Props) {
  const [states, setStates] = useState<TrialState[]>([...STATES]);
  const [params, setParams] = useState<NonNullable<TrialFilter["params"]>>({});
  const [sort, setSort] = useState({ key: "number", order: "asc" as "asc" | "desc" });
  const [offset, setOffset] = useState(0);
  const [selected, setSelected] = useState<number | null>(null);
  const filter: TrialFilter = { params };
  const url = apiUrl(["studies", study.name, "trials"], {
    state: states.length === STATES.length ? undefined : states.join(","),
    sort: sort.key,
    order: sort.order,
    offset,
    limit: PAGE_SIZE,
    filter: Object.keys(params).length === 0 ? undefined : JSON.stringify(filter),
  });
  const { data, error, loading } = useApi<TrialsResponse>(states.length === 0 ? null : url, version);
  const cols = columns(study);
  const resetPage =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      setOffset(0);
      set(v);
    };
  const clickHeader = (key: string): void => {
    setOffset(0);
    setSort((s) => ({ key, order: s.key === key && s.order === "asc" ? "desc" : "asc" }));
  };
  const total = states.length === 0 ? 0 : (data?.total ?? 0);
  const rows = states.length === 0 ? [] : (data?.trials ?? []);

  return (
    <div class={selected === null ? "trials" : "trials with-detail"}>
      <div class="trials-main">
        <TrialFilters
          study={study}
          states={states}
          onStates={resetPage(setStates)}
          params={params}
          onParams={resetPage(setParams)}
        />
        {error !== undefined && <ErrorMessage error={error} what="the trials" />}
        <div class="table-summary" aria-live="polite">
          <span data-testid="trial-total">{total.toLocaleString()}</span> trials match
          {loading && <span class="muted"> · updating…</span>}
        </div>
        <div class="table-scroll">
          <table class="trial-table">
            <thead>
              <tr>
                {cols.map((c) => {
                  const active = c.sort !== null && c.sort === sort.key;
                  return (
                    <th
                      key={c.id}
                      class={`${c.numeric === true ? "num" : ""} ${c.sort === null ? "" : "sortable"}`}
                      aria-sort={active ? (sort.order === "asc" ? "ascending" : "descending") : undefined}
                    >
                      {c.sort === null ? (
                        c.label
                      ) : (
                        <button
                          type="button"
                          data-sort={c.sort}
                          onClick={() => clickHeader(c.sort as string)}
                        >
                          {c.label}
                          {active ? (sort.order === "asc" ? " ▲" : " ▼") : ""}
                        </button>
                      )}
                    </th>
                  );
                })}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr
                  key={r.number}
                  data-trial={r.number}
                  class={r.number === selected ? "selected" : ""}
                  onClick={() => setSelected(r.number)}
                  tabIndex={0}
                  onKeyDown={(e) => {
                    if (e.key === "Enter") setSelected(r.number);
                  }}
                >
                  {cols.map((c) =>
                    c.id === "state" ? (
                      <td key={c.id}>
                        <StateBadge state={r.state} />
                        {r.feasible === false && <span class="badge infeasible">infeasible</span>}
                      </td>
                    ) : (
                      <td key={c.id} class={c.numeric === true ? "num" : ""}>
                        {c.cell(r)}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {rows.length === 0 && data !== undefined && <p class="empty">No trial matches these filters.</p>}
        <div class="pager">
          <button
            type="button"
            disabled={offset === 0}
            onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}
          >
            ← Previous
          </button>
          <span>
            {total === 0 ? 0 : offset + 1}–{Math.min(offset + PAGE_SIZE, total)} of {total.toLocaleString()}
          </span>
          <button
            type="button"
            disabled={offset + PAGE_SIZE >= total}
            onClick={() => setOffset(offset + PAGE_SIZE)}
          >
            Next →
          </button>
        </div>
      </div>
      {selected !== null && (
        <TrialDetail study={study} number={selected} version={version} onClose={() => setSelected(null)} />
      )}
    </div>
  );
}
