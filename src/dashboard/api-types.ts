/**
 * The dashboard's HTTP API, shared by the server (src/dashboard/server) and the web UI
 * (src/dashboard/web). Types only: nothing here runs. All endpoints are GET and answer JSON; a number
 * that is NaN or infinite is sent as the string "NaN", "Infinity" or "-Infinity" (JSON has no such
 * numbers), hence {@link ApiNumber}. Every response stays under 2 MB; plot data is downsampled to at
 * most {@link MAX_PLOT_POINTS} points and says so (`sampled`).
 */

import type {
  Direction,
  Distribution,
  FailReason,
  JsonValue,
  ParamValue,
  SearchBudget,
  TrialState,
} from "../core.js";

/** Plot payloads carry at most this many points (or bars, rows, curve points). */
export const MAX_PLOT_POINTS = 5000;

/** A number as JSON carries it: finite numbers as numbers, the rest as strings. */
export type ApiNumber = number | "NaN" | "Infinity" | "-Infinity";

/** GET /api/studies */
export interface StudiesResponse {
  readonly studies: readonly StudyListItem[];
}

export interface StudyListItem {
  readonly name: string;
  readonly directions: readonly Direction[];
  readonly metricNames: readonly string[] | null;
  readonly trialCounts: Readonly<Record<TrialState, number>>;
  readonly bestValue: ApiNumber | null;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
  readonly lastActivity: number;
}

/** GET /api/studies/:name — what the study page needs first. */
export interface StudyResponse {
  readonly name: string;
  readonly directions: readonly Direction[];
  /** One name per objective ("value 0", ... when the study has none). */
  readonly objectiveNames: readonly string[];
  readonly userAttrs: Readonly<Record<string, JsonValue>>;
  readonly createdAt: number;
  readonly lastActivity: number;
  readonly trialCount: number;
  readonly budget: SearchBudget;
  /** Every parameter seen, with its last distribution, sorted by name. */
  readonly params: readonly { readonly name: string; readonly distribution: Distribution }[];
  /** Constraint names seen in any trial. */
  readonly constraintNames: readonly string[];
  /** Whether any trial reported intermediate values. */
  readonly hasIntermediate: boolean;
  /** Distinct worker ids, sorted. */
  readonly workers: readonly string[];
  /** The change cursor the answer reflects; events carry the newer one. */
  readonly seq: number;
  /**
   * While the server is still reading the study for the first time (in pages, newest writes last): how
   * many trials it has read, of the study's trial count. Every other answer about the study covers only
   * those trials until then; a `study` event follows each page. null once the study is fully loaded.
   */
  readonly loading: { readonly loaded: number; readonly total: number } | null;
}

/**
 * GET /api/studies/:name/trials?state=COMPLETE,PRUNED&sort=number|value:0|duration|param:lr&order=asc|desc
 *   &offset=0&limit=100&filter=<url-encoded JSON TrialFilter>
 * `limit` at most 500. `total` counts the trials after state and filter, before paging.
 */
export interface TrialsResponse {
  readonly total: number;
  readonly offset: number;
  readonly trials: readonly TrialRow[];
}

/** Parameter ranges the table filters on: numbers by [min, max] (inclusive), categoricals by choices. */
export interface TrialFilter {
  readonly params?: Readonly<
    Record<string, { readonly min?: number; readonly max?: number } | { readonly in: readonly ParamValue[] }>
  >;
}

export interface TrialRow {
  readonly number: number;
  readonly state: TrialState;
  readonly values: readonly ApiNumber[] | null;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly durationMs: number | null;
  readonly startedAt: number | null;
  readonly completedAt: number | null;
  readonly workerId: string | null;
  readonly failReason: FailReason | null;
  /** null when the trial has no constraints. */
  readonly feasible: boolean | null;
}

/** GET /api/studies/:name/trials/:number — everything about one trial. */
export interface TrialDetailResponse extends TrialRow {
  readonly distributions: Readonly<Record<string, Distribution>>;
  /** Step → value, as reported (a number, a vector or named metrics). */
  readonly intermediateValues: Readonly<
    Record<string, ApiNumber | readonly ApiNumber[] | Readonly<Record<string, ApiNumber>>>
  >;
  readonly constraints: Readonly<Record<string, ApiNumber>>;
  readonly userAttrs: Readonly<Record<string, JsonValue>>;
  readonly systemAttrs: Readonly<Record<string, JsonValue>>;
  readonly retryOf: number | null;
  /** `systemAttrs.logPath` when the command line ran the trial. */
  readonly logPath: string | null;
}

/** GET /api/studies/:name/plots/history?objective=0 — COMPLETE trials in number order, and best so far. */
export interface HistoryPlot {
  readonly objective: number;
  readonly points: readonly { readonly number: number; readonly value: number; readonly feasible: boolean }[];
  /** The best-so-far step line: one point per improvement (never sampled away). */
  readonly best: readonly { readonly number: number; readonly value: number }[];
  readonly total: number;
  readonly sampled: boolean;
}

