import type { FrozenTrial, TrialState } from "../../trial/frozen-trial.js";
import { isFeasible, TRIAL_STATES } from "../../trial/frozen-trial.js";
import type { StateRecord, StudyRecord, StudySummary } from "../storage.js";
import { countsTowardMax } from "../trial-transitions.js";
import { ChangeLog } from "./change-log.js";

/**
 * Everything the memory storage keeps for one study, with the indexes that make its operations O(1):
 * trials by number, a FIFO of WAITING numbers, the leased RUNNING trials, counts by state, the number of
 * trials counted by `maxTrials`, the running best value and the change log.
 * @example
 * const slot = new StudySlot(record);
 * slot.put(trial, undefined, now);
 */
export class StudySlot {
  /** Trials by number; numbers are dense, so this is an array. */
  readonly trials: FrozenTrial[] = [];
  /** State records by key. */
  readonly states = new Map<string, StateRecord>();
  /** Numbers of RUNNING trials that hold a lease (the only candidates for reaping). */
  readonly leased = new Set<number>();
  /** Trials counted by `maxTrials`. */
  started = 0;
  readonly log = new ChangeLog((num) => (this.trials[num] as FrozenTrial).seq);

  private record: StudyRecord;
  private lastActivity: number;
  private readonly waiting: number[] = [];
  private waitingHead = 0;
  private readonly counts: Record<TrialState, number>;
  private best: number | null = null;

  constructor(record: StudyRecord) {
    this.record = record;
    this.lastActivity = record.lastActivity;
    this.counts = Object.fromEntries(TRIAL_STATES.map((s) => [s, 0])) as Record<TrialState, number>;
  }

  /** The study's name. */
  get name(): string {
    return this.record.name;
  }

  /** The study's id. */
  get studyId(): number {
    return this.record.studyId;
  }

  /** The current study record (rebuilt only when trial writes moved lastActivity since the last read). */
  study(): StudyRecord {
    if (this.record.lastActivity !== this.lastActivity) {
      this.record = Object.freeze({ ...this.record, lastActivity: this.lastActivity });
    }
    return this.record;
  }

  /** Replaces the study record (its lastActivity becomes the study's). */
  setStudy(record: StudyRecord): void {
    this.record = record;
    this.lastActivity = record.lastActivity;
  }

  /** Records a write that is not to a trial (a state record). */
  touch(now: number): void {
    this.lastActivity = now;
  }

  /** The study's listing entry: its record, trial counts by state and best value. */
  summary(): StudySummary {
    return Object.freeze({
      study: this.study(),
      trialCounts: Object.freeze({ ...this.counts }),
      bestValue: this.best,
    });
  }

  /** The number of the oldest WAITING trial, removed from the queue, or undefined. */
  takeWaiting(): number | undefined {
    if (this.waitingHead >= this.waiting.length) return undefined;
    const num = this.waiting[this.waitingHead++] as number;
    // Drop the consumed prefix once it dominates, so the queue does not grow with every trial ever enqueued.
    if (this.waitingHead > 1024 && this.waitingHead * 2 > this.waiting.length) {
      this.waiting.splice(0, this.waitingHead);
      this.waitingHead = 0;
    }
    return num;
  }

  /** Stores a new version of a trial (`previous` is the version it replaces) and updates every index. */
  put(trial: FrozenTrial, previous: FrozenTrial | undefined, now: number): void {
    this.trials[trial.number] = trial;
    if (previous === undefined) {
      if (trial.state === "WAITING") this.waiting.push(trial.number);
    } else {
      this.counts[previous.state]--;
      if (countsTowardMax(previous)) this.started--;
    }
    this.counts[trial.state]++;
    if (countsTowardMax(trial)) this.started++;
    if (trial.state === "RUNNING" && trial.leaseExpiresAt !== null) this.leased.add(trial.number);
    else this.leased.delete(trial.number);
    if (trial.state === "COMPLETE" && previous?.state !== "COMPLETE") this.considerBest(trial);
    this.log.append(trial.seq, trial.number, this.trials.length);
    this.lastActivity = now;
  }

  /** Finished trials never change, so the best value only ever improves: keep it as a running best. */
  private considerBest(trial: FrozenTrial): void {
    const { directions } = this.record;
    if (directions.length !== 1 || trial.values === null || trial.values.length === 0) return;
    const value = trial.values[0] as number;
    if (Number.isNaN(value)) return;
    if (!isFeasible(trial)) return;
    const better =
      directions[0] === "maximize" ? value > (this.best ?? -Infinity) : value < (this.best ?? Infinity);
    if (this.best === null || better) this.best = value;
  }
}
