/**
 * How patches apply to stored records, shared by every storage so that all merge the same way. Inputs are
 * validated and copied (see `record-freeze.ts`); unchanged parts of a record are shared, not copied.
 */
import { InvalidArgumentError } from "../errors.js";
import type { Direction, FrozenTrial, IntermediateValue } from "../trial/frozen-trial.js";
import { mergeIntermediate } from "../trial/intermediate.js";
import {
  checkCount,
  checkStep,
  EMPTY_MAP,
  freezeDistribution,
  freezeIntermediate,
  freezeJson,
  freezeNumber,
  freezeParam,
  setOwn,
} from "./record-freeze.js";
import type {
  LeaseSettings,
  NewStudy,
  PluginConfig,
  RetrySettings,
  StudyPatch,
  StudyRecord,
  TrialPatch,
} from "./storage.js";
import { SCHEMA_VERSION } from "./storage.js";

/** The parts of a trial record that a {@link TrialPatch} writes. */
export type TrialContent = Pick<
  FrozenTrial,
  "params" | "distributions" | "intermediateValues" | "constraints" | "userAttrs" | "systemAttrs"
>;

/**
 * The content of a trial that has none yet.
 * @example
 * mergeTrialPatch(EMPTY_TRIAL_CONTENT, { params: { x: 1 } }, "createTrial");
 */
export const EMPTY_TRIAL_CONTENT: TrialContent = Object.freeze({
  params: EMPTY_MAP,
  distributions: EMPTY_MAP,
  intermediateValues: EMPTY_MAP,
  constraints: EMPTY_MAP,
  userAttrs: EMPTY_MAP,
  systemAttrs: EMPTY_MAP,
});

type Freeze<V> = (value: unknown, where: string, key: string) => V;

/**
 * Merges `patch` into `base` key by key: later values replace earlier ones, or with `keepExisting` only
 * names `base` lacks are added. `field` names the map in error messages, after `where`.
 */
function mergeMap<V>(
  base: Readonly<Record<string, V>>,
  patch: object | undefined,
  freeze: Freeze<V>,
  where: string,
  field: string,
  keepExisting = false,
): Readonly<Record<string, V>> {
  if (patch === undefined || patch === null) return base;
  const path = `${where}: ${field}`;
  let out: Record<string, V> | undefined;
  for (const key of Object.keys(patch)) {
    const value = (patch as Record<string, unknown>)[key];
    if (value === undefined || (keepExisting && Object.hasOwn(base, key))) continue;
    out ??= { ...base };
    setOwn(out, key, freeze(value, path, key));
  }
  return out === undefined ? base : Object.freeze(out);
}

/**
 * Merges reports step by step: a repeated step replaces a number or vector, and named values merge by
 * name when both the old and the new value are named; otherwise the new value replaces the old.
 * @example
 * mergeIntermediateValues({ 0: { a: 1 } }, { 0: { b: 2 } }, "updateTrial"); // { 0: { a: 1, b: 2 } }
 */
export function mergeIntermediateValues(
  base: Readonly<Record<number, IntermediateValue>>,
  patch: object | undefined,
  where: string,
): Readonly<Record<number, IntermediateValue>> {
  if (patch === undefined || patch === null) return base;
  const field = `${where}: intermediateValues`;
  let out: Record<number, IntermediateValue> | undefined;
  for (const key of Object.keys(patch)) {
    const value = (patch as Record<string, unknown>)[key];
    if (value === undefined) continue;
    const step = checkStep(key, field);
    const next = freezeIntermediate(value, field, step);
    out ??= { ...base };
    const old = out[step];
    out[step] = mergeIntermediate(old, next);
  }
  return out === undefined ? base : Object.freeze(out);
}

/**
 * Applies a trial patch to a record's content and returns the new content; parts the patch does not touch
 * are the same objects as before. Validates everything first, so a bad patch throws before any write.
 * `where` names the call in error messages.
 * @example
 * const next = mergeTrialPatch(trial, { params: { lr: 0.1 } }, "updateTrial(trial 3)");
 */
export function mergeTrialPatch(base: TrialContent, patch: TrialPatch, where: string): TrialContent {
  return {
    params: mergeMap(base.params, patch.params, freezeParam, where, "params", true),
    distributions: mergeMap(
      base.distributions,
      patch.distributions,
      freezeDistribution,
      where,
      "distributions",
      true,
    ),
    intermediateValues: mergeIntermediateValues(base.intermediateValues, patch.intermediateValues, where),
    constraints: mergeMap(base.constraints, patch.constraints, freezeNumber, where, "constraints"),
    userAttrs: mergeMap(base.userAttrs, patch.userAttrs, freezeJson, where, "userAttrs"),
    systemAttrs: mergeMap(base.systemAttrs, patch.systemAttrs, freezeJson, where, "systemAttrs"),
  };
}

