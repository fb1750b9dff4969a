/**
 * The study-level answers: list items, the study page header and one trial's detail.
 */
import {
  type FrozenTrial,
  type IntermediateValue,
  isFeasible,
  type SearchBudget,
  type StudySummary,
  TRIAL_STATES,
} from "../../core.js";
import type { StudyListItem, StudyResponse, TrialDetailResponse } from "../api-types.js";
import { apiNumber } from "./api-json.js";
import type { LoadProgress } from "./study-cache.js";
import { STATE, type StudyColumns } from "./study-columns.js";

/**
 * A study list entry.
 * @example
 * studyListItem((await storage.listStudies())[0]);
 */
export function studyListItem(summary: StudySummary): StudyListItem {
  const { study } = summary;
  return {
    name: study.name,
    directions: study.directions,
    metricNames: study.metricNames,
    trialCounts: summary.trialCounts,
    bestValue: summary.bestValue === null ? null : apiNumber(summary.bestValue),
    createdAt: study.createdAt,
    lastActivity: study.lastActivity,
  };
}

/**
 * The search budget over the columns, with `searchBudget`'s rules (forbidden FAIL trials apart, compute
 * summed over finished trials with both times); the tests hold the two equal.
 * @example
 * columnsBudget(columns).prunedShare;
 */
export function columnsBudget(columns: StudyColumns): SearchBudget {
  return columns.memoise("budget", () => {
    const count = new Array<number>(TRIAL_STATES.length).fill(0);
    let forbidden = 0;
    let computeMs = 0;
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < columns.n; i++) {
      const s = columns.state[i] as number;
      if (s >= TRIAL_STATES.length) continue;
      if (s === STATE.FAIL && columns.failReasons.get(i)?.code === "forbidden") {
        forbidden++;
        continue;
      }
      count[s] = (count[s] as number) + 1;
      const started = columns.startedAt[i] as number;
      const completed = columns.completedAt[i] as number;
      if (s !== STATE.WAITING && s !== STATE.RUNNING && !Number.isNaN(started) && !Number.isNaN(completed)) {
        computeMs += Math.max(0, completed - started);
        first = Math.min(first, started);
        last = Math.max(last, completed);
      }
    }
    const at = (s: number) => count[s] as number;
    const complete = at(STATE.COMPLETE);
    const pruned = at(STATE.PRUNED);
    const failed = at(STATE.FAIL) + at(STATE.STALE);
    const finished = complete + pruned + failed;
    return {
      trials: finished,
      complete,
      pruned,
      failed,
      forbidden,
      running: at(STATE.RUNNING),
      waiting: at(STATE.WAITING),
      computeSeconds: computeMs / 1000,
      prunedShare: finished === 0 ? 0 : pruned / finished,
      wallSeconds: last > first ? (last - first) / 1000 : 0,
    };
  });
}

/**
 * The study page's first answer; `loading` is the cache's progress while the study is still loading.
 * @example
 * studyResponse(columns, cache.progress(name)).params.map((p) => p.name);
 */
export function studyResponse(columns: StudyColumns, loading: LoadProgress | null = null): StudyResponse {
  const { study } = columns;
  return {
    name: study.name,
    directions: study.directions,
    objectiveNames: columns.objectiveNames,
    userAttrs: study.userAttrs,
    createdAt: study.createdAt,
    lastActivity: study.lastActivity,
    trialCount: columns.n,
    budget: columnsBudget(columns),
    params: [...columns.params.values()]
      .filter((p) => p.distribution !== null)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((p) => ({ name: p.name, distribution: p.distribution as NonNullable<typeof p.distribution> })),
    constraintNames: [...columns.constraintNames].sort(),
    hasIntermediate: columns.seriesKeys.size > 0,
    workers: [...columns.workerIds].sort(),
    seq: columns.seq,
    loading,
  };
}

function report(value: IntermediateValue): TrialDetailResponse["intermediateValues"][string] {
  if (typeof value === "number") return apiNumber(value);
  if (Array.isArray(value)) return value.map(apiNumber);
  return Object.fromEntries(
    Object.entries(value as Record<string, number>).map(([k, v]) => [k, apiNumber(v)]),
  );
}

/**
 * Everything about one trial, from its stored record.
 * @example
 * trialDetail(await storage.getTrial(trialId));
 */
export function trialDetail(trial: FrozenTrial): TrialDetailResponse {
  const hasConstraints = Object.keys(trial.constraints).length > 0;
  const logPath = trial.systemAttrs.logPath;
  return {
    number: trial.number,
    state: trial.state,
    values: trial.values === null ? null : trial.values.map(apiNumber),
    params: trial.params,
    durationMs:
      trial.startedAt !== null && trial.completedAt !== null ? trial.completedAt - trial.startedAt : null,
    startedAt: trial.startedAt,
    completedAt: trial.completedAt,
    workerId: trial.workerId,
    failReason: trial.failReason,
    feasible: hasConstraints ? isFeasible(trial) : null,
    distributions: trial.distributions,
    intermediateValues: Object.fromEntries(
      Object.entries(trial.intermediateValues).map(([step, v]) => [step, report(v as IntermediateValue)]),
    ),
    constraints: Object.fromEntries(Object.entries(trial.constraints).map(([k, v]) => [k, apiNumber(v)])),
    userAttrs: trial.userAttrs,
    systemAttrs: trial.systemAttrs,
    retryOf: trial.retryOf,
    logPath: typeof logPath === "string" ? logPath : null,
  };
}
