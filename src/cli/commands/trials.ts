import {
  InvalidArgumentError,
  loadStudy,
  openStorage,
  TRIAL_STATES,
  type TrialState,
  trialsToCsv,
  trialsToJson,
} from "../../index.js";
import { storageUrl } from "../storage-option.js";
import { formatNumber, formatTime, printLines, table } from "../terminal.js";

/** The output formats of `tunekit trials`. */
export const TRIALS_FORMATS = ["table", "csv", "json"] as const;

/**
 * `tunekit trials --study NAME`: the study's trials as a table, CSV or JSON (the same documents as
 * `exportStudy`), optionally only some states.
 */
export async function trialsCommand(options: {
  readonly study: string;
  readonly storage?: string;
  readonly format?: string;
  readonly state?: string;
  readonly json?: boolean;
}): Promise<number> {
  const format = options.json ? "json" : (options.format ?? "table");
  if (!(TRIALS_FORMATS as readonly string[]).includes(format)) {
    throw new InvalidArgumentError(
      `--format must be one of ${TRIALS_FORMATS.join(", ")}, but got "${format}".`,
    );
  }
  const states = parseStates(options.state);
  const storage = await openStorage(storageUrl(options.storage), { readOnly: true });
  try {
    const study = await loadStudy({ studyName: options.study, storage });
    const trials = study.trials.filter((t) => states === null || states.includes(t.state));
    if (format === "csv") {
      process.stdout.write(
        trialsToCsv(trials, { directions: study.directions, metricNames: study.metricNames }),
      );
    } else if (format === "json") {
      const record = study.studyRecord;
      process.stdout.write(
        `${trialsToJson(trials, {
          study: {
            name: record.name,
            directions: record.directions,
            metricNames: record.metricNames,
            userAttrs: record.userAttrs,
          },
        })}\n`,
      );
    } else {
      const metrics = study.metricNames ?? study.directions.map((_, i) => `value ${i}`);
      printLines(
        table(
          ["#", "state", ...metrics, "params", "duration", "started", "note"],
          trials.map((t) => [
            String(t.number),
            t.state,
            ...metrics.map((_, i) => formatNumber(t.values?.[i])),
            JSON.stringify(t.params),
            t.startedAt !== null && t.completedAt !== null
              ? `${((t.completedAt - t.startedAt) / 1000).toFixed(1)} s`
              : "-",
            formatTime(t.startedAt),
            t.failReason === null ? "" : `${t.failReason.code}: ${t.failReason.message}`.slice(0, 80),
          ]),
        ),
      );
    }
    return 0;
  } finally {
    await storage.close();
  }
}

function parseStates(text: string | undefined): TrialState[] | null {
  if (text === undefined) return null;
  const states = text.split(",").map((s) => s.trim().toUpperCase());
  for (const s of states) {
    if (!(TRIAL_STATES as readonly string[]).includes(s)) {
      throw new InvalidArgumentError(
        `--state: "${s}" is not a trial state; use ${TRIAL_STATES.join(", ")} (comma-separated).`,
      );
    }
  }
  return states as TrialState[];
}
