import pc from "picocolors";
import { type LogSink, redactStorageUrl, setLogSink } from "../index.js";

/**
 * Sends tunekit's log lines to stderr (colored on a terminal), so stdout carries only a command's data:
 * tables, CSV, or the `--json` document a script reads.
 */
export function logToStderr(): void {
  setLogSink((level, message) => process.stderr.write(`${logLine(level, message)}\n`));
}

/**
 * A log line as the command line shows it: errors red, warnings yellow, debug dim (colors only on a
 * terminal), with any storage URL's password hidden whatever logged it.
 */
export function logLine(level: Parameters<LogSink>[0], text: string): string {
  const message = redactStorageUrl(text);
  if (level === "error") return pc.red(`error: ${message}`);
  if (level === "warning") return pc.yellow(`warning: ${message}`);
  return level === "debug" ? pc.dim(message) : message;
}

/** Writes a JSON document to stdout, one per command, for `--json`. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, jsonReplacer, 2)}\n`);
}

/** JSON has no NaN or infinities: write them as the strings "NaN", "Infinity", "-Infinity". */
function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  return value;
}

/** Writes text lines to stdout. */
export function printLines(lines: readonly string[]): void {
  if (lines.length > 0) process.stdout.write(`${lines.join("\n")}\n`);
}

/**
 * Lays rows out as a plain-text table with a header, columns padded to their widest cell.
 * @example
 * table(["name", "trials"], [["a", "12"]]);
 */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return [pc.bold(line(header)), ...rows.map(line)];
}

/** A number for people: up to 6 significant digits, NaN and infinities spelled out. */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined) return "-";
  if (!Number.isFinite(value)) return String(value);
  return String(Number(value.toPrecision(6)));
}

/** A time for people, local ISO without milliseconds. */
export function formatTime(ms: number | null): string {
  if (ms === null) return "-";
  return new Date(ms)
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, "Z");
}
