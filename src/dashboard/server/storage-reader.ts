/**
 * What the dashboard reads from a storage, behind one interface so the big reads can run off the main
 * thread: {@link inProcessReader} calls the storage directly (memory storages, tests),
 * `workerReader` (storage-worker.ts) runs the list and trial scans in a worker thread.
 */
import type { FrozenTrial, Storage, StudyRecord, StudySummary } from "../../core.js";
import { encodeTrials, type TrialBatch } from "./trial-batch.js";

/** Trials changed after a cursor, in columns, and the cursor to pass next time. */
export interface BatchChanges {
  readonly batch: TrialBatch;
  readonly cursor: number;
  /** The read was one page cut at its limit: call again with `cursor` for the rest. */
  readonly more: boolean;
}

/** The reads the dashboard makes. Every method may run concurrently with the others. */
export interface StorageReader {
  listStudies(): Promise<StudySummary[]>;
  getStudy(name: string): Promise<StudyRecord | null>;
  getTrial(trialId: number): Promise<FrozenTrial | null>;
  /** `getTrialsSince(studyId, cursor, { limit })`, packed with `m` values per trial; no limit: all. */
  readChanges(studyId: number, cursor: number, m: number, limit?: number): Promise<BatchChanges>;
  /** Releases what the reader itself opened (never the storage it was given). */
  close(): Promise<void>;
}

/**
 * A reader calling `storage` on this thread.
 * @example
 * const reader = inProcessReader(await openStorage("memory:"));
 */
export function inProcessReader(storage: Storage): StorageReader {
  return {
    listStudies: () => storage.listStudies(),
    getStudy: (name) => storage.getStudy(name),
    getTrial: (trialId) => storage.getTrial(trialId),
    readChanges: async (studyId, cursor, m, limit) => {
      const changes = await storage.getTrialsSince(studyId, cursor, limit === undefined ? {} : { limit });
      return { batch: encodeTrials(changes.trials, m), cursor: changes.cursor, more: changes.more };
    },
    close: async () => undefined,
  };
}
