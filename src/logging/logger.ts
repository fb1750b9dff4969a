/** Verbosity levels, quietest last. */
export const VERBOSITIES = ["debug", "info", "warning", "error", "silent"] as const;

/** One of {@link VERBOSITIES}. */
export type Verbosity = (typeof VERBOSITIES)[number];

/** Where log lines go; defaults to the console. */
export type LogSink = (level: Exclude<Verbosity, "silent">, message: string) => void;

const consoleSink: LogSink = (level, message) => {
  const line = `[tunekit] ${message}`;
  if (level === "error") console.error(line);
  else if (level === "warning") console.warn(line);
  else console.info(line);
};

let threshold = VERBOSITIES.indexOf("info");
let sink: LogSink = consoleSink;

/**
 * Sets how much tunekit logs: "info" (default) prints one line per finished trial and the search budget
 * at the end of `optimize`; "warning" only problems; "silent" nothing.
 * @example
 * setVerbosity("warning");
 */
export function setVerbosity(level: Verbosity): void {
  threshold = VERBOSITIES.indexOf(level);
}

/**
 * The current verbosity.
 * @example
 * getVerbosity(); // "info"
 */
export function getVerbosity(): Verbosity {
  return VERBOSITIES[threshold] as Verbosity;
}

/**
 * Redirects log lines (to a file, a UI, a test). Pass undefined to restore the console.
 * @example
 * setLogSink((level, msg) => lines.push(msg));
 */
export function setLogSink(next: LogSink | undefined): void {
  sink = next ?? consoleSink;
}

/**
 * The current sink, so a temporary one (a progress bar drawing around log lines) can restore it.
 * @example
 * const previous = getLogSink(); setLogSink(mine); ... setLogSink(previous);
 */
export function getLogSink(): LogSink {
  return sink;
}

/**
 * Whether a line at `level` would be written, so callers can skip building expensive messages.
 * @example
 * if (isLogged("info")) log("info", expensiveMessage());
 */
export function isLogged(level: Exclude<Verbosity, "silent">): boolean {
  return VERBOSITIES.indexOf(level) >= threshold;
}

/**
 * Writes one line at `level` when the verbosity allows it.
 * @example
 * log("warning", "Trial 3 returned NaN.");
 */
export function log(level: Exclude<Verbosity, "silent">, message: string): void {
  if (isLogged(level)) sink(level, message);
}
