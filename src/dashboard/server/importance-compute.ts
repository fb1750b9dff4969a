/** The dashboard's importance computation: the public `paramImportances` with the evaluator named. */
import { importanceEvaluator, paramImportances } from "../../core.js";
import type { ImportanceFn } from "./importance-cache.js";

/**
 * `paramImportances` over the trials with a fresh evaluator of the given name, its default options and a
 * fixed forest seed: the same trials always give the same bars, so a refresh never reshuffles them.
 * @example
 * dashboardImportance(trials, ["minimize"], { evaluator: "ped-anova" });
 */
export const dashboardImportance: ImportanceFn = (trials, directions, { evaluator }) =>
  paramImportances(trials, directions, { evaluator: importanceEvaluator(evaluator, { seed: 0 }) });
