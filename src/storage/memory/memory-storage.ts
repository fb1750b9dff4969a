import {
  DuplicatedStudyError,
  StorageError,
  StudyNotFoundError,
  TrialNotFoundError,
  TrialNotRunningError,
} from "../../errors.js";
import { checkOptionKeys, type KnownKeys } from "../../options/option-keys.js";
import type { FrozenTrial, JsonValue, TrialState } from "../../trial/frozen-trial.js";
import { checkCount, checkCursor, checkLeaseSeconds, checkPageLimit, freezeJson } from "../record-freeze.js";
import { mergeStudyPatch, newStudyRecord } from "../record-merge.js";
import type {
  ClaimRequest,
  FinishResult,
  NewStudy,
  NewTrial,
  ReapOptions,
  StateRecord,
  Storage,
  StorageCapabilities,
  StudyPatch,
  StudyRecord,
  StudySummary,
  TrialChanges,
  TrialChangesOptions,
  TrialOutcome,
  TrialPatch,
} from "../storage.js";
import { blankTrial, type TrialDraft } from "../trial-record.js";
import {
  checkClaim,
  claimedTrial,
  createdTrial,
  finishedTrial,
  heartbeatTrial,
  notRunningMessage,
  retriedTrial,
  retryCountOf,
  staleTrial,
  updatedTrial,
} from "../trial-transitions.js";
import { StudySlot } from "./study-slot.js";

/** Options of {@link MemoryStorage}. */
export interface MemoryStorageOptions {
  /** The storage clock in milliseconds since the epoch; `Date.now` by default. Inject one in tests. */
  readonly clock?: () => number;
}

/** The keys of {@link MemoryStorageOptions}, checked at runtime (JavaScript callers have no types). */
const MEMORY_STORAGE_KEYS = { clock: true } satisfies KnownKeys<MemoryStorageOptions>;

/** Where a trial lives: its study and its number there. */
interface TrialLocation {
  readonly slot: StudySlot;
  readonly number: number;
}

/**
 * A storage that keeps everything in this process's memory: the fastest back-end, lost when the process
 * ends and not shared between processes. Runs anywhere (no Node API). Every method completes without
 * yielding, so each one is atomic with respect to the others.
 * @example
 * const storage = new MemoryStorage();
 * const study = await storage.createStudy({ name: "demo", directions: ["minimize"] });
 * const trial = await storage.claimTrial(study.studyId, { workerId: "w1" });
 */
export class MemoryStorage implements Storage {
  readonly capabilities: StorageCapabilities = Object.freeze({ persistent: false, multiProcess: false });

  private readonly clock: () => number;
  private studies = new Map<number, StudySlot>();
  private studyIdsByName = new Map<string, number>();
  private trialIndex = new Map<number, TrialLocation>();
  private nextStudyId = 1;
  private nextTrialId = 1;
  private seq = 0;
  private closed = false;

  constructor(options: MemoryStorageOptions = {}) {
    checkOptionKeys("new MemoryStorage()", options, MEMORY_STORAGE_KEYS);
    this.clock = options.clock ?? Date.now;
  }

  async createStudy(study: NewStudy): Promise<StudyRecord> {
    this.checkOpen("createStudy");
    const taken = this.studyIdsByName.get(study.name);
    if (taken !== undefined) {
      throw new DuplicatedStudyError(
        `createStudy: the study name must be unused, but "${study.name}" is already study ${taken}. ` +
          "Pick another name, or load the existing study instead.",
        { name: "name", value: study.name },
      );
    }
    const record = newStudyRecord(this.nextStudyId, study, this.clock());
    this.nextStudyId++;
    this.studies.set(record.studyId, new StudySlot(record));
    this.studyIdsByName.set(record.name, record.studyId);
    return record;
  }

  async getStudy(name: string): Promise<StudyRecord | null> {
    this.checkOpen("getStudy");
    const studyId = this.studyIdsByName.get(name);
    return studyId === undefined ? null : (this.studies.get(studyId) as StudySlot).study();
  }