/**
 * GET /api/studies/:name/plots/intermediate?objective=<index or metric name> — learning curves of trials
 * with reports (the best trials and pruned ones kept first when sampling).
 */
export interface IntermediatePlot {
  readonly curves: readonly {
    readonly number: number;
    readonly state: TrialState;
    readonly steps: readonly number[];
    readonly values: readonly number[];
  }[];
  readonly total: number;
  readonly sampled: boolean;
}

/** GET /api/studies/:name/plots/parallel?objective=0 — one row per COMPLETE trial. */
export interface ParallelPlot {
  readonly params: readonly { readonly name: string; readonly distribution: Distribution }[];
  readonly rows: readonly {
    readonly number: number;
    readonly value: number;
    /** Per param, in `params` order: the value, or null when the trial lacks it. */
    readonly params: readonly (ParamValue | null)[];
  }[];
  readonly total: number;
  readonly sampled: boolean;
}

/** GET /api/studies/:name/plots/slice?param=lr&objective=0 */
export interface SlicePlot {
  readonly param: string;
  readonly distribution: Distribution;
  readonly points: readonly { readonly number: number; readonly x: ParamValue; readonly y: number }[];
  readonly total: number;
  readonly sampled: boolean;
}

/** GET /api/studies/:name/plots/contour?x=lr&y=batch&objective=0 — observed points and an interpolated grid. */
export interface ContourPlot {
  readonly x: { readonly name: string; readonly distribution: Distribution };
  readonly y: { readonly name: string; readonly distribution: Distribution };
  readonly points: readonly {
    readonly number: number;
    readonly x: ParamValue;
    readonly y: ParamValue;
    readonly z: number;
  }[];
  /** z on a grid over the two ranges (null where nothing is near), for the filled contour. */
  readonly grid: {
    readonly xs: readonly ParamValue[];
    readonly ys: readonly ParamValue[];
    readonly z: readonly (readonly (number | null)[])[];
  } | null;
  readonly total: number;
  readonly sampled: boolean;
}

/** GET /api/studies/:name/plots/edf?objective=0 — the empirical distribution of COMPLETE values. */
export interface EdfPlot {
  /** Sorted ascending; at most MAX_PLOT_POINTS quantiles of all values. */
  readonly values: readonly number[];
  readonly total: number;
  readonly sampled: boolean;
}

/** GET /api/studies/:name/plots/timeline — when each trial ran, on which worker. */
export interface TimelinePlot {
  readonly bars: readonly {
    readonly number: number;
    readonly workerId: string;
    readonly state: TrialState;
    readonly start: number;
    /** null while RUNNING. */
    readonly end: number | null;
  }[];
  readonly total: number;
  readonly sampled: boolean;
}

/** GET /api/studies/:name/plots/pareto — for 2 or 3 objectives. */
export interface ParetoPlot {
  readonly objectiveNames: readonly string[];
  readonly directions: readonly Direction[];
  readonly front: readonly {
    readonly number: number;
    readonly values: readonly number[];
    readonly feasible: boolean;
  }[];
  readonly others: readonly {
    readonly number: number;
    readonly values: readonly number[];
    readonly feasible: boolean;
  }[];
  readonly total: number;
  readonly sampled: boolean;
}

/**
 * GET /api/studies/:name/importance?objective=0&evaluator=fanova — how much each parameter matters to one
 * objective, over the COMPLETE trials with a finite value of it (at most a cap per evaluator, evenly
 * spread over trial numbers). Recomputed as trials arrive, at most as often as the server's throttle
 * allows: meanwhile the last answer comes back with `stale: true`.
 */
export interface ImportanceResponse {
  readonly objective: number;
  /** The evaluator used: the one asked for, else the default. */
  readonly evaluator: string;
  /** Every evaluator the server offers ("ped-anova", "fanova", "mdi"), the default first. */
  readonly evaluators: readonly string[];
  /** Most important first; importances sum to 1 (an empty list when there is nothing to score yet). */
  readonly importances: readonly { readonly param: string; readonly importance: number }[];
  /** Trials the evaluator was given. */
  readonly used: number;
  /** The COMPLETE trials with a finite value of the objective when it was computed. */
  readonly total: number;
  readonly sampled: boolean;
  /** What to show under the chart, e.g. "Computed on 5,000 of 100,000 complete trials ...", or null. */
  readonly note: string | null;
  /** True when newer trials exist than those counted in `total`; ask again after `retryAfterMs`. */
  readonly stale: boolean;
  readonly retryAfterMs: number | null;
}

/**
 * GET /api/events — server-sent events. `event: studies` whenever the list changes (data: {}), and
 * `event: study` with data {@link StudyEvent} when a study gets new or changed trials. The client then
 * re-fetches what it shows. A comment line every 15 s keeps proxies from closing the stream.
 */
export interface StudyEvent {
  readonly name: string;
  readonly seq: number;
  readonly trialCount: number;
}

/** Any error: status 4xx/5xx with this body. */
export interface ApiError {
  readonly error: { readonly code: string; readonly message: string };
}
