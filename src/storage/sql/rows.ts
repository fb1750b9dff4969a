import type { FrozenTrial, TrialState } from "../../trial/frozen-trial.js";
import { isFeasible } from "../../trial/frozen-trial.js";
import type { StudyRecord } from "../storage.js";
import type { TrialDraft } from "../trial-record.js";
import { decodeJson, encodeJson } from "./json-codec.js";
import type { SqlValue } from "./sql-dialect.js";

/** A row of `tunekit_trials` as drivers return it (numbers may arrive as strings from PostgreSQL). */
export interface TrialRow {
  readonly trial_id: number | string;
  readonly study_id: number | string;
  readonly number: number | string;
  readonly state: string;
  readonly seq: number | string;
  readonly started_at: number | string | null;
  readonly completed_at: number | string | null;
  readonly worker_id: string | null;
  readonly lease_expires_at: number | string | null;
  readonly body: string;
}

/** A row of `tunekit_studies`. */
export interface StudyRow {
  readonly study_id: number | string;
  readonly name: string;
  readonly seq: number | string;
  readonly next_number: number | string;
  readonly started_count: number | string;
  readonly waiting_count: number | string;
  readonly created_at: number | string;
  readonly last_activity: number | string;
  readonly schema_version: number | string;
  readonly body: string;
}

type TrialBody = Pick<
  FrozenTrial,
  | "values"
  | "params"
  | "distributions"
  | "intermediateValues"
  | "constraints"
  | "userAttrs"
  | "systemAttrs"
  | "retryOf"
  | "failReason"
>;

type StudyBody = Pick<
  StudyRecord,
  | "directions"
  | "metricNames"
  | "samplerConfig"
  | "prunerConfig"
  | "lease"
  | "retry"
  | "userAttrs"
  | "systemAttrs"
>;

const num = (v: number | string): number => (typeof v === "number" ? v : Number(v));
const numOrNull = (v: number | string | null): number | null => (v === null ? null : num(v));

/** The columns of `tunekit_trials` written for a record, in {@link TRIAL_COLUMNS} order. */
export const TRIAL_COLUMNS = [
  "state",
  "seq",
  "value0",
  "feasible",
  "started_at",
  "completed_at",
  "worker_id",
  "lease_expires_at",
  "body",
] as const;

/**
 * The values of {@link TRIAL_COLUMNS} for a trial record.
 * @example
 * db.run(`UPDATE tunekit_trials SET ${TRIAL_COLUMNS.map((c) => `${c} = ?`).join(", ")} WHERE trial_id = ?`, [...trialValues(t), t.trialId]);
 */
export function trialValues(t: TrialDraft | FrozenTrial): SqlValue[] {
  const body: TrialBody = {
    values: t.values,
    params: t.params,
    distributions: t.distributions,
    intermediateValues: t.intermediateValues,
    constraints: t.constraints,
    userAttrs: t.userAttrs,
    systemAttrs: t.systemAttrs,
    retryOf: t.retryOf,
    failReason: t.failReason,
  };
  const v0 = t.values?.[0];
  return [
    t.state,
    t.seq,
    v0 === undefined || Number.isNaN(v0) ? null : v0,
    isFeasible(t) ? 1 : 0,
    t.startedAt,
    t.completedAt,
    t.workerId,
    t.leaseExpiresAt,
    encodeJson(body),
  ];
}

/**
 * The immutable record of a trial row.
 * @example
 * const trial = trialFromRow(await sql.get("SELECT * FROM tunekit_trials WHERE trial_id = ?", [id]));
 */
export function trialFromRow(row: TrialRow): FrozenTrial {
  const body = decodeJson<TrialBody>(row.body);
  return Object.freeze({
    trialId: num(row.trial_id),
    number: num(row.number),
    state: row.state as TrialState,
    values: body.values,
    params: body.params,
    distributions: body.distributions,
    intermediateValues: body.intermediateValues,
    constraints: body.constraints,
    userAttrs: body.userAttrs,
    systemAttrs: body.systemAttrs,
    startedAt: numOrNull(row.started_at),
    completedAt: numOrNull(row.completed_at),
    workerId: row.worker_id,
    leaseExpiresAt: numOrNull(row.lease_expires_at),
    retryOf: body.retryOf,
    failReason: body.failReason,
    seq: num(row.seq),
  });
}

/**
 * The JSON body stored for a study record.
 * @example
 * studyBody(record); // '{"directions":["minimize"],...}'
 */
export function studyBody(s: StudyRecord): string {
  const body: StudyBody = {
    directions: s.directions,
    metricNames: s.metricNames,
    samplerConfig: s.samplerConfig,
    prunerConfig: s.prunerConfig,
    lease: s.lease,
    retry: s.retry,
    userAttrs: s.userAttrs,
    systemAttrs: s.systemAttrs,
  };
  return encodeJson(body);
}

/**
 * The immutable record of a study row.
 * @example
 * const study = studyFromRow(row);
 */
export function studyFromRow(row: StudyRow): StudyRecord {
  const body = decodeJson<StudyBody>(row.body);
  return Object.freeze({
    studyId: num(row.study_id),
    name: row.name,
    ...body,
    schemaVersion: num(row.schema_version),
    createdAt: num(row.created_at),
    lastActivity: num(row.last_activity),
  });
}
