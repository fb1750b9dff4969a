import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../errors.js";
import {
  IMPORTANCE_EVALUATOR_NAMES,
  importanceEvaluator,
  isImportanceEvaluatorName,
} from "./evaluator-by-name.js";
import { FanovaEvaluator } from "./fanova/fanova-evaluator.js";
import type { ImportanceInput } from "./importance-evaluator.js";
import { MeanDecreaseImpurityEvaluator } from "./mean-decrease-impurity.js";
import { PedAnovaEvaluator } from "./ped-anova/ped-anova-evaluator.js";

/** 40 rows of two uniform columns; the target depends on the first only. */
function input(): ImportanceInput {
  const n = 40;
  const x = new Float64Array(2 * n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[2 * i] = (i * 7919) % 101;
    x[2 * i + 1] = (i * 104729) % 97;
    y[i] = ((x[2 * i] as number) - 50) ** 2;
  }
  const float = (high: number) => ({ type: "float", low: 0, high, log: false, step: null }) as const;
  return { params: ["a", "b"], distributions: [float(101), float(97)], n, x, y };
}

describe("importanceEvaluator", () => {
  it("builds each evaluator by the name it reports, fANOVA (paramImportances' default) first", () => {
    expect(IMPORTANCE_EVALUATOR_NAMES).toEqual(["fanova", "ped-anova", "mdi"]);
    expect(importanceEvaluator("ped-anova")).toBeInstanceOf(PedAnovaEvaluator);
    expect(importanceEvaluator("fanova")).toBeInstanceOf(FanovaEvaluator);
    expect(importanceEvaluator("mdi")).toBeInstanceOf(MeanDecreaseImpurityEvaluator);
    for (const name of IMPORTANCE_EVALUATOR_NAMES) expect(importanceEvaluator(name).name).toBe(name);
  });

  it("passes the seed to the forest: one seed, one answer", () => {
    const a = importanceEvaluator("fanova", { seed: 3 }).evaluate(input());
    const b = importanceEvaluator("fanova", { seed: 3 }).evaluate(input());
    expect([...a]).toEqual([...b]);
    expect(a[0] as number).toBeGreaterThan(a[1] as number);
  });

  it("refuses an unknown name, listing the known ones", () => {
    expect(isImportanceEvaluatorName("toString")).toBe(false);
    expect(() => importanceEvaluator("shap")).toThrow(InvalidArgumentError);
    expect(() => importanceEvaluator("shap")).toThrow(
      'The importance evaluator must be one of fanova, ped-anova, mdi, but got "shap".',
    );
  });
});
