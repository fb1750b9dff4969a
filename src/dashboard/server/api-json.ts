/**
 * JSON as the dashboard API sends it: NaN and ±Infinity become the strings "NaN", "Infinity" and
 * "-Infinity" ({@link ApiNumber}), wherever they occur (JSON has no such numbers and `JSON.stringify`
 * would silently write null).
 */
import type { ApiNumber } from "../api-types.js";

/**
 * A number as the API carries it.
 * @example
 * apiNumber(Number.NEGATIVE_INFINITY); // "-Infinity"
 */
export function apiNumber(x: number): ApiNumber {
  if (Number.isFinite(x)) return x;
  return Number.isNaN(x) ? "NaN" : x > 0 ? "Infinity" : "-Infinity";
}

function replacer(_key: string, value: unknown): unknown {
  return typeof value === "number" && !Number.isFinite(value) ? apiNumber(value) : value;
}

/**
 * Serialises an API payload, encoding non-finite numbers anywhere in it.
 * @example
 * toApiJson({ values: [1, Number.NaN] }); // '{"values":[1,"NaN"]}'
 */
export function toApiJson(payload: unknown): string {
  return JSON.stringify(payload, replacer);
}
