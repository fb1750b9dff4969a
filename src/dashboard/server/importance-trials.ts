/**
 * The trials an importance evaluator sees, rebuilt from the columns: the COMPLETE trials with a finite
 * value of one objective, reduced to that objective, at most a cap of them evenly spread over trial
 * numbers.
 */
import type { Distribution, FrozenTrial, ParamValue } from "../../core.js";
import { completeRows } from "./plots/complete-rows.js";
import { evenIndices } from "./plots/sampling.js";
import type { StudyColumns } from "./study-columns.js";

/** The rows chosen for one objective: which trials, of how many that qualify. */
export interface ImportanceRows {
  /** Trial numbers, ascending. */
  readonly rows: readonly number[];
  /** How many COMPLETE trials have a finite value of the objective. */
  readonly total: number;
}

/**
 * At most `cap` of the COMPLETE trials with a finite value of `objective`, evenly spread over trial
 * numbers. An even spread, rather than the best or the latest trials, keeps the sample distributed like
 * the whole study: PED-ANOVA compares the best trials with all of them, so a sample rich in good trials
 * would hide what sets them apart, and the latest trials of a model-based search crowd around the
 * optimum, where most parameters look flat.
 * @example
 * importanceRows(columns, 0, 5000).rows.length; // ≤ 5000
 */
export function importanceRows(columns: StudyColumns, objective: number, cap: number): ImportanceRows {
  const all = completeRows(columns, objective);
  if (all.length <= cap) return { rows: all, total: all.length };
  return { rows: evenIndices(all.length, cap).map((j) => all[j] as number), total: all.length };
}

/**
 * The rows as COMPLETE frozen trials with one value, `objective`'s, and every parameter the row holds
 * with its column's (latest) distribution; the fields importance does not read are empty.
 * @example
 * paramImportances(importanceTrials(columns, rows, 0), [columns.directions[0]]);
 */
export function importanceTrials(
  columns: StudyColumns,
  rows: readonly number[],
  objective: number,
): FrozenTrial[] {
  const params = [...columns.params.values()].filter((p) => p.distribution !== null);
  return rows.map((i) => {
    const values: Record<string, ParamValue> = {};
    const distributions: Record<string, Distribution> = {};
    for (const column of params) {
      const value = columns.param(column, i);
      if (value === undefined) continue;
      values[column.name] = value;
      distributions[column.name] = column.distribution as Distribution;
    }
    return {
      trialId: columns.trialId[i] as number,
      number: i,
      state: "COMPLETE",
      values: [columns.value(i, objective)],
      params: values,
      distributions,
      intermediateValues: {},
      constraints: {},
      userAttrs: {},
      systemAttrs: {},
      startedAt: null,
      completedAt: null,
      workerId: null,
      leaseExpiresAt: null,
      retryOf: null,
      failReason: null,
      seq: 0,
    };
  });
}
