import cliProgress from "cli-progress";
import pc from "picocolors";
import {
  countsTowardMax,
  formatSeconds,
  getLogSink,
  type ParamValue,
  type SearchBudget,
  type Study,
  searchBudget,
  setLogSink,
} from "../index.js";
import { formatNumber, logLine } from "./terminal.js";

/** Draws progress while a sweep runs; `stop` leaves the terminal as it was, every log line printed. */
export interface LiveView {
  update(): void;
  stop(): void;
}

/** What the live line shows. */
export interface LiveStats {
  /** The study's budget: the very count the run's summary prints at the end. */
  readonly budget: SearchBudget;
  /** Trials that count toward `budget.trials` of the sweep. */
  readonly used: number;
  readonly budgetTrials: number | null;
  readonly best: {
    readonly value: number;
    readonly number: number;
    readonly params: Readonly<Record<string, ParamValue>>;
  } | null;
  readonly elapsedSeconds: number;
  readonly timeoutSeconds: number | null;
}

const BAR_SIZE = 24;
/** Below this many columns there is no bar: the numbers need the room. */
const BAR_MIN_COLUMNS = 60;
/** Params get shown only with at least this much room; less would say nothing. */
const PARAMS_MIN = 12;
const SEPARATOR = " · ";

/**
 * The live view of `tunekit run` on a terminal: a bar over the study's trial budget (when it has one),
 * then the study's trials by state (the same count as the summary at the end), the best value with its
 * parameters, elapsed and remaining time and trials. Log lines (one per finished trial, and the
 * acknowledgement of Ctrl-C) print above it. Off a terminal there is no bar: the per-trial log lines are
 * the view.
 * @example
 * const view = liveView({ study, budgetTrials: 100, timeoutSeconds: null });
 */
export function liveView(args: {
  readonly study: Study;
  readonly budgetTrials: number | null;
  readonly timeoutSeconds: number | null;
}): LiveView {
  if (!process.stderr.isTTY) return { update() {}, stop() {} };
  const { study, budgetTrials, timeoutSeconds } = args;
  const startedAt = Date.now();
  let stats = liveStats(study, budgetTrials, timeoutSeconds, 0);
  const multibar = new cliProgress.MultiBar({
    stream: process.stderr,
    hideCursor: true,
    clearOnComplete: false,
    // Its own SIGINT handler would stop the bar at the first Ctrl-C and swallow every later log line,
    // the acknowledgement of that Ctrl-C included; runSweep handles the signals.
    gracefulExit: false,
    fps: 5,
    barsize: BAR_SIZE,
    format: (_options, params) => {
      const columns = (process.stderr.columns ?? 80) - 1;
      if (budgetTrials === null || columns < BAR_MIN_COLUMNS) return liveLine(stats, columns);
      const filled = Math.round(BAR_SIZE * Math.min(1, params.progress));
      const bar = `${pc.cyan("█".repeat(filled))}${"░".repeat(BAR_SIZE - filled)} `;
      return `${bar}${liveLine(stats, columns - BAR_SIZE - 1)}`;
    },
  });
  const bar = multibar.create(budgetTrials ?? 1, 0);
  const previousSink = getLogSink();
  setLogSink((level, message) => multibar.log(`${logLine(level, message)}\n`));
  const timer = setInterval(() => view.update(), 500);
  timer.unref();
  const view: LiveView = {
    update() {
      stats = liveStats(study, budgetTrials, timeoutSeconds, (Date.now() - startedAt) / 1000);
      bar.setTotal(budgetTrials ?? 1);
      bar.update(budgetTrials === null ? 0 : Math.min(stats.used, budgetTrials));
    },
    stop() {
      clearInterval(timer);
      view.update();
      // Prints the log lines still buffered (multibar.stop() would drop them), then the last line.
      multibar.update();
      multibar.stop();
      setLogSink(previousSink);
    },
  };
  return view;
}

function liveStats(
  study: Study,
  budgetTrials: number | null,
  timeoutSeconds: number | null,
  elapsedSeconds: number,
): LiveStats {
  const trials = study.trials;
  return {
    budget: searchBudget(trials),
    used: trials.filter(countsTowardMax).length,
    budgetTrials,
    best: bestOf(study),
    elapsedSeconds,
    timeoutSeconds,
  };
}

function bestOf(study: Study): LiveStats["best"] {
  if (study.directions.length !== 1 || study.trials.length === 0) return null;
  try {
    const best = study.bestTrial;
    const value = best.values?.[0];
    return value === undefined ? null : { value, number: best.number, params: best.params };
  } catch {
    return null;
  }
}

/**
 * The live line's text in at most `width` columns. What does not fit goes in this order: the
 * parameters of the best trial are shortened (then left out), then elapsed and remaining time, running,
 * pruned and complete counts, waiting, failed; the trials used and the best value are never cut.
 * @example
 * liveLine(stats, 60); // "12/50 trials · 1 failed · best 0.0312 (#9) lr=0.01 opt=a…"
 */
export function liveLine(stats: LiveStats, width: number): string {
  const { budget, used, budgetTrials, best } = stats;
  const parts: { text: string; drop: number }[] = [
    { text: budgetTrials === null ? `${used} trials` : `${used}/${budgetTrials} trials`, drop: 99 },
    { text: `${budget.complete} complete`, drop: 4 },
    { text: `${budget.running} running`, drop: 2 },
    { text: `${budget.pruned} pruned`, drop: 3 },
    { text: `${budget.failed} failed`, drop: 6 },
    { text: budget.waiting > 0 ? `${budget.waiting} waiting` : "", drop: 5 },
    { text: best === null ? "" : `best ${formatNumber(best.value)} (#${best.number})`, drop: 99 },
    { text: `${formatSeconds(stats.elapsedSeconds)} elapsed`, drop: 0 },
    { text: remainingText(stats), drop: 1 },
  ].filter((p) => p.text !== "");
  const length = () => parts.reduce((n, p) => n + p.text.length, 0) + SEPARATOR.length * (parts.length - 1);
  while (length() > width) {
    const droppable = parts.filter((p) => p.drop < 99);
    if (droppable.length === 0) break;
    const first = droppable.reduce((a, b) => (b.drop < a.drop ? b : a));
    parts.splice(parts.indexOf(first), 1);
  }
  const room = width - length() - 1;
  const params = best === null ? "" : paramsText(best.params);
  const bestPart = parts.find((p) => p.text.startsWith("best "));
  if (bestPart !== undefined && params !== "" && room >= Math.min(PARAMS_MIN, params.length)) {
    bestPart.text += ` ${params.length <= room ? params : `${params.slice(0, room - 1)}…`}`;
  }
  return parts.map((p) => p.text).join(SEPARATOR);
}

function paramsText(params: Readonly<Record<string, ParamValue>>): string {
  return Object.entries(params)
    .map(([name, value]) => `${name}=${typeof value === "number" ? formatNumber(value) : String(value)}`)
    .join(" ");
}

function remainingText(stats: LiveStats): string {
  const parts: string[] = [];
  if (stats.budgetTrials !== null) {
    const left = Math.max(0, stats.budgetTrials - stats.used);
    parts.push(`${left} ${left === 1 ? "trial" : "trials"}`);
  }
  if (stats.timeoutSeconds !== null) {
    parts.push(formatSeconds(Math.max(0, stats.timeoutSeconds - stats.elapsedSeconds)));
  }
  return parts.length === 0 ? "" : `remaining ${parts.join(", ")}`;
}