function freezeDirections(value: unknown, where: string): readonly Direction[] {
  if (Array.isArray(value) && value.length > 0 && value.every((d) => d === "minimize" || d === "maximize")) {
    return Object.freeze([...value]);
  }
  throw new InvalidArgumentError(
    `${where}: directions must be a non-empty array of "minimize" or "maximize", but got ${JSON.stringify(value)}. ` +
      'Use e.g. ["minimize"].',
    { name: "directions", value },
  );
}

function freezeMetricNames(value: unknown, where: string): readonly string[] | null {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value) && value.every((n) => typeof n === "string")) return Object.freeze([...value]);
  throw new InvalidArgumentError(
    `${where}: metricNames must be an array of strings or null, but got ${JSON.stringify(value)}.`,
    { name: "metricNames", value },
  );
}

function freezePlugin(value: PluginConfig | null | undefined, where: string): PluginConfig | null {
  if (value === null || value === undefined) return null;
  if (typeof value.name !== "string") {
    throw new InvalidArgumentError(`${where}.name must be a string, but got ${String(value.name)}.`, {
      name: where,
      value,
    });
  }
  const options = freezeJson(value.options ?? {}, where, "options") as PluginConfig["options"];
  return Object.freeze({ name: value.name, options });
}

function freezeLease(value: LeaseSettings | null | undefined, where: string): LeaseSettings | null {
  if (value === null || value === undefined) return null;
  return Object.freeze({
    heartbeatSeconds: freezeNumber(value.heartbeatSeconds, where, "heartbeatSeconds"),
    graceSeconds: freezeNumber(value.graceSeconds, where, "graceSeconds"),
  });
}

function freezeRetry(value: RetrySettings | null | undefined, where: string): RetrySettings | null {
  if (value === null || value === undefined) return null;
  return Object.freeze({ maxRetries: checkCount(value.maxRetries, `${where}.maxRetries`) });
}

/**
 * The record of a new study, with defaults for the fields `study` leaves out.
 * @example
 * newStudyRecord(1, { name: "s", directions: ["minimize"] }, Date.now());
 */
export function newStudyRecord(studyId: number, study: NewStudy, now: number): StudyRecord {
  const where = `createStudy("${String(study.name)}")`;
  if (typeof study.name !== "string") {
    throw new InvalidArgumentError(`${where}: name must be a string, but got ${typeof study.name}.`, {
      name: "name",
      value: study.name,
    });
  }
  return Object.freeze({
    studyId,
    name: study.name,
    directions: freezeDirections(study.directions, where),
    metricNames: freezeMetricNames(study.metricNames, where),
    samplerConfig: freezePlugin(study.samplerConfig, `${where}: samplerConfig`),
    prunerConfig: freezePlugin(study.prunerConfig, `${where}: prunerConfig`),
    lease: freezeLease(study.lease, `${where}: lease`),
    retry: freezeRetry(study.retry, `${where}: retry`),
    userAttrs: mergeMap(EMPTY_MAP, study.userAttrs, freezeJson, where, "userAttrs"),
    systemAttrs: EMPTY_MAP,
    schemaVersion: SCHEMA_VERSION,
    createdAt: now,
    lastActivity: now,
  });
}

/**
 * Applies a study patch: attribute maps merge key by key, other present fields replace. Sets lastActivity.
 * @example
 * mergeStudyPatch(record, { userAttrs: { owner: "ana" } }, Date.now());
 */
export function mergeStudyPatch(base: StudyRecord, patch: StudyPatch, now: number): StudyRecord {
  const where = `updateStudy(${base.studyId})`;
  return Object.freeze({
    ...base,
    metricNames:
      patch.metricNames === undefined ? base.metricNames : freezeMetricNames(patch.metricNames, where),
    samplerConfig:
      patch.samplerConfig === undefined
        ? base.samplerConfig
        : freezePlugin(patch.samplerConfig, `${where}: samplerConfig`),
    prunerConfig:
      patch.prunerConfig === undefined
        ? base.prunerConfig
        : freezePlugin(patch.prunerConfig, `${where}: prunerConfig`),
    lease: patch.lease === undefined ? base.lease : freezeLease(patch.lease, `${where}: lease`),
    retry: patch.retry === undefined ? base.retry : freezeRetry(patch.retry, `${where}: retry`),
    userAttrs: mergeMap(base.userAttrs, patch.userAttrs, freezeJson, where, "userAttrs"),
    systemAttrs: mergeMap(base.systemAttrs, patch.systemAttrs, freezeJson, where, "systemAttrs"),
    lastActivity: now,
  });
}
