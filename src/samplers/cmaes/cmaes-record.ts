import { StorageError } from "../../errors.js";
import { type CmaEsState, cmaEsStateFromJson, cmaEsStateToJson } from "../../math/cma-es/cma-es.js";
import type { Distribution } from "../../search-space/distribution.js";
import type { JsonValue } from "../../trial/frozen-trial.js";
import { type CmaEsRestarts, restartsFromJson, restartsToJson } from "./cmaes-restart.js";

/** The key of a study's CMA-ES record in its compare-and-set state store. */
export const CMAES_STATE_KEY = "sampler:cmaes";

/**
 * A study's shared CMA-ES search (format 1), stored under {@link CMAES_STATE_KEY}. Its size is
 * O(n² + the trials proposed in one generation): the history lives in the trials, not here.
 */
export interface CmaEsRecord {
  readonly format: 1;
  /** The seed every candidate is drawn from (the first writer's), so all workers follow one run. */
  readonly seed: number;
  /** The searched parameters, sorted by name; coordinate j of the state is `names[j]`. */
  readonly names: readonly string[];
  /** Their distributions when the search started; a different space starts a new search. */
  readonly distributions: Readonly<Record<string, Distribution>>;
  readonly state: CmaEsState;
  /**
   * Numbers of the trials proposed from the current generation, in proposal order. This list is how a
   * trial is known to belong to a generation (the sampler contract gives no way to write a trial's
   * system attributes); it is emptied when the generation is told.
   */
  readonly proposed: readonly number[];
  /** The trials whose values made the last update (empty before the first). */
  readonly fedBy: readonly number[];
  /**
   * The restart sequence (IPOP/BIPOP) and the current run's recent bests. Added after format 1 was first
   * written: a record without it reads as before any restart.
   */
  readonly restarts: CmaEsRestarts;
}

/**
 * The record as stored JSON.
 * @example
 * await store.compareAndSet(CMAES_STATE_KEY, version, cmaEsRecordToJson(record));
 */
export function cmaEsRecordToJson(record: CmaEsRecord): JsonValue {
  return {
    format: record.format,
    seed: record.seed,
    names: [...record.names],
    distributions: record.distributions as unknown as JsonValue,
    state: cmaEsStateToJson(record.state),
    proposed: [...record.proposed],
    fedBy: [...record.fedBy],
    restarts: restartsToJson(record.restarts),
  };
}

/**
 * Reads a stored record; throws a {@link StorageError} when the study holds one this version cannot read.
 * @example
 * const record = parseCmaEsRecord((await store.get(CMAES_STATE_KEY)).value, study.studyName);
 */
export function parseCmaEsRecord(value: JsonValue, studyName: string): CmaEsRecord {
  const v = value as Record<string, JsonValue> | null;
  const state =
    v !== null && typeof v === "object" && !Array.isArray(v) ? cmaEsStateFromJson(v.state ?? null) : null;
  const restarts =
    v !== null && typeof v === "object" && !Array.isArray(v) ? restartsFromJson(v.restarts) : null;
  const valid =
    state !== null &&
    restarts !== null &&
    v !== null &&
    v.format === 1 &&
    Number.isInteger(v.seed) &&
    isStringList(v.names) &&
    v.names.length === state.dim &&
    typeof v.distributions === "object" &&
    v.distributions !== null &&
    isNumberList(v.proposed) &&
    isNumberList(v.fedBy);
  if (!valid) {
    throw new StorageError(
      `CmaEsSampler: study "${studyName}" holds a "${CMAES_STATE_KEY}" record this version cannot read: ${JSON.stringify(value).slice(0, 200)}. It was written by another sampler or a newer tunekit; use a new study.`,
      { name: CMAES_STATE_KEY },
    );
  }
  return { ...(v as unknown as CmaEsRecord), state, restarts };
}

function isStringList(x: JsonValue | undefined): x is string[] {
  return Array.isArray(x) && x.every((e) => typeof e === "string");
}

function isNumberList(x: JsonValue | undefined): x is number[] {
  return Array.isArray(x) && x.every((e) => Number.isInteger(e));
}
