import { StorageError } from "../../errors.js";
import type { StateStore } from "../../study/study-view.js";
import type { JsonValue } from "../../trial/frozen-trial.js";
import { QMC_TYPES, type QmcSequenceKey } from "./qmc-sequence.js";

/** The key of the shared sequence record in the study's state store. */
export const QMC_STATE_KEY = "sampler:qmc";

/** Compare-and-set attempts before giving up; each lost attempt means another writer made progress. */
const MAX_ATTEMPTS = 1000;

/**
 * The shared sequence record of a study (format 1), stored under {@link QMC_STATE_KEY}: which sequence
 * the study follows, fixed by the first claim, and the next unclaimed point index. O(1) in size.
 */
export interface QmcCounterState extends QmcSequenceKey {
  readonly format: 1;
  readonly next: number;
}

/** A claimed point: its index and the sequence it belongs to (the record's, which may not be the caller's). */
export interface QmcClaim {
  readonly index: number;
  readonly key: QmcSequenceKey;
}

/**
 * Claims the next point index of the study's sequence through the compare-and-set state store, retrying
 * on conflict, so concurrent trials, processes and machines sharing a storage each get a distinct index
 * of ONE sequence. The first claim writes `proposed` as the study's sequence; later claims follow the
 * stored one whatever their own configuration (workers built without a seed still agree).
 * @example
 * const { index, key } = await claimQmcIndex(study.state, study.studyName, { qmcType: "sobol", scramble: true, seed: 1 });
 */
export async function claimQmcIndex(
  store: StateStore,
  studyName: string,
  proposed: QmcSequenceKey,
): Promise<QmcClaim> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const record = await store.get(QMC_STATE_KEY);
    const state = record === null ? initial(proposed) : parse(record.value, studyName);
    const next: QmcCounterState = { ...state, next: state.next + 1 };
    if ((await store.compareAndSet(QMC_STATE_KEY, record?.version ?? 0, toJson(next))) !== null) {
      const { qmcType, scramble, seed } = state;
      return { index: state.next, key: { qmcType, scramble, seed } };
    }
  }
  throw new StorageError(
    `QMCSampler: study "${studyName}": ${MAX_ATTEMPTS} compare-and-set attempts on "${QMC_STATE_KEY}" in a row lost to other writers. The storage's compareAndSetState may be broken; check that it returns the new record on success.`,
    { name: QMC_STATE_KEY },
  );
}

/**
 * The study's sequence record, or null before the first claim.
 * @example
 * (await readQmcCounter(study.state, study.studyName))?.next; // points claimed so far
 */
export async function readQmcCounter(store: StateStore, studyName: string): Promise<QmcCounterState | null> {
  const record = await store.get(QMC_STATE_KEY);
  return record === null ? null : parse(record.value, studyName);
}

function initial(key: QmcSequenceKey): QmcCounterState {
  return { format: 1, qmcType: key.qmcType, scramble: key.scramble, seed: key.seed, next: 0 };
}

function toJson(state: QmcCounterState): JsonValue {
  const { format, qmcType, scramble, seed, next } = state;
  return { format, qmcType, scramble, seed, next };
}

function parse(value: JsonValue, studyName: string): QmcCounterState {
  const v = value as Partial<Record<keyof QmcCounterState, unknown>> | null;
  const valid =
    v !== null &&
    typeof v === "object" &&
    v.format === 1 &&
    (QMC_TYPES as readonly unknown[]).includes(v.qmcType) &&
    typeof v.scramble === "boolean" &&
    Number.isInteger(v.seed) &&
    Number.isInteger(v.next) &&
    (v.next as number) >= 0;
  if (!valid) {
    throw new StorageError(
      `QMCSampler: study "${studyName}" holds a "${QMC_STATE_KEY}" record this version cannot read: ${JSON.stringify(value)}. It was written by another sampler or a newer tunekit; use a new study.`,
      { name: QMC_STATE_KEY, value },
    );
  }
  return v as QmcCounterState;
}
