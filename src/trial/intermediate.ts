import type { IntermediateValue } from "./frozen-trial.js";

function isNamed(v: IntermediateValue | undefined): v is Readonly<Record<string, number>> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Combines two reports at the same step: named values merge by name (the newer wins per name); a number
 * or vector replaces whatever was there.
 * @example
 * mergeIntermediate({ loss: 1 }, { acc: 0.5 }); // { loss: 1, acc: 0.5 }
 */
export function mergeIntermediate(
  older: IntermediateValue | undefined,
  newer: IntermediateValue,
): IntermediateValue {
  if (isNamed(older) && isNamed(newer)) return Object.freeze({ ...older, ...newer });
  return newer;
}
