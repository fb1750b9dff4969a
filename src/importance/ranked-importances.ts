/** One parameter's importance, as the command line's `--json` and the dashboard's API list them. */
export interface RankedImportance {
  readonly param: string;
  readonly importance: number;
}

/**
 * The record `paramImportances` returns as a list, most important first (ties keep the record's order).
 * Sorted here rather than read in the record's key order, which puts integer-like names such as "0"
 * first whatever their score.
 * @example
 * rankedImportances({ "0": 0.1, lr: 0.9 }); // [{ param: "lr", importance: 0.9 }, { param: "0", importance: 0.1 }]
 */
export function rankedImportances(scores: Readonly<Record<string, number>>): RankedImportance[] {
  return Object.entries(scores)
    .map(([param, importance]) => ({ param, importance }))
    .sort((a, b) => b.importance - a.importance);
}
