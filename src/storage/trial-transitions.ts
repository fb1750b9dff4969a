/**
 * The record every trial write produces, as pure functions of (previous record, input, storage clock).
 * Every back-end (memory, SQLite, PostgreSQL) computes its next record here and only decides where the
 * record lives, so all of them validate, merge and time-stamp identically. The `seq` and, for new trials,
 * the id and number are the back-end's to assign.
 */
import { InvalidArgumentError } from "../errors.js";
import type { FrozenTrial } from "../trial/frozen-trial.js";
import { checkCount, checkLeaseSeconds, freezeFailReason, freezeValues } from "./record-freeze.js";
import { EMPTY_TRIAL_CONTENT, mergeTrialPatch } from "./record-merge.js";
import type { ClaimRequest, NewTrial, TrialOutcome, TrialPatch } from "./storage.js";
import { blankTrial, draftTrial, setContent, type TrialDraft } from "./trial-record.js";

const CREATABLE_STATES: readonly string[] = ["WAITING", "COMPLETE", "PRUNED", "FAIL", "STALE"];
const FINAL_STATES: readonly string[] = ["COMPLETE", "PRUNED", "FAIL"];

/** A claim request with its checks done. */
export interface CheckedClaim {
  readonly workerId: string;
  readonly maxTrials: number | null;
  readonly leaseSeconds: number | null;
}

/**
 * Validates a claim request (before any lock is taken).
 * @example
 * const claim = checkClaim({ workerId: "w1", maxTrials: 100 }, "claimTrial(study 1)");
 */
export function checkClaim(request: ClaimRequest, where: string): CheckedClaim {
  if (typeof request.workerId !== "string") {
    throw new InvalidArgumentError(
      `${where}: workerId must be a string, but got ${typeof request.workerId}.`,
      {
        name: "workerId",
        value: request.workerId,
      },
    );
  }
  return {
    workerId: request.workerId,
    maxTrials: request.maxTrials == null ? null : checkCount(request.maxTrials, `${where}: maxTrials`),
    leaseSeconds:
      request.leaseSeconds == null ? null : checkLeaseSeconds(request.leaseSeconds, `${where}: leaseSeconds`),
  };
}

/**
 * A new trial created whole (enqueued WAITING, or added finished), with the given id and number. A
 * finished trial keeps the `startedAt`, `completedAt` and `workerId` it is given, else takes `now` and no
 * worker.
 * @example
 * const draft = createdTrial({ state: "WAITING", params: { x: 1 } }, 17, 3, Date.now(), "createTrial");
 */
export function createdTrial(
  trial: NewTrial,
  trialId: number,
  number: number,
  now: number,
  where: string,
): TrialDraft {
  if (!CREATABLE_STATES.includes(trial.state)) {
    throw new InvalidArgumentError(
      `${where}: state must be WAITING, COMPLETE, PRUNED, FAIL or STALE, but got ${String(trial.state)}. Use claimTrial for a RUNNING trial.`,
      { name: "state", value: trial.state },
    );
  }
  const waiting = trial.state === "WAITING";
  if (waiting && ((trial.values ?? null) !== null || (trial.failReason ?? null) !== null)) {
    throw new InvalidArgumentError(
      `${where}: a WAITING trial must have no values and no failReason, but got values=${JSON.stringify(trial.values)}. ` +
        "Enqueue only params and attributes; values come when the trial finishes.",
      { name: "values", value: trial.values },
    );
  }
  if (waiting) checkNoRunFields(trial, where);
  const content = mergeTrialPatch(EMPTY_TRIAL_CONTENT, trial, where);
  const draft = setContent(blankTrial(trialId, number, trial.state), content);
  draft.values = freezeValues(trial.values, `${where}: values`);
  draft.failReason = freezeFailReason(trial.failReason, `${where}: failReason`);
  draft.retryOf = trial.retryOf == null ? null : checkCount(trial.retryOf, `${where}: retryOf`);
  if (!waiting) {
    draft.startedAt = givenTime(trial.startedAt, now, `${where}: startedAt`);
    draft.completedAt = givenTime(trial.completedAt, now, `${where}: completedAt`);
    draft.workerId = givenWorker(trial.workerId, `${where}: workerId`);
  }
  return draft;
}

/** A WAITING trial has not run, so it has no times and no worker; refuses any. */
function checkNoRunFields(trial: NewTrial, where: string): void {
  for (const key of ["startedAt", "completedAt", "workerId"] as const) {
    if (trial[key] !== undefined && trial[key] !== null) {
      throw new InvalidArgumentError(
        `${where}: a WAITING trial has not run, so it must have no ${key}, but got ${JSON.stringify(trial[key])}. ` +
          "Give times and a worker only to a finished trial.",
        { name: key, value: trial[key] },
      );
    }
  }
}

/** A finished trial's given time (null kept: unknown), or `now` when omitted. */
function givenTime(value: number | null | undefined, now: number, where: string): number | null {
  if (value === undefined) return now;
  return value === null ? null : checkCount(value, where);
}

function givenWorker(value: string | null | undefined, where: string): string | null {
  if (value == null) return null;
  if (typeof value === "string") return value;
  throw new InvalidArgumentError(`${where} must be a string or null, but got ${typeof value}.`, {
    name: "workerId",
    value,
  });
}

/**
 * A claimed trial: the oldest WAITING one (`previous`) or a new one (`blank`), now RUNNING for the worker.
 * @example
 * const draft = claimedTrial(waiting ?? blankTrial(id, number, "RUNNING"), claim, Date.now());
 */
