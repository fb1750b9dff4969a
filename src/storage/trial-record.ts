import type { FrozenTrial, TrialState } from "../trial/frozen-trial.js";
import { EMPTY_TRIAL_CONTENT, type TrialContent } from "./record-merge.js";

/** A trial record being built: writable until the storage freezes and stores it. */
export type TrialDraft = { -readonly [K in keyof FrozenTrial]: FrozenTrial[K] };

/**
 * A writable copy of `previous`, to change and then freeze as the trial's next version. Copied field by
 * field on purpose: every draft then has one hidden class, and V8 copies a 17-field object spread several
 * times slower than this literal — it runs on every write.
 * @example
 * const next = draftTrial(waiting);
 * next.state = "RUNNING";
 */
export function draftTrial(previous: FrozenTrial): TrialDraft {
  return {
    trialId: previous.trialId,
    number: previous.number,
    state: previous.state,
    values: previous.values,
    params: previous.params,
    distributions: previous.distributions,
    intermediateValues: previous.intermediateValues,
    constraints: previous.constraints,
    userAttrs: previous.userAttrs,
    systemAttrs: previous.systemAttrs,
    startedAt: previous.startedAt,
    completedAt: previous.completedAt,
    workerId: previous.workerId,
    leaseExpiresAt: previous.leaseExpiresAt,
    retryOf: previous.retryOf,
    failReason: previous.failReason,
    seq: previous.seq,
  };
}

/**
 * A writable new trial with no content, times, worker, values or reason.
 * @example
 * const trial = blankTrial(7, 0, "WAITING");
 */
export function blankTrial(trialId: number, number: number, state: TrialState): TrialDraft {
  return {
    trialId,
    number,
    state,
    values: null,
    params: EMPTY_TRIAL_CONTENT.params,
    distributions: EMPTY_TRIAL_CONTENT.distributions,
    intermediateValues: EMPTY_TRIAL_CONTENT.intermediateValues,
    constraints: EMPTY_TRIAL_CONTENT.constraints,
    userAttrs: EMPTY_TRIAL_CONTENT.userAttrs,
    systemAttrs: EMPTY_TRIAL_CONTENT.systemAttrs,
    startedAt: null,
    completedAt: null,
    workerId: null,
    leaseExpiresAt: null,
    retryOf: null,
    failReason: null,
    seq: 0,
  };
}

/**
 * Puts merged content (see `mergeTrialPatch`) into a draft.
 * @example
 * setContent(draftTrial(trial), mergeTrialPatch(trial, patch, "updateTrial"));
 */
export function setContent(draft: TrialDraft, content: TrialContent): TrialDraft {
  draft.params = content.params;
  draft.distributions = content.distributions;
  draft.intermediateValues = content.intermediateValues;
  draft.constraints = content.constraints;
  draft.userAttrs = content.userAttrs;
  draft.systemAttrs = content.systemAttrs;
  return draft;
}
