/**
 * One study's trials in growable columns indexed by trial number (numbers are dense), updated in place
 * from {@link TrialBatch}es. Everything the endpoints read comes from here; derived indexes (sort
 * orders, the search budget) are memoised until the next change.
 */
import {
  type Direction,
  type Distribution,
  type FailReason,
  type ParamValue,
  type StudyRecord,
  TRIAL_STATES,
  type TrialState,
} from "../../core.js";
import type { TrialBatch } from "./trial-batch.js";

/** State code of a row no batch has filled yet. */
export const ABSENT = 255;
/** State codes, as stored in {@link StudyColumns.state}. */
export const STATE = {
  WAITING: TRIAL_STATES.indexOf("WAITING"),
  RUNNING: TRIAL_STATES.indexOf("RUNNING"),
  COMPLETE: TRIAL_STATES.indexOf("COMPLETE"),
  PRUNED: TRIAL_STATES.indexOf("PRUNED"),
  FAIL: TRIAL_STATES.indexOf("FAIL"),
  STALE: TRIAL_STATES.indexOf("STALE"),
} as const;

/** A parameter's column: finite numbers in `num`; other values as codes into `dict` (−1: none). */
export interface ParamColumn {
  readonly name: string;
  num: Float64Array;
  cat: Int32Array;
  readonly dict: ParamValue[];
  readonly codes: Map<ParamValue, number>;
  distribution: Distribution | null;
  distributionNumber: number;
}

/** One trial's reports: parallel arrays of steps, series (into `keys`) and values. */
export interface Reports {
  readonly steps: Float64Array;
  readonly series: Int32Array;
  readonly values: Float64Array;
  readonly keys: readonly string[];
}

const INITIAL_CAPACITY = 64;

function grow<T extends Float64Array | Int32Array | Int8Array | Uint8Array>(
  a: T,
  size: number,
  fill: number,
): T {
  const next = new (a.constructor as new (n: number) => T)(size);
  next.set(a);
  next.fill(fill, a.length);
  return next;
}

/**
 * The trials of one study, columnar. Row `i` is trial number `i`.
 * @example
 * const columns = new StudyColumns(record);
 * columns.apply(encodeTrials(trials, record.directions.length), cursor);
 */
export class StudyColumns {
  /** Rows: one more than the highest trial number seen. */
  n = 0;
  /** Rows holding a trial (fewer than `n` while a study loaded in `seq` order has gaps). */
  filled = 0;
  /** The change cursor the columns reflect. */
  seq = 0;
  /** Bumped by every change; memoised indexes are keyed by it. */
  version = 0;
  readonly m: number;
  trialId: Float64Array;
  state: Uint8Array;
  startedAt: Float64Array;
  completedAt: Float64Array;
  worker: Int32Array;
  hasValues: Uint8Array;
  values: Float64Array;
  feasible: Int8Array;
  readonly workerIds: string[] = [];
  private readonly workerCodes = new Map<string, number>();
  readonly constraintNames = new Set<string>();
  readonly failReasons = new Map<number, FailReason>();
  readonly params = new Map<string, ParamColumn>();
  readonly reports: (Reports | undefined)[] = [];
  /** Every series key seen in any report. */
  readonly seriesKeys = new Set<string>();
  private capacity = INITIAL_CAPACITY;
  private readonly memo = new Map<string, unknown>();

  constructor(public study: StudyRecord) {
    this.m = study.directions.length;
    this.trialId = new Float64Array(this.capacity).fill(Number.NaN);
    this.state = new Uint8Array(this.capacity).fill(ABSENT);
    this.startedAt = new Float64Array(this.capacity).fill(Number.NaN);
    this.completedAt = new Float64Array(this.capacity).fill(Number.NaN);
    this.worker = new Int32Array(this.capacity).fill(-1);
    this.hasValues = new Uint8Array(this.capacity);
    this.values = new Float64Array(this.capacity * this.m).fill(Number.NaN);
    this.feasible = new Int8Array(this.capacity).fill(-1);
  }

  get directions(): readonly Direction[] {
    return this.study.directions;
  }

  /** The objective names: the study's metric names, or "value 0", "value 1", .... */
  get objectiveNames(): string[] {
    return this.study.directions.map((_, k) => this.study.metricNames?.[k] ?? `value ${k}`);
  }

  /** The trial's state name, or null for an absent row. */
  stateName(i: number): TrialState | null {
    const s = this.state[i] as number;
    return s === ABSENT ? null : (TRIAL_STATES[s] as TrialState);
  }

  /** Value `k` of row `i`, NaN when it has none. */
  value(i: number, k: number): number {
    return this.hasValues[i] === 1 ? (this.values[i * this.m + k] as number) : Number.NaN;
  }

  /** The parameter value of row `i`, or undefined when the trial lacks it. */
  param(column: ParamColumn, i: number): ParamValue | undefined {
    const x = column.num[i] as number;
    if (!Number.isNaN(x)) return x;
    const code = column.cat[i] as number;
    return code < 0 ? undefined : column.dict[code];
  }