export function claimedTrial(base: FrozenTrial | TrialDraft, claim: CheckedClaim, now: number): TrialDraft {
  const draft = draftTrial(base);
  draft.state = "RUNNING";
  draft.startedAt = now;
  draft.workerId = claim.workerId;
  draft.leaseExpiresAt = claim.leaseSeconds === null ? null : now + claim.leaseSeconds * 1000;
  return draft;
}

/** The error for a write to a trial that is not RUNNING. */
export function notRunningMessage(where: string, state: string): string {
  return (
    `${where}: the trial must be RUNNING to be written, but it is ${state}. ` +
    "Finished trials never change; write to a trial before finishing it, or enqueue a new one."
  );
}

/**
 * A RUNNING trial after `patch` (the caller checks the state). A lease is extended only if it has one.
 * @example
 * const draft = updatedTrial(running, { intermediateValues: { 3: 0.4 } }, Date.now(), "updateTrial");
 */
export function updatedTrial(
  previous: FrozenTrial,
  patch: TrialPatch,
  now: number,
  where: string,
): TrialDraft {
  const content = mergeTrialPatch(previous, patch, where);
  const lease =
    patch.leaseSeconds == null ? null : checkLeaseSeconds(patch.leaseSeconds, `${where}: leaseSeconds`);
  const draft = setContent(draftTrial(previous), content);
  if (lease !== null && previous.leaseExpiresAt !== null) draft.leaseExpiresAt = now + lease * 1000;
  return draft;
}

/**
 * A RUNNING trial finished with `outcome` (the caller checks it was RUNNING).
 * @example
 * const draft = finishedTrial(running, { state: "COMPLETE", values: [0.1] }, Date.now(), "finishTrial");
 */
export function finishedTrial(
  previous: FrozenTrial,
  outcome: TrialOutcome,
  now: number,
  where: string,
): TrialDraft {
  if (!FINAL_STATES.includes(outcome.state)) {
    throw new InvalidArgumentError(
      `${where}: state must be COMPLETE, PRUNED or FAIL, but got ${String(outcome.state)}. STALE is set only by reapStaleTrials.`,
      { name: "state", value: outcome.state },
    );
  }
  const content = mergeTrialPatch(previous, outcome, where);
  const draft = setContent(draftTrial(previous), content);
  draft.state = outcome.state;
  draft.values = freezeValues(outcome.values, `${where}: values`);
  draft.failReason = freezeFailReason(outcome.failReason, `${where}: failReason`);
  draft.completedAt = now;
  draft.leaseExpiresAt = null;
  return draft;
}

/**
 * A leased RUNNING trial with its lease extended.
 * @example
 * const draft = heartbeatTrial(running, 30, Date.now());
 */
export function heartbeatTrial(previous: FrozenTrial, leaseSeconds: number, now: number): TrialDraft {
  const draft = draftTrial(previous);
  draft.leaseExpiresAt = now + leaseSeconds * 1000;
  return draft;
}

/**
 * A RUNNING trial whose lease ended, marked STALE.
 * @example
 * const draft = staleTrial(running, Date.now());
 */
export function staleTrial(previous: FrozenTrial, now: number): TrialDraft {
  const ended = new Date(previous.leaseExpiresAt as number).toISOString();
  const draft = draftTrial(previous);
  draft.state = "STALE";
  draft.completedAt = now;
  draft.leaseExpiresAt = null;
  draft.failReason = Object.freeze({
    code: "stale",
    message:
      `The lease of worker "${previous.workerId}" ended at ${ended} without a heartbeat, so the trial was marked STALE.` +
      // Its worker died before the first heartbeat or report wrote the params it had suggested.
      (Object.keys(previous.params).length === 0
        ? " No parameter had been written, so a retry samples afresh."
        : ""),
  });
  return draft;
}

/**
 * Whether a trial counts against `maxTrials`: it has left WAITING, was not forbidden, and was not lost to a
 * dead worker (a STALE trial's retry takes its place).
 * @example
 * if (countsTowardMax(trial)) started++;
 */
export function countsTowardMax(trial: {
  readonly state: string;
  readonly failReason: { readonly code: string } | null;
}): boolean {
  return (
    trial.state !== "WAITING" &&
    trial.state !== "STALE" &&
    !(trial.state === "FAIL" && trial.failReason?.code === "forbidden")
  );
}

/**
 * How many times the parameters of `trial` have been retried before it (0 for an original trial).
 * @example
 * retryCountOf(trial) < maxRetries;
 */
export function retryCountOf(trial: FrozenTrial): number {
  const n = trial.systemAttrs.retryCount;
  return typeof n === "number" ? n : 0;
}

/**
 * The WAITING trial that re-runs the parameters of a lost trial (STALE, or interrupted): same params as
 * fixed params, same user attributes, `retryOf` the lost trial's number, `systemAttrs.retryCount` one more.
 * @example
 * const draft = retriedTrial(stale, 0, nextNumber, Date.now(), "reapStaleTrials");
 */
export function retriedTrial(
  previous: FrozenTrial,
  trialId: number,
  number: number,
  now: number,
  where: string,
): TrialDraft {
  return createdTrial(retryOfTrial(previous), trialId, number, now, where);
}

/**
 * The WAITING trial (as `createTrial` input) that re-runs the parameters of `previous`.
 * @example
 * await storage.createTrial(studyId, retryOfTrial(interrupted));
 */
export function retryOfTrial(previous: FrozenTrial): NewTrial {
  return {
    state: "WAITING",
    params: previous.params,
    userAttrs: previous.userAttrs,
    systemAttrs: { fixedParams: previous.params, retryCount: retryCountOf(previous) + 1 },
    retryOf: previous.number,
  };
}
