import { readFile } from "node:fs/promises";
import { SweepError } from "../../core.js";
import { sentence } from "../sentence.js";
import { parseSweep } from "./parse-sweep.js";
import type { Sweep } from "./sweep.js";

/**
 * Reads and validates a sweep file (see {@link parseSweep}); the study name defaults to the file's base
 * name. A file that cannot be read is a `SweepError` too, so the command line reports both the same way.
 * @example
 * const sweep = await loadSweepFile("sweep.yaml");
 */
export async function loadSweepFile(path: string): Promise<Sweep> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new SweepError([
      {
        file: path,
        line: null,
        column: null,
        path: "",
        message: sentence(`cannot read the sweep file: ${reason}`),
      },
    ]);
  }
  return parseSweep(text, path);
}
