import { InvalidArgumentError } from "../../core.js";

const UNIT_SECONDS = { h: 3600, m: 60, s: 1 } as const;
// Units in falling order, each at most once: "1h30m", "90s", "2.5h"; a bare number is seconds.
const DURATION = /^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s)?$/;

/**
 * Seconds of a duration: a non-negative number of seconds, or a string such as "90s", "30m", "2h",
 * "1h30m" or "45" (seconds). Throws an {@link InvalidArgumentError} naming the accepted forms otherwise.
 * @example
 * parseDuration("1h30m"); // 5400
 * parseDuration(90); // 90
 */
export function parseDuration(value: number | string): number {
  if (typeof value === "number") {
    if (Number.isFinite(value) && value >= 0) return value;
    throw durationError(value);
  }
  if (typeof value !== "string") throw durationError(value);
  const text = value.trim();
  if (/^\d+(?:\.\d+)?$/.test(text)) return Number(text);
  const match = DURATION.exec(text);
  if (text === "" || match === null) throw durationError(value);
  const [, h, m, s] = match;
  return Number(h ?? 0) * UNIT_SECONDS.h + Number(m ?? 0) * UNIT_SECONDS.m + Number(s ?? 0) * UNIT_SECONDS.s;
}

function durationError(value: unknown): InvalidArgumentError {
  const shown = typeof value === "string" ? JSON.stringify(value) : String(value);
  return new InvalidArgumentError(
    `A duration must be a non-negative number of seconds or a string such as "90s", "30m", "2h" or "1h30m", but got ${shown}.`,
    { name: "duration", value },
  );
}
