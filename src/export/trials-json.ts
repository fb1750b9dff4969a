import { InvalidArgumentError } from "../errors.js";
import { decodeJson, encodeJson } from "../storage/sql/json-codec.js";
import {
  type Direction,
  type FrozenTrial,
  type JsonValue,
  TRIAL_STATES,
  type TrialState,
} from "../trial/frozen-trial.js";

/** The `format` tag of a trials JSON document. */
export const TRIALS_JSON_FORMAT = "tunekit-trials";
/** The version of the trials JSON document this tunekit writes and reads. */
export const TRIALS_JSON_VERSION = 1;

/** The study a trials JSON document describes. */
export interface TrialsJsonStudy {
  readonly name: string;
  readonly directions: readonly Direction[];
  readonly metricNames?: readonly string[] | null;
  readonly userAttrs?: Readonly<Record<string, JsonValue>>;
}

/** A parsed trials JSON document; every part is deeply frozen. */
export interface TrialsJson {
  readonly format: typeof TRIALS_JSON_FORMAT;
  readonly version: typeof TRIALS_JSON_VERSION;
  readonly study: Required<TrialsJsonStudy>;
  readonly trials: readonly FrozenTrial[];
}

/**
 * The trials as a JSON document `{ format: "tunekit-trials", version: 1, study, trials }`, each trial the
 * whole {@link FrozenTrial} record (times in milliseconds since the epoch), so {@link parseTrialsJson}
 * gives back records equal to these. NaN and ±Infinity, which plain JSON cannot hold, are written
 * `{"$nonfinite":"NaN"}` (or `"Infinity"`, `"-Infinity"`), as the SQL storages store them.
 * @example
 * const text = trialsToJson(study.trials, { study: study.studyRecord });
 */
export function trialsToJson(
  trials: readonly FrozenTrial[],
  options: { readonly study: TrialsJsonStudy },
): string {
  const { name, directions, metricNames, userAttrs } = options.study;
  return encodeJson({
    format: TRIALS_JSON_FORMAT,
    version: TRIALS_JSON_VERSION,
    study: { name, directions, metricNames: metricNames ?? null, userAttrs: userAttrs ?? {} },
    trials,
  });
}

/**
 * Reads a document written by {@link trialsToJson}. Throws `InvalidArgumentError` when the text is not
 * JSON, not a tunekit trials document, of another version, or its study or trials are malformed.
 * @example
 * const { study, trials } = parseTrialsJson(await readFile("trials.json", "utf8"));
 */
export function parseTrialsJson(text: string): TrialsJson {
  let doc: unknown;
  try {
    doc = decodeJson<unknown>(text);
  } catch (error) {
    throw invalid(`the text is not JSON (${(error as Error).message})`, "text", undefined, error);
  }
  if (!isObject(doc) || doc.format !== TRIALS_JSON_FORMAT) {
    const got = isObject(doc) ? JSON.stringify(doc.format) : "no object";
    throw invalid(
      `format must be "${TRIALS_JSON_FORMAT}", but got ${got}. Pass a file written by trialsToJson or exportStudy`,
      "format",
      isObject(doc) ? doc.format : doc,
    );
  }
  if (doc.version !== TRIALS_JSON_VERSION) {
    const newer = typeof doc.version === "number" && doc.version > TRIALS_JSON_VERSION;
    throw invalid(
      `version must be ${TRIALS_JSON_VERSION}, but got ${JSON.stringify(doc.version)}. ${newer ? "It was written by a newer tunekit; upgrade tunekit to read it" : "Export the study again with this tunekit"}`,
      "version",
      doc.version,
    );
  }
  checkStudy(doc.study);
  if (!Array.isArray(doc.trials)) throw invalid("trials must be an array", "trials", doc.trials);
  doc.trials.forEach(checkTrial);
  return doc as unknown as TrialsJson;
}

function checkStudy(study: unknown): asserts study is Required<TrialsJsonStudy> {
  const ok =
    isObject(study) &&
    typeof study.name === "string" &&
    Array.isArray(study.directions) &&
    study.directions.every((d) => d === "minimize" || d === "maximize") &&
    (study.metricNames === null || isStringArray(study.metricNames)) &&
    isObject(study.userAttrs);
  if (!ok) {
    throw invalid(
      'study must be { name: string, directions: ("minimize" | "maximize")[], metricNames: string[] | null, userAttrs: object }',
      "study",
      study,
    );
  }
}

/** Checks the fields readers branch on; the rest is kept as written. */
function checkTrial(trial: unknown, index: number): void {
  const ok =
    isObject(trial) &&
    Number.isInteger(trial.number) &&
    (trial.number as number) >= 0 &&
    TRIAL_STATES.includes(trial.state as TrialState) &&
    (trial.values === null ||
      (Array.isArray(trial.values) && trial.values.every((v) => typeof v === "number"))) &&
    ["params", "distributions", "intermediateValues", "constraints", "userAttrs", "systemAttrs"].every((k) =>
      isObject(trial[k]),
    );
  if (!ok) {
    throw invalid(
      `trials[${index}] must be a trial record with an integer number ≥ 0, a state among ${TRIAL_STATES.join(", ")}, values (numbers or null) and object params, distributions, intermediateValues, constraints, userAttrs and systemAttrs`,
      `trials[${index}]`,
      trial,
    );
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function isStringArray(value: unknown): boolean {
  return Array.isArray(value) && value.every((v) => typeof v === "string");
}

function invalid(what: string, name: string, value: unknown, cause?: unknown): InvalidArgumentError {
  return new InvalidArgumentError(`parseTrialsJson(): ${what}.`, { name, value, cause });
}
