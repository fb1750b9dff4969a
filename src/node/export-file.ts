import { writeFile } from "node:fs/promises";
import { extname } from "node:path";
import { InvalidArgumentError } from "../errors.js";
import {
  EXPORT_FORMATS,
  type ExportFormat,
  type ExportStudyOptions,
  exportStudy,
} from "../export/export-study.js";

/** Options of {@link exportStudyToFile}. */
export interface ExportStudyToFileOptions extends Omit<ExportStudyOptions, "format"> {
  /** The file to write (replaced when it exists). */
  readonly path: string;
  /** Defaults to the path's extension, `.csv` or `.json`. */
  readonly format?: ExportFormat;
}

/**
 * Refreshes the study and writes its trials to a UTF-8 file as CSV or JSON (see `exportStudy`).
 * @example
 * await exportStudyToFile({ study, path: "trials.csv" });
 */
export async function exportStudyToFile(options: ExportStudyToFileOptions): Promise<void> {
  const { path, format = formatOf(path), ...rest } = options;
  await writeFile(path, await exportStudy({ ...rest, format }), "utf8");
}

function formatOf(path: string): ExportFormat {
  const ext = extname(path).slice(1).toLowerCase();
  if ((EXPORT_FORMATS as readonly string[]).includes(ext)) return ext as ExportFormat;
  throw new InvalidArgumentError(
    `exportStudyToFile(): cannot tell the format from "${path}"; the extension must be .csv or .json. Pass format: "csv" or "json".`,
    { name: "path", value: path },
  );
}
