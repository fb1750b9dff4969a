import { StorageError } from "../../errors.js";
import { nonDominatedSort } from "../../multiobjective/non-dominated-sort.js";
import type { StateStore } from "../../study/study-view.js";
import type { FrozenTrial, IntermediateValue, JsonValue } from "../../trial/frozen-trial.js";
import type { ObjectiveReader } from "../objective-reader.js";

/** The rungs of one successive-halving population. */
export interface LadderConfig {
  /** r: the resource (step) of rung 0 before the early-stopping rate applies. */
  readonly minResource: number;
  /** η: keep the best 1/η at each rung; rung k sits at step r·η^(s+k). */
  readonly reductionFactor: number;
  /** s: how many rungs to skip at the bottom. */
  readonly minEarlyStoppingRate: number;
  /** A rung's first `bootstrapCount` arrivals are stopped there (they only seed the rung). */
  readonly bootstrapCount: number;
  /** Prefix of the rungs' state keys; one per population (a Hyperband bracket) and objective. */
  readonly keyPrefix: string;
}

/** One arrival at a rung: trial number and its raw value there (a number, or a point for "pareto"). */
type Entry = readonly [number, number | readonly number[]];

/** After this many lost compare-and-set rounds on one rung, give up (it would take that many writers). */
const MAX_ROUNDS = 10_000;

/**
 * Asynchronous successive halving in its stopping form, with rungs shared through the study's
 * compare-and-set state records: rung k at step r·η^(s+k) holds, in order of arrival, the value each trial
 * had when it got there. A trial arriving at a rung appends its value and continues only when it is among
 * the best max(1, ⌊n/η⌋) of the n values recorded there so far, its own included (ties do not count
 * against it). So every worker of every process sees the same rung, and a decision, once taken, never
 * changes: asking again reads the trial's own entry and the entries before it.
 *
 * A trial's value at a rung is its report at the first reported step at or after the rung's step.
 */
export class RungLadder {
  /** Per study name: the next rung each trial of this process has yet to pass (a cache, not the truth). */
  private readonly passed = new Map<string, Map<number, number>>();

  /** Whether the trial must stop: it reached a rung where it is not among the best 1/η. */
  async climb(
    study: { readonly studyName: string; readonly state: StateStore },
    trial: FrozenTrial,
    config: LadderConfig,
    reader: ObjectiveReader,
  ): Promise<boolean> {
    const steps = Object.keys(trial.intermediateValues).map(Number);
    if (steps.length === 0) return false;
    const lastStep = steps[steps.length - 1] as number;
    let byTrial = this.passed.get(study.studyName);
    if (byTrial === undefined) {
      byTrial = new Map();
      this.passed.set(study.studyName, byTrial);
    }
    for (let rung = byTrial.get(trial.number) ?? 0; ; rung++) {
      const rungStep = config.minResource * config.reductionFactor ** (config.minEarlyStoppingRate + rung);
      if (lastStep < rungStep) return false;
      const at = steps.find((s) => s >= rungStep) as number;
      const value = trial.intermediateValues[at] as IntermediateValue;
      const raw = reader.raw(value);
      if (typeof raw === "number" ? Number.isNaN(raw) : raw.some(Number.isNaN)) return true;
      const prefix = await arrive(study.state, `${config.keyPrefix}@${rungStep}`, trial.number, raw);
      if (!promoted(prefix, reader, config)) return true;
      byTrial.set(trial.number, rung + 1);
    }
  }
}

/** Records the trial at the rung (once) and returns the entries up to and including its own. */
async function arrive(
  state: StateStore,
  key: string,
  number: number,
  raw: number | number[],
): Promise<Entry[]> {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const record = await state.get(key);
    const entries = record === null ? [] : readEntries(key, record.value);
    const mine = entries.findIndex((e) => e[0] === number);
    if (mine >= 0) return entries.slice(0, mine + 1);
    const next: Entry[] = [...entries, [number, raw]];
    const written = await state.compareAndSet(key, record?.version ?? 0, {
      entries: next as unknown as JsonValue[],
    });
    if (written !== null) return next;
  }
  throw new StorageError(
    `Successive halving: could not record trial ${number} at rung "${key}" after ${MAX_ROUNDS} compare-and-set rounds. Another writer keeps winning; check the storage.`,
    { name: key },
  );
}

function readEntries(key: string, value: JsonValue): Entry[] {
  const entries = (value as { entries?: unknown } | null)?.entries;
  if (!Array.isArray(entries)) {
    throw new StorageError(
      `Successive halving: the state record "${key}" is not a rung (expected { entries: [[trial, value], ...] }). Was the key written by something else?`,
      { name: key, value },
    );
  }
  return entries as Entry[];
}

/** Whether the last entry is among the best max(1, ⌊n/η⌋) of the n entries (after the bootstrap). */
function promoted(prefix: readonly Entry[], reader: ObjectiveReader, config: LadderConfig): boolean {
  const n = prefix.length;
  if (n <= config.bootstrapCount) return false;
  const keep = Math.max(1, Math.floor(n / config.reductionFactor));
  let better = 0;
  if (reader.isPareto) {
    const points = prefix.map((e) => reader.point(e[1] as number[]));
    const ranks = nonDominatedSort(
      points,
      (points[0] as number[]).map(() => "minimize" as const),
    );
    const own = ranks[n - 1] as number;
    for (let i = 0; i < n - 1; i++) if ((ranks[i] as number) < own) better++;
  } else {
    const own = reader.score(prefix[n - 1]?.[1] as number);
    for (let i = 0; i < n - 1; i++) if (reader.score(prefix[i]?.[1] as number) < own) better++;
  }
  return better < keep;
}
