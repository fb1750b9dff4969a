import type { Direction, FrozenTrial } from "../trial/frozen-trial.js";
import { lastIntermediate } from "../trial/frozen-trial.js";

function formatParams(t: FrozenTrial): string {
  return JSON.stringify(t.params);
}

/**
 * The one log line written when a trial finishes, in Optuna's familiar shape.
 * @example
 * // "Trial 7 finished with value 0.12 and parameters {"x":1}. Best is trial 3 with value 0.1."
 */
export function finishedTrialMessage(
  t: FrozenTrial,
  directions: readonly Direction[],
  best: FrozenTrial | undefined,
): string {
  if (t.state === "COMPLETE") {
    const values = directions.length === 1 ? `value ${t.values?.[0]}` : `values ${JSON.stringify(t.values)}`;
    const bestText =
      directions.length === 1 && best !== undefined
        ? ` Best is trial ${best.number} with value ${best.values?.[0]}.`
        : "";
    return `Trial ${t.number} finished with ${values} and parameters ${formatParams(t)}.${bestText}`;
  }
  if (t.state === "PRUNED") {
    const last = lastIntermediate(t);
    return `Trial ${t.number} pruned${last === undefined ? "" : ` at step ${last.step}`}. Parameters ${formatParams(t)}.`;
  }
  // The reason goes last: its message ends with its own punctuation, never wrapped in more of ours.
  const head = `Trial ${t.number} ${t.state === "STALE" ? "went stale" : "failed"} with parameters ${formatParams(t)}.`;
  return t.failReason === null ? head : `${head} Reason (${t.failReason.code}): ${t.failReason.message}`;
}
