import { InvalidArgumentError } from "../errors.js";
import { checkOptionKeys, type KnownKeys } from "../options/option-keys.js";
import type { Study } from "../study/study.js";
import type { TrialState } from "../trial/frozen-trial.js";
import { trialsToJson } from "./trials-json.js";
import { type TrialsCsvOptions, trialsToCsv } from "./trials-to-csv.js";

/** The formats {@link exportStudy} writes. */
export const EXPORT_FORMATS = ["csv", "json"] as const;

/** One of {@link EXPORT_FORMATS}. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Options of {@link exportStudy}. */
export interface ExportStudyOptions {
  readonly study: Study;
  readonly format: ExportFormat;
  /** Only trials in these states; all by default. */
  readonly states?: readonly TrialState[];
  /** Column choice and formula escaping of the CSV (directions and metric names come from the study). */
  readonly csv?: Omit<TrialsCsvOptions, "directions" | "metricNames">;
}

/** The keys of {@link ExportStudyOptions}, checked at runtime (JavaScript callers have no types). */
const EXPORT_STUDY_KEYS = {
  study: true,
  format: true,
  states: true,
  csv: true,
} satisfies KnownKeys<ExportStudyOptions>;

/**
 * Refreshes the study from its storage and returns its trials, in number order, as CSV
 * ({@link trialsToCsv}) or as a JSON document ({@link trialsToJson}) with the study's current name,
 * directions, metric names and user attributes.
 * @example
 * const csv = await exportStudy({ study, format: "csv", states: ["COMPLETE"] });
 */
export async function exportStudy(options: ExportStudyOptions): Promise<string> {
  checkOptionKeys("exportStudy()", options, EXPORT_STUDY_KEYS);
  const { study, format } = options;
  if (!EXPORT_FORMATS.includes(format)) {
    throw new InvalidArgumentError(
      `exportStudy(): format must be one of ${EXPORT_FORMATS.map((f) => `"${f}"`).join(", ")}, but got ${JSON.stringify(format)}.`,
      { name: "format", value: format },
    );
  }
  const trials = await study.getTrials(options.states === undefined ? {} : { states: options.states });
  if (format === "csv") {
    return trialsToCsv(trials, {
      ...options.csv,
      directions: study.directions,
      metricNames: study.metricNames,
    });
  }
  // The study object's record is as this process last wrote it; another process may have set attributes.
  const record = (await study.storage.getStudy(study.studyName)) ?? study.studyRecord;
  return trialsToJson(trials, { study: record });
}
