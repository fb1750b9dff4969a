import { openStorage, type StudySummary } from "../../index.js";
import { storageUrl } from "../storage-option.js";
import { formatNumber, formatTime, printJson, printLines, table } from "../terminal.js";

/**
 * `tunekit studies`: every study in the storage with its objectives, trial counts by state, best value
 * and last activity.
 */
export async function studiesCommand(options: {
  readonly storage?: string;
  readonly json?: boolean;
}): Promise<number> {
  const storage = await openStorage(storageUrl(options.storage), { readOnly: true });
  try {
    const studies = await storage.listStudies();
    if (options.json) {
      printJson(studies.map(studyJson));
      return 0;
    }
    if (studies.length === 0) {
      printLines(["No studies in this storage yet. Start one with `tunekit run sweep.yaml`."]);
      return 0;
    }
    printLines(
      table(
        [
          "study",
          "objectives",
          "complete",
          "pruned",
          "failed",
          "running",
          "waiting",
          "best",
          "last activity",
        ],
        studies.map((s) => [
          s.study.name,
          objectives(s),
          String(s.trialCounts.COMPLETE),
          String(s.trialCounts.PRUNED),
          String(s.trialCounts.FAIL + s.trialCounts.STALE),
          String(s.trialCounts.RUNNING),
          String(s.trialCounts.WAITING),
          formatNumber(s.bestValue),
          formatTime(s.study.lastActivity),
        ]),
      ),
    );
    return 0;
  } finally {
    await storage.close();
  }
}

function objectives(s: StudySummary): string {
  const names = s.study.metricNames;
  return s.study.directions.map((d, i) => `${d} ${names?.[i] ?? `value ${i}`}`).join(", ");
}

function studyJson(s: StudySummary) {
  return {
    name: s.study.name,
    directions: s.study.directions,
    metricNames: s.study.metricNames,
    trialCounts: s.trialCounts,
    bestValue: s.bestValue,
    createdAt: new Date(s.study.createdAt).toISOString(),
    lastActivity: new Date(s.study.lastActivity).toISOString(),
  };
}
