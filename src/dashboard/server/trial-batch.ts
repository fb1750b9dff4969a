/**
 * Trials packed into columns: what a storage read hands the study cache. Typed arrays travel between
 * threads without copying (their buffers are transferred) and cost a fraction of the memory of
 * FrozenTrial objects (~0.3 KB instead of ~3 KB per trial with 10 parameters), so a 100,000-trial study
 * stays cheap to hold and to scan. Only what the endpoints read is kept; a trial's detail (attributes,
 * constraint values, distributions) is read from the storage on demand.
 */
import {
  type Distribution,
  type FailReason,
  type FrozenTrial,
  type IntermediateValue,
  isFeasible,
  type ParamValue,
  TRIAL_STATES,
} from "../../core.js";

/** One parameter's values: finite numbers in `num`, anything else as a code into `dict` (−1: none). */
export interface ParamBatchColumn {
  readonly name: string;
  /** The value when it is a finite number, else NaN. */
  readonly num: Float64Array;
  /** Index into `dict` when the value is not a finite number (a string, boolean, null, ±Infinity), else −1. */
  readonly cat: Int32Array;
  readonly dict: ParamValue[];
  /** The distribution of the highest-numbered trial that has one, with that trial's number. */
  readonly distribution: Distribution | null;
  readonly distributionNumber: number;
}

/**
 * Intermediate reports, flattened: trial `i` owns entries `offsets[i]` to `offsets[i + 1]`, each a step, a
 * series (an index into `seriesKeys`) and a value. Series keys are `i:<k>` for a scalar (k = 0) or the
 * k-th entry of a vector, and `m:<name>` for a named metric.
 */
export interface IntermediateBatch {
  readonly offsets: Int32Array;
  readonly steps: Float64Array;
  readonly series: Int32Array;
  readonly values: Float64Array;
  readonly seriesKeys: string[];
}

/** Trials in columns; row `i` is the i-th trial given to {@link encodeTrials}. */
export interface TrialBatch {
  readonly n: number;
  /** Values per trial (the study's objective count). */
  readonly m: number;
  readonly trialId: Float64Array;
  readonly number: Int32Array;
  /** Index into TRIAL_STATES. */
  readonly state: Uint8Array;
  /** NaN for null. */
  readonly startedAt: Float64Array;
  readonly completedAt: Float64Array;
  /** Index into `workerIds`, −1 for null. */
  readonly worker: Int32Array;
  readonly workerIds: string[];
  /** 1 when the trial has values (then `values[i * m + k]` holds them). */
  readonly hasValues: Uint8Array;
  readonly values: Float64Array;
  /** −1 without constraints, 0 infeasible, 1 feasible. */
  readonly feasible: Int8Array;
  readonly constraintNames: string[];
  /** Row index and reason of every trial with a fail reason (stack traces dropped). */
  readonly failReasons: [number, FailReason][];
  readonly params: ParamBatchColumn[];
  readonly intermediate: IntermediateBatch;
}

/** Series key of objective index `k` in {@link IntermediateBatch}. */
export const indexSeries = (k: number): string => `i:${k}`;
/** Series key of the metric `name` in {@link IntermediateBatch}. */
export const metricSeries = (name: string): string => `m:${name}`;

interface ParamBuilder {
  num: number[];
  cat: number[];
  dict: ParamValue[];
  codes: Map<ParamValue, number>;
  distribution: Distribution | null;
  distributionNumber: number;
}

/**
 * Packs trials into a {@link TrialBatch} with `m` value slots per trial.
 * @example
 * const { trials } = await storage.getTrialsSince(study.studyId, 0);
 * const batch = encodeTrials(trials, study.directions.length);
 */
