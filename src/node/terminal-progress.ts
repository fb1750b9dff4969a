import { getLogSink, type LogSink, setLogSink } from "../logging/logger.js";
import { formatProgress, type ProgressReporter, type ProgressSnapshot } from "../progress/progress.js";

/** The subset of a TTY stream the bar writes to. */
export interface BarStream {
  write(text: string): unknown;
  readonly columns?: number;
}

const WIDTH = 24;
const REDRAW_MS = 100;

/**
 * A progress bar redrawn in place on a terminal (stderr by default): a filled bar when `nTrials` is known,
 * then done / running / pruned / failed, best so far and elapsed time. Log lines written while it runs
 * appear above it instead of breaking it.
 * @example
 * setProgressFactory((args) => terminalProgress(args));
 */
export function terminalProgress(
  args: { readonly studyName: string; readonly total: number | null },
  stream: BarStream = process.stderr,
): ProgressReporter {
  let lastDraw = 0;
  let line = "";
  const previousSink = getLogSink();
  const draw = (p: ProgressSnapshot) => {
    const filled =
      p.total === null || p.total === 0 ? 0 : Math.round((WIDTH * Math.min(p.done, p.total)) / p.total);
    const bar = p.total === null ? "" : `[${"█".repeat(filled)}${"░".repeat(WIDTH - filled)}] `;
    const text = `${args.studyName} ${bar}${formatProgress(p)}`;
    // A pseudo-terminal may report 0 columns: then draw the whole line.
    line = stream.columns ? text.slice(0, Math.max(10, stream.columns - 1)) : text;
    stream.write(`\r\x1b[2K${line}`);
  };
  const sinkAroundBar: LogSink = (level, message) => {
    stream.write("\r\x1b[2K");
    previousSink(level, message);
    stream.write(line);
  };
  setLogSink(sinkAroundBar);
  return {
    update(p) {
      const now = Date.now();
      if (now - lastDraw < REDRAW_MS) return;
      lastDraw = now;
      draw(p);
    },
    stop(p) {
      draw(p);
      stream.write("\n");
      if (getLogSink() === sinkAroundBar) setLogSink(previousSink);
    },
  };
}
