import { dirname, resolve } from "node:path";
import { log, openStorage, redactStorageUrl } from "../../index.js";
import { type RunFlags, reportRun, runSweep, timeoutFlag } from "../run-sweep.js";
import { storageUrl } from "../storage-option.js";
import { loadSweepFile } from "../sweep/index.js";
import { openSweepStudy } from "../sweep-study.js";
import { logToStderr } from "../terminal.js";

/** Options of `tunekit run`. */
export interface RunOptions extends RunFlags {
  readonly storage?: string;
  readonly study?: string;
  readonly newStudy?: boolean;
}

/**
 * `tunekit run sweep.yaml`: validates the sweep (its `workdir` and `logs` are relative to the file's folder), creates its study (or continues it, applying compatible
 * changes) and runs trials until the budget is spent. Exit code: 0, 1 when stopped by failures, 130 after
 * Ctrl-C.
 */
export async function runCommand(file: string, options: RunOptions): Promise<number> {
  logToStderr();
  timeoutFlag(options);
  const loaded = await loadSweepFile(file);
  const sweep = options.study === undefined ? loaded : { ...loaded, study: options.study };
  const url = storageUrl(options.storage, sweep.storage);
  const storage = await openStorage(url);
  try {
    const opened = await openSweepStudy({ sweep, storage, newStudy: options.newStudy === true, file });
    log(
      "info",
      `${opened.created ? "Created" : "Continuing"} study "${opened.study.studyName}" in ${redactStorageUrl(url)}` +
        `${opened.created ? "" : ` (${opened.study.trials.length} trials so far)`}.`,
    );
    const summary = await runSweep({
      study: opened.study,
      sweep: opened.sweep,
      baseDir: dirname(resolve(file)),
      flags: options,
    });
    return reportRun(summary, {
      metrics: opened.sweep.metrics,
      storage: redactStorageUrl(url),
      json: options.json,
    });
  } finally {
    await storage.close();
  }
}
