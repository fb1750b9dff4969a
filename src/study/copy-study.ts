import { DuplicatedStudyError, StorageError, StudyNotFoundError } from "../errors.js";
import type { NewTrial, Storage, StudyRecord } from "../storage/storage.js";
import type { FrozenTrial } from "../trial/frozen-trial.js";
import { resolveStorage, type StorageInput } from "./create-study.js";

/** Options of {@link copyStudy}. */
export interface CopyStudyOptions {
  /** The storage (or URL) holding the study to copy. It is only read. */
  readonly fromStorage: StorageInput;
  /** The storage (or URL) to copy into; may be the same as `fromStorage` when the names differ. */
  readonly toStorage: StorageInput;
  readonly fromStudyName: string;
  /** The name of the copy; defaults to `fromStudyName`. */
  readonly toStudyName?: string;
}

/** What {@link copyStudy} did. */
export interface CopyStudyResult {
  /** The new study in the target storage. */
  readonly study: StudyRecord;
  /** How many trials were copied (all of the source's). */
  readonly trialCount: number;
  /** Numbers of the trials that were RUNNING in the source and are FAIL in the copy. */
  readonly failedOnCopy: readonly number[];
}

/**
 * Copies a study, with every trial, into another storage (or under another name), e.g. from SQLite to
 * PostgreSQL. The copy has the source's directions, metric names, sampler and pruner configs, lease and
 * retry settings and user and system attributes, and the trials keep every field of their records but
 * the ids the target storage assigns: numbers, states, values, params, distributions, intermediate
 * values, constraints, attributes, fail reasons, `retryOf`, start and completion times and worker ids —
 * so budgets, durations and the timeline of the copy read as the original's. The source is only read.
 *
 * What cannot be copied as it was:
 * - RUNNING trials: a storage creates trials only WAITING or finished, and a copied running trial has no
 *   worker to finish it, so it becomes FAIL with reason code "copied-running", keeping its start time and
 *   worker and no completion time (its duration is unknown). Their numbers are in `failedOnCopy`.
 * - The study's creation time: the copy is created now; the source's is kept in the copy's
 *   `systemAttrs.copiedFrom` (`{ study, createdAt }`). A copy of a copy keeps the first origin.
 * - Sampler and pruner state records (grid claims, QMC counters, Hyperband rungs): the storage contract
 *   reads them only by key and cannot list them, so they are not copied; such plug-ins start their
 *   state afresh in the copy.
 *
 * Trials are read once, before writing, so trials a worker writes to the source during the copy may be
 * missing or older in the copy. When writing fails the half-written copy is deleted and the error
 * rethrown. Storages opened from URLs stay open (they are shared by URL within the process).
 * Throws `StudyNotFoundError` when the source does not exist and `DuplicatedStudyError` when the
 * target name is taken.
 * @example
 * await copyStudy({ fromStorage: "sqlite:./tunekit.db", toStorage: pg, fromStudyName: "mnist" });
 */
export async function copyStudy(options: CopyStudyOptions): Promise<CopyStudyResult> {
  const from = await resolveStorage(options.fromStorage);
  const to = await resolveStorage(options.toStorage);
  const fromName = options.fromStudyName;
  const toName = options.toStudyName ?? fromName;
  const source = await from.getStudy(fromName);
  if (source === null) {
    throw new StudyNotFoundError(`copyStudy(): no study named "${fromName}" in the source storage.`, {
      name: fromName,
    });
  }
  const { trials } = await from.getTrialsSince(source.studyId, 0);
  const target = await createTarget(to, source, toName);
  try {
    const failedOnCopy: number[] = [];
    for (const trial of trials) {
      const copy = await to.createTrial(target.studyId, copiedTrial(trial, fromName));
      if (copy.number !== trial.number) {
        throw new StorageError(
          `copyStudy(): trial ${trial.number} of "${fromName}" became trial ${copy.number} of "${toName}": another process wrote to "${toName}" during the copy. Copy into a name no one else uses.`,
          { name: toName, value: copy.number },
        );
      }
      if (copy.state !== trial.state) failedOnCopy.push(trial.number);
    }
    const study = await to.updateStudy(target.studyId, {
      systemAttrs: {
        ...source.systemAttrs,
        copiedFrom: source.systemAttrs.copiedFrom ?? { study: fromName, createdAt: source.createdAt },
      },
    });
    return { study, trialCount: trials.length, failedOnCopy };
  } catch (error) {
    // A half-copied study would pass for a real one; the source still holds everything.
    await to.deleteStudy(target.studyId).catch(() => undefined);
    throw error;
  }
}

async function createTarget(to: Storage, source: StudyRecord, name: string): Promise<StudyRecord> {
  try {
    return await to.createStudy({
      name,
      directions: source.directions,
      metricNames: source.metricNames,
      samplerConfig: source.samplerConfig,
      prunerConfig: source.prunerConfig,
      lease: source.lease,
      retry: source.retry,
      userAttrs: source.userAttrs,
    });
  } catch (error) {
    if (!(error instanceof DuplicatedStudyError)) throw error;
    throw new DuplicatedStudyError(
      `copyStudy(): the target storage already has a study named "${name}". Pass another toStudyName, or delete that study first.`,
      { name, cause: error },
    );
  }
}

/** The record that recreates `trial` in another study (see {@link copyStudy} for what changes). */
function copiedTrial(trial: FrozenTrial, fromName: string): NewTrial {
  const content = {
    params: trial.params,
    distributions: trial.distributions,
    intermediateValues: trial.intermediateValues,
    constraints: trial.constraints,
    userAttrs: trial.userAttrs,
    systemAttrs: trial.systemAttrs,
    retryOf: trial.retryOf,
  };
  if (trial.state === "WAITING") return { ...content, state: "WAITING" };
  const ran = { startedAt: trial.startedAt, completedAt: trial.completedAt, workerId: trial.workerId };
  if (trial.state === "RUNNING") {
    return {
      ...content,
      ...ran,
      state: "FAIL",
      values: null,
      failReason: {
        code: "copied-running",
        message: `Trial ${trial.number} of study "${fromName}" was RUNNING on worker "${trial.workerId}" when the study was copied, so its result is unknown.`,
      },
    };
  }
  return { ...content, ...ran, state: trial.state, values: trial.values, failReason: trial.failReason };
}
