/**
 * JSON for stored records. Plain JSON cannot hold NaN or ±Infinity, which trial values, reports and
 * constraints may be, so those numbers are written as `{"$nonfinite":"NaN"}` (or "Infinity",
 * "-Infinity") and turned back on reading. Decoded values are deeply frozen, as records must be.
 */

const TAG = "$nonfinite";

function encodeNumber(_key: string, value: unknown): unknown {
  return typeof value === "number" && !Number.isFinite(value) ? { [TAG]: String(value) } : value;
}

function decodeTagged(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const tag = (value as Record<string, unknown>)[TAG];
    if (typeof tag === "string" && Object.keys(value).length === 1) return Number(tag);
  }
  return value;
}

/**
 * JSON text of `value`, keeping NaN and ±Infinity.
 * @example
 * encodeJson({ v: Number.NaN }); // '{"v":{"$nonfinite":"NaN"}}'
 */
export function encodeJson(value: unknown): string {
  return JSON.stringify(value, encodeNumber);
}

/**
 * The value of JSON text written by {@link encodeJson}, deeply frozen.
 * @example
 * decodeJson('{"v":{"$nonfinite":"-Infinity"}}'); // { v: -Infinity }
 */
export function decodeJson<T>(text: string): T {
  // The reviver is slow; most records hold no non-finite number and skip it.
  const value = text.includes(TAG) ? JSON.parse(text, decodeTagged) : JSON.parse(text);
  return deepFreeze(value) as T;
}

/**
 * Freezes `value` and everything reachable from it; returns it.
 * @example
 * deepFreeze({ a: [1] });
 */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}