export function encodeTrials(trials: readonly FrozenTrial[], m: number): TrialBatch {
  const n = trials.length;
  const batch = {
    n,
    m,
    trialId: new Float64Array(n),
    number: new Int32Array(n),
    state: new Uint8Array(n),
    startedAt: new Float64Array(n),
    completedAt: new Float64Array(n),
    worker: new Int32Array(n),
    workerIds: [] as string[],
    hasValues: new Uint8Array(n),
    values: new Float64Array(n * m),
    feasible: new Int8Array(n),
    constraintNames: [] as string[],
    failReasons: [] as [number, FailReason][],
  };
  const workers = new Map<string, number>();
  const constraintNames = new Set<string>();
  const params = new Map<string, ParamBuilder>();
  const iv = new IntermediateBuilder(n);
  for (let i = 0; i < n; i++) {
    const t = trials[i] as FrozenTrial;
    batch.trialId[i] = t.trialId;
    batch.number[i] = t.number;
    batch.state[i] = TRIAL_STATES.indexOf(t.state);
    batch.startedAt[i] = t.startedAt ?? Number.NaN;
    batch.completedAt[i] = t.completedAt ?? Number.NaN;
    batch.worker[i] = t.workerId === null ? -1 : intern(workers, batch.workerIds, t.workerId);
    if (t.values !== null) {
      batch.hasValues[i] = 1;
      for (let k = 0; k < m; k++) batch.values[i * m + k] = t.values[k] ?? Number.NaN;
    }
    let hasConstraints = false;
    for (const name in t.constraints) {
      hasConstraints = true;
      constraintNames.add(name);
    }
    batch.feasible[i] = hasConstraints ? (isFeasible(t) ? 1 : 0) : -1;
    if (t.failReason !== null)
      batch.failReasons.push([i, { code: t.failReason.code, message: t.failReason.message }]);
    for (const name in t.params) addParam(params, name, i, n, t);
    iv.add(i, t.intermediateValues);
  }
  batch.constraintNames.push(...constraintNames);
  return {
    ...batch,
    params: [...params].map(([name, p]) => ({
      name,
      num: Float64Array.from(p.num),
      cat: Int32Array.from(p.cat),
      dict: p.dict,
      distribution: p.distribution,
      distributionNumber: p.distributionNumber,
    })),
    intermediate: iv.finish(),
  };
}

function intern<T>(codes: Map<T, number>, table: T[], value: T): number {
  let code = codes.get(value);
  if (code === undefined) {
    code = table.length;
    table.push(value);
    codes.set(value, code);
  }
  return code;
}

function addParam(
  params: Map<string, ParamBuilder>,
  name: string,
  i: number,
  n: number,
  t: FrozenTrial,
): void {
  let p = params.get(name);
  if (p === undefined) {
    p = {
      num: new Array<number>(n).fill(Number.NaN),
      cat: new Array<number>(n).fill(-1),
      dict: [],
      codes: new Map(),
      distribution: null,
      distributionNumber: -1,
    };
    params.set(name, p);
  }
  const value = t.params[name] as ParamValue;
  if (typeof value === "number" && Number.isFinite(value)) p.num[i] = value;
  else p.cat[i] = intern(p.codes, p.dict, value);
  const dist = t.distributions[name];
  if (dist !== undefined && t.number >= p.distributionNumber) {
    p.distribution = dist;
    p.distributionNumber = t.number;
  }
}

/** Collects intermediate reports into flat arrays. */
class IntermediateBuilder {
  private readonly offsets: Int32Array;
  private readonly steps: number[] = [];
  private readonly series: number[] = [];
  private readonly values: number[] = [];
  private readonly keys: string[] = [];
  private readonly codes = new Map<string, number>();

  constructor(n: number) {
    this.offsets = new Int32Array(n + 1);
  }

  add(i: number, reports: Readonly<Record<number, IntermediateValue>>): void {
    for (const key in reports) {
      const step = Number(key);
      const report = reports[step] as IntermediateValue;
      if (typeof report === "number") this.push(step, indexSeries(0), report);
      else if (Array.isArray(report)) {
        for (let k = 0; k < report.length; k++) this.push(step, indexSeries(k), report[k] as number);
      } else {
        const named = report as Readonly<Record<string, number>>;
        for (const name in named) this.push(step, metricSeries(name), named[name] as number);
      }
    }
    this.offsets[i + 1] = this.steps.length;
  }

  finish(): IntermediateBatch {
    return {
      offsets: this.offsets,
      steps: Float64Array.from(this.steps),
      series: Int32Array.from(this.series),
      values: Float64Array.from(this.values),
      seriesKeys: this.keys,
    };
  }

  private push(step: number, key: string, value: number): void {
    this.steps.push(step);
    this.series.push(intern(this.codes, this.keys, key));
    this.values.push(value);
  }
}

/**
 * The buffers of a batch, to transfer (not copy) it to another thread with `postMessage`.
 * @example
 * port.postMessage({ batch }, transferables(batch));
 */
export function transferables(batch: TrialBatch): ArrayBuffer[] {
  const arrays: ArrayBufferView[] = [
    batch.trialId,
    batch.number,
    batch.state,
    batch.startedAt,
    batch.completedAt,
    batch.worker,
    batch.hasValues,
    batch.values,
    batch.feasible,
    batch.intermediate.offsets,
    batch.intermediate.steps,
    batch.intermediate.series,
    batch.intermediate.values,
    ...batch.params.flatMap((p) => [p.num, p.cat]),
  ];
  return [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))];
}
