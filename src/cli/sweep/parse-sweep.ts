import { FieldReader, isRawMap, received } from "./field-reader.js";
import { readSweep } from "./read-sweep.js";
import type { Sweep } from "./sweep.js";
import { parseYamlSource } from "./yaml-source.js";

const EXAMPLE = [
  `command: python train.py --lr \${lr}`,
  "metric: val_loss",
  "parameters:",
  "  lr: {type: float, low: 1.0e-5, high: 0.1, log: true}",
].join("\n");

/**
 * Validates a sweep file's text and returns it normalized, defaults applied. `file` names the file in
 * issues, and its base name without .yaml/.yml is the study name when the file gives none. Throws a
 * `SweepError` listing every issue with its line and column.
 * @example
 * const sweep = parseSweep(await readFile("lr.yaml", "utf8"), "lr.yaml");
 * sweep.study; // "lr" unless the file sets study:
 */
export function parseSweep(text: string, file: string): Sweep {
  const { data, issues } = parseYamlSource(text, file);
  issues.throwIfAny();
  const reader = new FieldReader(issues);
  let sweep: Sweep | undefined;
  if (data === undefined || data === null) {
    reader.fail([], `the file is empty, but a sweep is a map of settings, such as:\n${EXAMPLE}`);
  } else if (!isRawMap(data)) {
    reader.fail([], `a sweep must be a map of settings (key: value), but the file ${received(data)}.`);
  } else {
    sweep = readSweep(reader, data, studyNameOf(file));
  }
  issues.throwIfAny();
  return sweep as Sweep;
}

/**
 * The default study name of a sweep file: its base name without `.yaml` or `.yml`.
 * @example
 * studyNameOf("sweeps/lr-sweep.yaml"); // "lr-sweep"
 */
export function studyNameOf(file: string): string {
  const base = /[^/\\]*$/.exec(file)?.[0] ?? file;
  return base.replace(/\.ya?ml$/i, "");
}
