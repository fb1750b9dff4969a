/**
 * The trial table: GET /api/studies/:name/trials. Filters by state and parameter ranges or choices, sorts
 * by number, a value, the duration or a parameter (trials without the key always last), and pages. Sort
 * orders are memoised per study version, so paging through a 100,000-trial study sorts once.
 */
import { type ParamValue, TRIAL_STATES, type TrialState } from "../../core.js";
import type { TrialFilter, TrialRow, TrialsResponse } from "../api-types.js";
import { invalidQuery } from "./api-error.js";
import { apiNumber } from "./api-json.js";
import { ABSENT, type ParamColumn, type StudyColumns } from "./study-columns.js";

/** The most rows one page may hold. */
export const MAX_PAGE = 500;
const DEFAULT_PAGE = 100;

/** A parsed table query. */
export interface TrialsQuery {
  /** Allowed state codes; null for all. */
  readonly states: ReadonlySet<number> | null;
  readonly sort:
    | { readonly kind: "number" | "duration" }
    | { readonly kind: "value"; readonly objective: number }
    | { readonly kind: "param"; readonly param: ParamColumn };
  readonly descending: boolean;
  readonly offset: number;
  readonly limit: number;
  readonly filters: readonly ParamFilter[];
}

type ParamFilter =
  | { readonly param: ParamColumn; readonly min: number; readonly max: number }
  | { readonly param: ParamColumn; readonly in: readonly ParamValue[] };

function integer(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === "" || !Number.isInteger(value) || value < min || value > max) {
    throw invalidQuery(name, `must be an integer from ${min} to ${max}`, raw);
  }
  return value;
}

function paramColumn(columns: StudyColumns, name: string, where: string): ParamColumn {
  const column = columns.params.get(name);
  if (column === undefined) {
    const known = [...columns.params.keys()].sort().join(", ") || "none";
    throw invalidQuery(where, `names an unknown parameter "${name}" (the study has: ${known})`, name);
  }
  return column;
}

/**
 * Parses and checks the table's query parameters against the study.
 * @throws ApiRequestError (400) saying which parameter is wrong and what it accepts.
 * @example
 * parseTrialsQuery(columns, { state: "COMPLETE", sort: "value:0", limit: "50" });
 */
export function parseTrialsQuery(
  columns: StudyColumns,
  q: Readonly<Record<string, string | undefined>>,
): TrialsQuery {
  let states: Set<number> | null = null;
  if (q.state !== undefined && q.state !== "") {
    states = new Set();
    for (const s of q.state.split(",")) {
      const code = TRIAL_STATES.indexOf(s.trim().toUpperCase() as TrialState);
      if (code < 0)
        throw invalidQuery("state", `must be a comma-separated list of ${TRIAL_STATES.join(", ")}`, q.state);
      states.add(code);
    }
  }
  const sortRaw = q.sort ?? "number";
  let sort: TrialsQuery["sort"];
  if (sortRaw === "number" || sortRaw === "duration") sort = { kind: sortRaw };
  else if (sortRaw.startsWith("value:")) {
    sort = { kind: "value", objective: integer("sort", sortRaw.slice(6), 0, 0, columns.m - 1) };
  } else if (sortRaw.startsWith("param:"))
    sort = { kind: "param", param: paramColumn(columns, sortRaw.slice(6), "sort") };
  else
    throw invalidQuery(
      "sort",
      `must be number, duration, value:<0..${columns.m - 1}> or param:<name>`,
      sortRaw,
    );
  const order = q.order ?? "asc";
  if (order !== "asc" && order !== "desc") throw invalidQuery("order", "must be asc or desc", order);
  return {
    states,
    sort,
    descending: order === "desc",
    offset: integer("offset", q.offset, 0, 0, Number.MAX_SAFE_INTEGER),
    limit: integer("limit", q.limit, DEFAULT_PAGE, 1, MAX_PAGE),
    filters: q.filter === undefined || q.filter === "" ? [] : parseFilter(columns, q.filter),
  };
}

const isParamValue = (v: unknown) => v === null || ["string", "number", "boolean"].includes(typeof v);

function parseFilter(columns: StudyColumns, raw: string): ParamFilter[] {
  let filter: unknown;
  try {
    filter = JSON.parse(raw);
  } catch {
    throw invalidQuery("filter", 'must be JSON such as {"params":{"lr":{"min":0.001,"max":0.1}}}', raw);
  }
  const shape = 'must be {"params": {<name>: {"min"?: number, "max"?: number} | {"in": [values]}}}';
  if (typeof filter !== "object" || filter === null || Array.isArray(filter))
    throw invalidQuery("filter", shape, raw);
  const params = (filter as TrialFilter).params ?? {};
  if (typeof params !== "object" || params === null || Array.isArray(params))
    throw invalidQuery("filter", shape, raw);
  return Object.entries(params).map(([name, spec]): ParamFilter => {
    const param = paramColumn(columns, name, "filter");
    if (typeof spec !== "object" || spec === null) throw invalidQuery("filter", shape, raw);
    if ("in" in spec) {
      if (!Array.isArray(spec.in) || !spec.in.every(isParamValue)) throw invalidQuery("filter", shape, raw);
      return { param, in: spec.in };
    }
    const { min, max } = spec as { min?: unknown; max?: unknown };
    for (const bound of [min, max]) {
      if (bound !== undefined && (typeof bound !== "number" || Number.isNaN(bound)))
        throw invalidQuery("filter", shape, raw);
    }
    return {
      param,
      min: (min as number | undefined) ?? Number.NEGATIVE_INFINITY,
      max: (max as number | undefined) ?? Number.POSITIVE_INFINITY,
    };
  });
}