  async listStudies(): Promise<StudySummary[]> {
    this.checkOpen("listStudies");
    const slots = [...this.studies.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return slots.map((slot) => slot.summary());
  }

  async updateStudy(studyId: number, patch: StudyPatch): Promise<StudyRecord> {
    const slot = this.slot(studyId, "updateStudy");
    const record = mergeStudyPatch(slot.study(), patch, this.clock());
    slot.setStudy(record);
    return record;
  }

  async deleteStudy(studyId: number): Promise<void> {
    const slot = this.slot(studyId, "deleteStudy");
    for (const trial of slot.trials) this.trialIndex.delete(trial.trialId);
    this.studies.delete(studyId);
    this.studyIdsByName.delete(slot.name);
  }

  async createTrial(studyId: number, trial: NewTrial): Promise<FrozenTrial> {
    const slot = this.slot(studyId, "createTrial");
    const now = this.clock();
    const draft = createdTrial(
      trial,
      this.nextTrialId,
      slot.trials.length,
      now,
      `createTrial(study ${studyId})`,
    );
    this.nextTrialId++;
    return this.commit(slot, draft, undefined, now);
  }

  async claimTrial(studyId: number, request: ClaimRequest): Promise<FrozenTrial | null> {
    const slot = this.slot(studyId, "claimTrial");
    const claim = checkClaim(request, `claimTrial(study ${studyId})`);
    if (claim.maxTrials !== null && slot.started >= claim.maxTrials) return null;
    const now = this.clock();
    const waitingNumber = slot.takeWaiting();
    const previous = waitingNumber === undefined ? undefined : (slot.trials[waitingNumber] as FrozenTrial);
    const draft = claimedTrial(previous ?? this.blank(slot, "RUNNING"), claim, now);
    return this.commit(slot, draft, previous, now);
  }

  async updateTrial(trialId: number, patch: TrialPatch): Promise<FrozenTrial> {
    const { slot, previous } = this.locate(trialId, "updateTrial");
    const where = `updateTrial(trial ${previous.number} of study ${slot.studyId})`;
    if (previous.state !== "RUNNING") {
      throw new TrialNotRunningError(notRunningMessage(where, previous.state), {
        name: "trialId",
        value: trialId,
      });
    }
    const now = this.clock();
    return this.commit(slot, updatedTrial(previous, patch, now, where), previous, now);
  }

  async finishTrial(trialId: number, outcome: TrialOutcome): Promise<FinishResult> {
    const { slot, previous } = this.locate(trialId, "finishTrial");
    if (previous.state !== "RUNNING") return Object.freeze({ ok: false, trial: previous });
    const where = `finishTrial(trial ${previous.number} of study ${slot.studyId})`;
    const now = this.clock();
    const draft = finishedTrial(previous, outcome, now, where);
    return Object.freeze({ ok: true, trial: this.commit(slot, draft, previous, now) });
  }

  async getTrial(trialId: number): Promise<FrozenTrial | null> {
    this.checkOpen("getTrial");
    const location = this.trialIndex.get(trialId);
    return location === undefined ? null : (location.slot.trials[location.number] as FrozenTrial);
  }

  async getTrialsSince(
    studyId: number,
    cursor: number,
    options: TrialChangesOptions = {},
  ): Promise<TrialChanges> {
    const slot = this.slot(studyId, "getTrialsSince");
    checkCursor(cursor, `getTrialsSince(study ${studyId})`);
    const trialOf = (num: number) => slot.trials[num] as FrozenTrial;
    if (options.limit === undefined) {
      const trials = slot.log.changedSince(cursor).map(trialOf);
      return Object.freeze({
        trials: Object.freeze(trials),
        cursor: Math.max(cursor, this.seq),
        more: false,
      });
    }
    const limit = checkPageLimit(options.limit, `getTrialsSince(study ${studyId}): limit`);
    const page = slot.log.pageSince(cursor, limit);
    return Object.freeze({
      trials: Object.freeze(page.numbers.map(trialOf)),
      cursor: page.more ? page.lastSeq : Math.max(cursor, this.seq),
      more: page.more,
    });
  }

  async heartbeat(trialIds: readonly number[], leaseSeconds: number): Promise<void> {
    this.checkOpen("heartbeat");
    const seconds = checkLeaseSeconds(leaseSeconds, "heartbeat: leaseSeconds");
    const now = this.clock();
    for (const trialId of trialIds) {
      const location = this.trialIndex.get(trialId);
      if (location === undefined) continue;
      const previous = location.slot.trials[location.number] as FrozenTrial;
      if (previous.state !== "RUNNING" || previous.leaseExpiresAt === null) continue;
      this.commit(location.slot, heartbeatTrial(previous, seconds, now), previous, now);
    }
  }

  async reapStaleTrials(studyId: number, options: ReapOptions = {}): Promise<FrozenTrial[]> {
    const slot = this.slot(studyId, "reapStaleTrials");
    const maxRetries =
      options.maxRetries == null ? 0 : checkCount(options.maxRetries, "reapStaleTrials: maxRetries");
    const now = this.clock();
    const expired = [...slot.leased]
      .filter((num) => ((slot.trials[num] as FrozenTrial).leaseExpiresAt as number) < now)
      .sort((a, b) => a - b);
    return expired.map((num) => {
      const previous = slot.trials[num] as FrozenTrial;
      const stale = this.commit(slot, staleTrial(previous, now), previous, now);
      if (retryCountOf(stale) < maxRetries) {
        const where = `reapStaleTrials(study ${studyId})`;
        this.commit(
          slot,
          retriedTrial(stale, this.nextTrialId++, slot.trials.length, now, where),
          undefined,
          now,
        );
      }
      return stale;
    });
  }

  async getState(studyId: number, key: string): Promise<StateRecord | null> {
    return this.slot(studyId, "getState").states.get(key) ?? null;
  }

  async compareAndSetState(
    studyId: number,
    key: string,
    expectedVersion: number,
    value: JsonValue,
  ): Promise<StateRecord | null> {
    const where = `compareAndSetState(study ${studyId}, "${key}")`;
    const slot = this.slot(studyId, "compareAndSetState");
    checkCount(expectedVersion, `${where}: expectedVersion`);
    const frozen = freezeJson(value, `${where}: value`);
    const version = slot.states.get(key)?.version ?? 0;
    if (version !== expectedVersion) return null;
    const record: StateRecord = Object.freeze({ version: version + 1, value: frozen });
    slot.states.set(key, record);
    slot.touch(this.clock());
    return record;
  }

  async now(): Promise<number> {
    this.checkOpen("now");
    return this.clock();
  }

  /** Releases every record; later calls throw `StorageError`. Closing twice is harmless. */
  async close(): Promise<void> {
    this.closed = true;
    this.studies = new Map();
    this.studyIdsByName = new Map();
    this.trialIndex = new Map();
  }

  /** A blank trial draft with a new id and the study's next number. */
  private blank(slot: StudySlot, state: TrialState): TrialDraft {
    return blankTrial(this.nextTrialId++, slot.trials.length, state);
  }

  /** Gives the draft the next seq, freezes and stores it as the version after `previous` (none: new trial). */
  private commit(
    slot: StudySlot,
    draft: TrialDraft,
    previous: FrozenTrial | undefined,
    now: number,
  ): FrozenTrial {
    draft.seq = ++this.seq;
    const record: FrozenTrial = Object.freeze(draft);
    if (previous === undefined) this.trialIndex.set(record.trialId, { slot, number: record.number });
    slot.put(record, previous, now);
    return record;
  }

  private checkOpen(method: string): void {
    if (this.closed) {
      throw new StorageError(
        `${method}: the storage must be open, but this MemoryStorage was closed and its data released. ` +
          "Create a new MemoryStorage, or close it only after the last call.",
      );
    }
  }

  private slot(studyId: number, method: string): StudySlot {
    this.checkOpen(method);
    const slot = this.studies.get(studyId);
    if (slot === undefined) {
      throw new StudyNotFoundError(
        `${method}: studyId must name an existing study, but no study has id ${String(studyId)}. ` +
          "Use the studyId of a record from createStudy, getStudy or listStudies; the study may have been deleted.",
        { name: "studyId", value: studyId },
      );
    }
    return slot;
  }

  private locate(trialId: number, method: string): { slot: StudySlot; previous: FrozenTrial } {
    this.checkOpen(method);
    const location = this.trialIndex.get(trialId);
    if (location === undefined) {
      throw new TrialNotFoundError(
        `${method}: trialId must name an existing trial, but no trial has id ${String(trialId)}. ` +
          "Use the trialId of a record this storage returned; its study may have been deleted.",
        { name: "trialId", value: trialId },
      );
    }
    return { slot: location.slot, previous: location.slot.trials[location.number] as FrozenTrial };
  }
}
