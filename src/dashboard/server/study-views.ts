/**
 * The study-level answers: list items, the study page header and one trial's detail.
 */
import {
  BudgetTally,
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
    const tally = new BudgetTally();
    for (let i = 0; i < columns.n; i++) {
      const s = columns.state[i] as number;
      const state = TRIAL_STATES[s];
      // Rows not filled yet (a paged load in progress) have no state.
      if (state === undefined) continue;
      const forbidden = s === STATE.FAIL && columns.failReasons.get(i)?.code === "forbidden";
      tally.add(state, forbidden, columns.startedAt[i] as number, columns.completedAt[i] as number);
    }
    return tally.result();
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
