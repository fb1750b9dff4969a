import type { ApiNumber } from "../../../api-types.js";

/**
 * The number an {@link ApiNumber} stands for (JSON carries NaN and the infinities as strings).
 * @example
 * toNumber("-Infinity"); // -Infinity
 */
export function toNumber(value: ApiNumber): number {
  if (typeof value === "number") return value;
  if (value === "Infinity") return Number.POSITIVE_INFINITY;
  if (value === "-Infinity") return Number.NEGATIVE_INFINITY;
  return Number.NaN;
}