  /** Applies a batch of changed trials read up to `seq`. */
  apply(batch: TrialBatch, seq: number): void {
    this.seq = Math.max(this.seq, seq);
    if (batch.n === 0) return;
    this.version++;
    this.memo.clear();
    let maxNumber = -1;
    for (let r = 0; r < batch.n; r++) maxNumber = Math.max(maxNumber, batch.number[r] as number);
    this.ensureCapacity(maxNumber + 1);
    this.n = Math.max(this.n, maxNumber + 1);
    const workerCodes = batch.workerIds.map((w) => this.internWorker(w));
    for (const name of batch.constraintNames) this.constraintNames.add(name);
    for (let r = 0; r < batch.n; r++) this.applyRow(batch, r, workerCodes);
    for (const [r, reason] of batch.failReasons) this.failReasons.set(batch.number[r] as number, reason);
    for (const p of batch.params) this.applyParam(batch, p);
  }

  /** A value computed from the columns, kept until the next change. */
  memoise<T>(key: string, compute: () => T): T {
    if (this.memo.has(key)) return this.memo.get(key) as T;
    const value = compute();
    this.memo.set(key, value);
    return value;
  }

  private applyRow(batch: TrialBatch, r: number, workerCodes: number[]): void {
    const i = batch.number[r] as number;
    if (this.state[i] === ABSENT) this.filled++;
    this.trialId[i] = batch.trialId[r] as number;
    this.state[i] = batch.state[r] as number;
    this.startedAt[i] = batch.startedAt[r] as number;
    this.completedAt[i] = batch.completedAt[r] as number;
    const w = batch.worker[r] as number;
    this.worker[i] = w < 0 ? -1 : (workerCodes[w] as number);
    this.hasValues[i] = batch.hasValues[r] as number;
    for (let k = 0; k < this.m; k++)
      this.values[i * this.m + k] = batch.values[r * batch.m + k] ?? Number.NaN;
    this.feasible[i] = batch.feasible[r] as number;
    this.failReasons.delete(i);
    // A trial's params only grow, but a changed trial's columns are rewritten whole from the batch.
    for (const column of this.params.values()) {
      column.num[i] = Number.NaN;
      column.cat[i] = -1;
    }
    const iv = batch.intermediate;
    const from = iv.offsets[r] as number;
    const to = iv.offsets[r + 1] as number;
    if (to > from) {
      this.reports[i] = {
        steps: iv.steps.subarray(from, to),
        series: iv.series.subarray(from, to),
        values: iv.values.subarray(from, to),
        keys: iv.seriesKeys,
      };
      for (let e = from; e < to; e++) this.seriesKeys.add(iv.seriesKeys[iv.series[e] as number] as string);
    } else this.reports[i] = undefined;
  }

  private applyParam(batch: TrialBatch, p: TrialBatch["params"][number]): void {
    let column = this.params.get(p.name);
    if (column === undefined) {
      column = {
        name: p.name,
        num: new Float64Array(this.capacity).fill(Number.NaN),
        cat: new Int32Array(this.capacity).fill(-1),
        dict: [],
        codes: new Map(),
        distribution: null,
        distributionNumber: -1,
      };
      this.params.set(p.name, column);
    }
    const codes = p.dict.map((v) => {
      let code = column.codes.get(v);
      if (code === undefined) {
        code = column.dict.length;
        column.dict.push(v);
        column.codes.set(v, code);
      }
      return code;
    });
    for (let r = 0; r < batch.n; r++) {
      const i = batch.number[r] as number;
      const c = p.cat[r] as number;
      column.num[i] = p.num[r] as number;
      column.cat[i] = c < 0 ? -1 : (codes[c] as number);
    }
    if (p.distribution !== null && p.distributionNumber >= column.distributionNumber) {
      column.distribution = p.distribution;
      column.distributionNumber = p.distributionNumber;
    }
  }

  private internWorker(id: string): number {
    let code = this.workerCodes.get(id);
    if (code === undefined) {
      code = this.workerIds.length;
      this.workerIds.push(id);
      this.workerCodes.set(id, code);
    }
    return code;
  }

  private ensureCapacity(size: number): void {
    if (size <= this.capacity) return;
    let capacity = this.capacity;
    while (capacity < size) capacity *= 2;
    this.trialId = grow(this.trialId, capacity, Number.NaN);
    this.state = grow(this.state, capacity, ABSENT);
    this.startedAt = grow(this.startedAt, capacity, Number.NaN);
    this.completedAt = grow(this.completedAt, capacity, Number.NaN);
    this.worker = grow(this.worker, capacity, -1);
    this.hasValues = grow(this.hasValues, capacity, 0);
    this.values = grow(this.values, capacity * this.m, Number.NaN);
    this.feasible = grow(this.feasible, capacity, -1);
    for (const column of this.params.values()) {
      column.num = grow(column.num, capacity, Number.NaN);
      column.cat = grow(column.cat, capacity, -1);
    }
    this.capacity = capacity;
  }
}
