import { InvalidArgumentError } from "../errors.js";
import type { Direction, FrozenTrial } from "../trial/frozen-trial.js";
import { csvField, csvNumber, csvText } from "./csv-field.js";

/**
 * The column groups of a trials CSV, in their default order. `values` is one column `value`, or one
 * `values_<metric name or index>` per objective; `params`, `user_attrs` and `constraints` are one
 * column per name seen in any trial, in order of first appearance.
 */
export const CSV_COLUMN_GROUPS = [
  "number",
  "state",
  "values",
  "datetime_start",
  "datetime_complete",
  "duration",
  "params",
  "user_attrs",
  "constraints",
  "fail_reason",
  "worker_id",
] as const;

/** One of {@link CSV_COLUMN_GROUPS}. */
export type CsvColumnGroup = (typeof CSV_COLUMN_GROUPS)[number];

/** Options of {@link trialsToCsv}. */
export interface TrialsCsvOptions {
  /** The study's directions; their count sets the value columns. Defaults to the longest `values` seen. */
  readonly directions?: readonly Direction[];
  /** Objective names for the `values_<name>` columns of a multi-objective study (else `values_0`, ...). */
  readonly metricNames?: readonly string[] | null;
  /** The column groups to write, in this order. Defaults to all of {@link CSV_COLUMN_GROUPS}. */
  readonly columns?: readonly CsvColumnGroup[];
  /**
   * Prefix string cells starting with `=`, `+`, `-`, `@`, a tab or a CR with `'` so spreadsheets do not
   * run them as formulas (CSV injection). Numbers are never prefixed. Default true; turn off when the
   * file is read only by programs (pandas, R) and the strings must stay exact.
   */
  readonly escapeFormulas?: boolean;
}

interface Column {
  readonly header: string;
  readonly cell: (trial: FrozenTrial) => string;
}

/**
 * The trials as CSV text (RFC 4180: comma-separated, CRLF line ends, a header row, fields quoted when
 * they hold a comma, quote or line break), one row per trial in the given order. Columns: `number`,
 * `state`, `value` (or `values_<name>` per objective), `datetime_start` and `datetime_complete` (ISO
 * 8601, UTC), `duration_s`, `params_<name>`, `user_attrs_<key>`, `constraints_<name>`, `fail_reason`
 * (`code: message`) and `worker_id`. Missing values (a parameter a conditional trial never suggested, a
 * trial not finished) are empty; NaN and ±Infinity are written `NaN`, `inf`, `-inf`; attribute objects
 * as JSON. See {@link TrialsCsvOptions.escapeFormulas} for the guard against formula injection.
 * @example
 * const csv = trialsToCsv(study.trials, { directions: study.directions, metricNames: study.metricNames });
 */
export function trialsToCsv(trials: readonly FrozenTrial[], options: TrialsCsvOptions = {}): string {
  const guard = options.escapeFormulas ?? true;
  const columns = (options.columns ?? CSV_COLUMN_GROUPS).flatMap((group) =>
    groupColumns(group, trials, options, guard),
  );
  const lines = [columns.map((c) => csvField(c.header)).join(",")];
  for (const trial of trials) lines.push(columns.map((c) => csvField(c.cell(trial))).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

function groupColumns(
  group: CsvColumnGroup,
  trials: readonly FrozenTrial[],
  options: TrialsCsvOptions,
  guard: boolean,
): Column[] {
  switch (group) {
    case "number":
      return [{ header: "number", cell: (t) => String(t.number) }];
    case "state":
      return [{ header: "state", cell: (t) => t.state }];
    case "values":
      return valueColumns(trials, options);
    case "datetime_start":
      return [{ header: "datetime_start", cell: (t) => isoTime(t.startedAt) }];
    case "datetime_complete":
      return [{ header: "datetime_complete", cell: (t) => isoTime(t.completedAt) }];
    case "duration":
      return [{ header: "duration_s", cell: durationSeconds }];
    case "params":
      return keyColumns(trials, "params", (t) => t.params, guard);
    case "user_attrs":
      return keyColumns(trials, "user_attrs", (t) => t.userAttrs, guard);
    case "constraints":
      return keyColumns(trials, "constraints", (t) => t.constraints, guard);
    case "fail_reason":
      return [{ header: "fail_reason", cell: (t) => failReasonText(t, guard) }];
    case "worker_id":
      return [{ header: "worker_id", cell: (t) => csvText(t.workerId, guard) }];
    default:
      throw new InvalidArgumentError(
        `trialsToCsv(): unknown column group ${JSON.stringify(group)}. Use some of ${CSV_COLUMN_GROUPS.join(", ")}.`,
        { name: "columns", value: group },
      );
  }
}

function valueColumns(trials: readonly FrozenTrial[], options: TrialsCsvOptions): Column[] {
  const names = options.metricNames ?? null;
  let count = options.directions?.length ?? names?.length ?? 0;
  if (options.directions === undefined && names === null) {
    for (const t of trials) count = Math.max(count, t.values?.length ?? 0);
  }
  if (names !== null && names.length !== count) {
    throw new InvalidArgumentError(
      `trialsToCsv(): metricNames needs one name per objective (${count}), but got ${JSON.stringify(names)}.`,
      { name: "metricNames", value: names },
    );
  }
  const value = (k: number) => (t: FrozenTrial) => {
    const v = t.values?.[k];
    return v === undefined ? "" : csvNumber(v);
  };
  if (count <= 1) return [{ header: "value", cell: value(0) }];
  return Array.from({ length: count }, (_, k) => ({
    header: `values_${names?.[k] ?? k}`,
    cell: value(k),
  }));
}

/** One column per key of `field` seen in any trial, in order of first appearance. */
function keyColumns(
  trials: readonly FrozenTrial[],
  prefix: string,
  field: (t: FrozenTrial) => Readonly<Record<string, unknown>>,
  guard: boolean,
): Column[] {
  const keys = new Set<string>();
  for (const t of trials) for (const key of Object.keys(field(t))) keys.add(key);
  return [...keys].map((key) => ({
    header: `${prefix}_${key}`,
    cell: (t: FrozenTrial) => {
      const map = field(t);
      return Object.hasOwn(map, key) ? csvText(map[key], guard) : "";
    },
  }));
}

function isoTime(ms: number | null): string {
  return ms === null ? "" : new Date(ms).toISOString();
}

function durationSeconds(t: FrozenTrial): string {
  return t.startedAt === null || t.completedAt === null
    ? ""
    : csvNumber((t.completedAt - t.startedAt) / 1000);
}

function failReasonText(t: FrozenTrial, guard: boolean): string {
  return t.failReason === null ? "" : csvText(`${t.failReason.code}: ${t.failReason.message}`, guard);
}
