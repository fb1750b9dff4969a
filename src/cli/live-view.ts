import cliProgress from "cli-progress";
import pc from "picocolors";
import {
  countsTowardMax,
  type FrozenTrial,
  formatSeconds,
  getLogSink,
  type Study,
  setLogSink,
} from "../index.js";
import { formatNumber, logLine } from "./terminal.js";

/** What one run has done so far, for the live view. */
export interface RunCounts {
  done: number;
  pruned: number;
  failed: number;
}

/** Draws progress while a sweep runs; `stop` leaves the terminal as it was. */
export interface LiveView {
  update(): void;
  stop(): void;
}

/**
 * The live view of `tunekit run` on a terminal: a bar over the study's trial budget (when it has one),
 * then done / running / pruned / failed, the best value so far, elapsed and remaining time and trials.
 * Log lines (one per finished trial) print above it. Off a terminal there is no bar: the per-trial log
 * lines are the view.
 * @example
 * const view = liveView({ study, counts, running: () => 0, budgetTrials: 100, timeoutSeconds: null });
 */
export function liveView(args: {
  readonly study: Study;
  readonly counts: RunCounts;
  /** Trials of this run whose program is running now. */
  readonly running: () => number;
  readonly budgetTrials: number | null;
  readonly timeoutSeconds: number | null;
}): LiveView {
  if (!process.stderr.isTTY) return { update() {}, stop() {} };
  const { study, counts, running, budgetTrials, timeoutSeconds } = args;
  const startedAt = Date.now();
  const multibar = new cliProgress.MultiBar({
    stream: process.stderr,
    hideCursor: true,
    clearOnComplete: false,
    fps: 5,
    barsize: 24,
    format: (options, params, payload: { text: string }) => {
      if (budgetTrials === null) return payload.text;
      const filled = Math.round((options.barsize ?? 24) * Math.min(1, params.progress));
      return `${pc.cyan("█".repeat(filled))}${"░".repeat((options.barsize ?? 24) - filled)} ${payload.text}`;
    },
  });
  const bar = multibar.create(budgetTrials ?? 1, 0, { text: "" });
  const previousSink = getLogSink();
  setLogSink((level, message) => multibar.log(`${logLine(level, message)}\n`));
  const timer = setInterval(() => view.update(), 500);
  timer.unref();
  const view: LiveView = {
    update() {
      const trials = study.trials;
      const used = trials.filter(countsTowardMax).length;
      const elapsed = (Date.now() - startedAt) / 1000;
      const parts = [
        budgetTrials === null ? `${used} trials` : `${used}/${budgetTrials} trials`,
        `${counts.done} done`,
        `${running()} running`,
        `${counts.pruned} pruned`,
        `${counts.failed} failed`,
        bestText(study, trials),
        `${formatSeconds(elapsed)} elapsed`,
        remainingText(budgetTrials, used, timeoutSeconds, elapsed),
      ].filter((p) => p !== "");
      bar.setTotal(budgetTrials ?? 1);
      bar.update(budgetTrials === null ? 0 : Math.min(used, budgetTrials), { text: parts.join(" · ") });
    },
    stop() {
      clearInterval(timer);
      view.update();
      multibar.stop();
      setLogSink(previousSink);
    },
  };
  return view;
}

function bestText(study: Study, trials: readonly FrozenTrial[]): string {
  if (study.directions.length !== 1 || trials.length === 0) return "";
  try {
    const best = study.bestTrial;
    return `best ${formatNumber(best.values?.[0])} (#${best.number})`;
  } catch {
    return "";
  }
}

function remainingText(
  budgetTrials: number | null,
  used: number,
  timeoutSeconds: number | null,
  elapsed: number,
): string {
  const parts: string[] = [];
  if (budgetTrials !== null) {
    const left = Math.max(0, budgetTrials - used);
    parts.push(`${left} ${left === 1 ? "trial" : "trials"}`);
  }
  if (timeoutSeconds !== null) parts.push(formatSeconds(Math.max(0, timeoutSeconds - elapsed)));
  return parts.length === 0 ? "" : `remaining ${parts.join(", ")}`;
}
