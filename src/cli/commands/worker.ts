import { resolve } from "node:path";
import { loadStudy, log, openStorage, redactStorageUrl, StudyNotFoundError } from "../../index.js";
import { type RunFlags, reportRun, runSweep, timeoutFlag } from "../run-sweep.js";
import { storageUrl } from "../storage-option.js";
import { storedSweep } from "../sweep-study.js";
import { logToStderr } from "../terminal.js";

/** Options of `tunekit worker`. */
export interface WorkerOptions extends RunFlags {
  readonly study: string;
  readonly storage?: string;
  /** The folder the sweep's `workdir` and `logs` are relative to; default the current one. */
  readonly workdir?: string;
}

/**
 * `tunekit worker --study NAME --storage URL`: joins a study started by `tunekit run` (possibly on
 * another machine) and runs the sweep stored with it, sharing its budget with every other worker.
 */
export async function workerCommand(options: WorkerOptions): Promise<number> {
  logToStderr();
  timeoutFlag(options);
  const url = storageUrl(options.storage);
  const storage = await openStorage(url);
  try {
    const record = await storage.getStudy(options.study);
    if (record === null) {
      const names = (await storage.listStudies()).map((s) => `"${s.study.name}"`);
      throw new StudyNotFoundError(
        `No study named "${options.study}" in ${redactStorageUrl(url)} (studies: ${names.length === 0 ? "none" : names.join(", ")}). Start it with \`tunekit run sweep.yaml --storage ${redactStorageUrl(url)}\` first.`,
        { name: options.study },
      );
    }
    const sweep = storedSweep(record);
    const study = await loadStudy({ studyName: options.study, storage });
    log(
      "info",
      `Worker joined study "${study.studyName}" in ${redactStorageUrl(url)} (${study.trials.length} trials so far).`,
    );
    const summary = await runSweep({
      study,
      sweep,
      baseDir: resolve(options.workdir ?? "."),
      flags: options,
    });
    return reportRun(summary, { metrics: sweep.metrics, storage: redactStorageUrl(url), json: options.json });
  } finally {
    await storage.close();
  }
}