function keyFunction(columns: StudyColumns, sort: TrialsQuery["sort"]): (i: number) => number {
  switch (sort.kind) {
    case "number":
      return (i) => i;
    case "duration":
      return (i) => (columns.completedAt[i] as number) - (columns.startedAt[i] as number);
    case "value": {
      const k = sort.objective;
      return (i) => columns.value(i, k);
    }
    case "param": {
      const column = sort.param;
      return (i) => column.num[i] as number;
    }
  }
}

/** Sort key of every row, NaN for rows without one (they go last either way). */
function sortKeys(columns: StudyColumns, sort: TrialsQuery["sort"]): Float64Array {
  const keys = new Float64Array(columns.n);
  const key = keyFunction(columns, sort);
  for (let i = 0; i < columns.n; i++) keys[i] = key(i);
  if (sort.kind === "param" && sort.param.dict.length > 0) {
    // Non-numeric values sort after the numbers, by type then text.
    const rank = sort.param.dict
      .map((v, code) => ({ code, text: `${typeof v}:${String(v)}` }))
      .sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
    let top = 0;
    for (let i = 0; i < columns.n; i++)
      if (Number.isFinite(keys[i] as number)) top = Math.max(top, keys[i] as number);
    const keyOf = new Float64Array(rank.length);
    rank.forEach((r, j) => {
      keyOf[r.code] = top + 1 + j;
    });
    for (let i = 0; i < columns.n; i++) {
      const code = sort.param.cat[i] as number;
      if (code >= 0) keys[i] = keyOf[code] as number;
    }
  }
  return keys;
}

/** Present rows ascending by key, ties by number, rows without a key at the end; and how many have one. */
function sortedOrder(columns: StudyColumns, sort: TrialsQuery["sort"]): { order: Int32Array; keyed: number } {
  const name =
    sort.kind === "value"
      ? `value:${sort.objective}`
      : sort.kind === "param"
        ? `param:${sort.param.name}`
        : sort.kind;
  return columns.memoise(`sort:${name}`, () => {
    const keys = sortKeys(columns, sort);
    const withKey: number[] = [];
    const without: number[] = [];
    for (let i = 0; i < columns.n; i++) {
      if (columns.state[i] === ABSENT) continue;
      (Number.isNaN(keys[i] as number) ? without : withKey).push(i);
    }
    const order = Int32Array.from(withKey);
    if (sort.kind !== "number") order.sort((a, b) => (keys[a] as number) - (keys[b] as number) || a - b);
    const all = new Int32Array(order.length + without.length);
    all.set(order);
    all.set(without, order.length);
    return { order: all, keyed: order.length };
  });
}

function matches(columns: StudyColumns, i: number, filter: ParamFilter): boolean {
  const v = columns.param(filter.param, i);
  if (v === undefined) return false;
  if ("in" in filter) return filter.in.some((c) => Object.is(c, v) || c === v);
  return typeof v === "number" && v >= filter.min && v <= filter.max;
}

/**
 * One table row of trial `i`.
 * @example
 * trialRow(columns, 0).state; // "COMPLETE"
 */
export function trialRow(columns: StudyColumns, i: number): TrialRow {
  const params: Record<string, ParamValue> = {};
  for (const name of [...columns.params.keys()].sort()) {
    const v = columns.param(columns.params.get(name) as ParamColumn, i);
    if (v !== undefined) params[name] = v;
  }
  const started = columns.startedAt[i] as number;
  const completed = columns.completedAt[i] as number;
  const w = columns.worker[i] as number;
  const f = columns.feasible[i] as number;
  return {
    number: i,
    state: columns.stateName(i) as TrialState,
    values:
      columns.hasValues[i] === 1
        ? Array.from(columns.values.subarray(i * columns.m, (i + 1) * columns.m), apiNumber)
        : null,
    params,
    durationMs: Number.isNaN(started) || Number.isNaN(completed) ? null : completed - started,
    startedAt: Number.isNaN(started) ? null : started,
    completedAt: Number.isNaN(completed) ? null : completed,
    workerId: w < 0 ? null : (columns.workerIds[w] as string),
    failReason: columns.failReasons.get(i) ?? null,
    feasible: f < 0 ? null : f === 1,
  };
}

/**
 * Answers a table query.
 * @example
 * queryTrials(columns, parseTrialsQuery(columns, { sort: "duration", order: "desc" })).trials[0];
 */
export function queryTrials(columns: StudyColumns, query: TrialsQuery): TrialsResponse {
  const { order, keyed } = sortedOrder(columns, query.sort);
  const trials: TrialRow[] = [];
  let total = 0;
  const visit = (i: number) => {
    if (query.states !== null && !query.states.has(columns.state[i] as number)) return;
    for (const f of query.filters) if (!matches(columns, i, f)) return;
    if (total >= query.offset && trials.length < query.limit) trials.push(trialRow(columns, i));
    total++;
  };
  if (query.descending) for (let j = keyed - 1; j >= 0; j--) visit(order[j] as number);
  else for (let j = 0; j < keyed; j++) visit(order[j] as number);
  for (let j = keyed; j < order.length; j++) visit(order[j] as number);
  return { total, offset: query.offset, trials };
}
