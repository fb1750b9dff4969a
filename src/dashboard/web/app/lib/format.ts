import type { JsonValue, ParamValue } from "../../../../core.js";
import type { ApiNumber } from "../../../api-types.js";
import { toNumber } from "./api-number.js";

/**
 * A number for tables and headers: up to 6 significant digits, exponent form for very large or small.
 * @example
 * formatNumber(0.000012345); // "1.2345e-5"
 */
export function formatNumber(value: number | ApiNumber | null | undefined): string {
  if (value === null || value === undefined) return "—";
  const n = toNumber(value);
  if (Number.isNaN(n)) return "NaN";
  if (!Number.isFinite(n)) return n > 0 ? "∞" : "−∞";
  if (n === 0) return "0";
  const abs = Math.abs(n);
  if (Number.isInteger(n) && abs < 1e15) return String(n);
  if (abs >= 1e6 || abs < 1e-4)
    return n
      .toExponential(4)
      .replace(/\.?0+e/, "e")
      .replace("e+", "e");
  return String(Number(n.toPrecision(6)));
}

/**
 * A duration given in seconds, in the largest unit that keeps it readable.
 * @example
 * formatSeconds(9000); // "2.5 h"
 */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return "—";
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 120) return `${Number(seconds.toPrecision(3))} s`;
  if (seconds < 7200) return `${Number((seconds / 60).toPrecision(3))} min`;
  if (seconds < 172_800) return `${Number((seconds / 3600).toPrecision(3))} h`;
  return `${Number((seconds / 86_400).toPrecision(3))} d`;
}

/**
 * A duration in milliseconds, or a dash when unknown.
 * @example
 * formatMs(1530); // "1.53 s"
 */
export function formatMs(ms: number | null): string {
  return ms === null ? "—" : formatSeconds(ms / 1000);
}

/**
 * A timestamp (ms since the epoch) as local date and time.
 * @example
 * formatTime(Date.now()); // "2025-05-01 14:03:12"
 */
export function formatTime(ms: number | null): string {
  if (ms === null) return "—";
  const d = new Date(ms);
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/**
 * How long ago a timestamp was, coarsely.
 * @example
 * formatAgo(Date.now() - 90_000); // "2 min ago"
 */
export function formatAgo(ms: number, now: number = Date.now()): string {
  const s = Math.max(0, (now - ms) / 1000);
  if (s < 10) return "just now";
  if (s < 60) return `${Math.round(s)} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86_400)} d ago`;
}

/**
 * A parameter value as text: numbers formatted, categorical strings as they are, other choices as JSON.
 * @example
 * formatParam("adam"); // "adam"
 */
export function formatParam(value: ParamValue | null | undefined): string {
  if (value === undefined) return "—";
  if (typeof value === "number") return formatNumber(value);
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

/**
 * A JSON attribute value as text: strings as they are, the rest as compact JSON.
 * @example
 * formatJson({ a: 1 }); // '{"a":1}'
 */
export function formatJson(value: JsonValue): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}
