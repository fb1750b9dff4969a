import { Rng } from "../../math/rng.js";
import type { Distribution } from "../../search-space/distribution.js";
import type { ImportanceInput } from "../importance-evaluator.js";

/**
 * Test functions whose first-order Sobol indices are known in closed form, for checking importance
 * evaluators against the truth. Each variable takes part in at most one term, and terms on distinct
 * variables are independent under uniform inputs, so the variance is the sum of the terms' variances
 * and a variable's first-order index is its term's main-effect variance over that sum. Inputs are in the
 * internal scale (see `ImportanceInput`): a float variable u is uniform on [0, 1] — for a log-scaled one,
 * u is the logarithm of a value log-uniform on [1, e] — and a categorical variable is a uniform choice
 * index.
 */
export type SobolTerm =
  /** coef · u_i: variance coef²/12. */
  | { readonly kind: "linear"; readonly i: number; readonly coef: number }
  /** coef · u_i²: variance coef²·(1/5 − 1/9) = coef²·4/45. */
  | { readonly kind: "square"; readonly i: number; readonly coef: number }
  /**
   * coef · u_i · u_j: main effects coef²/48 each (E[u_i u_j | u_i] = u_i / 2), interaction coef²/144
   * (total coef²·(1/9 − 1/16) = coef²·7/144).
   */
  | { readonly kind: "product"; readonly i: number; readonly j: number; readonly coef: number }
  /** effects[c] for choice c of categorical i: variance that of the effects (each choice equally likely). */
  | { readonly kind: "choice"; readonly i: number; readonly effects: readonly number[] };

/** A test function: its variables' kinds, its terms (unused variables are dummies). */
export interface SobolFunction {
  readonly name: string;
  /** Per variable: "float", "log" (log-scaled float) or the number of choices of a categorical. */
  readonly variables: readonly ("float" | "log" | number)[];
  readonly terms: readonly SobolTerm[];
}

/**
 * 4·u0 + 3·u1² + 2·u2 + 6·u3·u4, with two dummies u5, u6: indices ≈ 0.316, 0.190, 0.079, 0.178, 0.178,
 * 0, 0 (the interaction holds the remaining 0.059).
 */
export const ADDITIVE_WITH_INTERACTION: SobolFunction = {
  name: "additive-with-interaction",
  variables: ["float", "float", "float", "float", "float", "float", "float"],
  terms: [
    { kind: "linear", i: 0, coef: 4 },
    { kind: "square", i: 1, coef: 3 },
    { kind: "linear", i: 2, coef: 2 },
    { kind: "product", i: 3, j: 4, coef: 6 },
  ],
};

/**
 * 3·u0 + effects[c1] (4 choices: 0, 2, −1, 1) + 2·u2² with u2 log-scaled, a dummy float u3 and a dummy
 * categorical c4 of 3 choices: indices ≈ 0.318, 0.531, 0.151, 0, 0.
 */
export const MIXED_WITH_CATEGORICAL: SobolFunction = {
  name: "mixed-with-categorical",
  variables: ["float", 4, "log", "float", 3],
  terms: [
    { kind: "linear", i: 0, coef: 3 },
    { kind: "choice", i: 1, effects: [0, 2, -1, 1] },
    { kind: "square", i: 2, coef: 2 },
  ],
};

function termValue(term: SobolTerm, x: Float64Array, offset: number): number {
  const u = x[offset + term.i] as number;
  switch (term.kind) {
    case "linear":
      return term.coef * u;
    case "square":
      return term.coef * u * u;
    case "product":
      return term.coef * u * (x[offset + term.j] as number);
    case "choice":
      return term.effects[u] as number;
  }
}

/** The function at the row `x[offset …]` (internal scale). */
export function evaluateSobol(fn: SobolFunction, x: Float64Array, offset: number): number {
  let y = 0;
  for (const term of fn.terms) y += termValue(term, x, offset);
  return y;
}

/** The exact first-order Sobol index of every variable (0 for dummies). */
export function firstOrderIndices(fn: SobolFunction): Float64Array {
  const main = new Float64Array(fn.variables.length);
  let total = 0;
  for (const term of fn.terms) {
    if (term.kind === "product") {
      const each = term.coef ** 2 / 48;
      main[term.i] = each;
      main[term.j] = each;
      total += term.coef ** 2 * (7 / 144);
      continue;
    }
    let v: number;
    if (term.kind === "linear") v = term.coef ** 2 / 12;
    else if (term.kind === "square") v = (term.coef ** 2 * 4) / 45;
    else {
      const m = term.effects.reduce((a, b) => a + b, 0) / term.effects.length;
      v = term.effects.reduce((a, e) => a + (e - m) ** 2, 0) / term.effects.length;
    }
    main[term.i] = v;
    total += v;
  }
  return main.map((v) => v / total);
}

/** The distributions of the function's variables, named x0, x1, … */
export function sobolDistributions(fn: SobolFunction): Distribution[] {
  return fn.variables.map((v) => {
    if (typeof v === "number")
      return { type: "categorical", choices: Array.from({ length: v }, (_, c) => c) };
    return v === "log"
      ? { type: "float", low: 1, high: Math.E, log: true, step: null }
      : { type: "float", low: 0, high: 1, log: false, step: null };
  });
}

/**
 * n uniform random rows of the function as an importance input.
 * @example
 * new FanovaEvaluator({ seed: 1 }).evaluate(sobolInput(ADDITIVE_WITH_INTERACTION, 1000, 7));
 */
export function sobolInput(fn: SobolFunction, n: number, seed: number): ImportanceInput {
  const rng = new Rng(seed);
  const d = fn.variables.length;
  const x = new Float64Array(n * d);
  const y = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    fn.variables.forEach((v, i) => {
      x[r * d + i] = typeof v === "number" ? rng.integer(0, v - 1) : rng.random();
    });
    y[r] = evaluateSobol(fn, x, r * d);
  }
  return {
    params: fn.variables.map((_, i) => `x${i}`),
    distributions: sobolDistributions(fn),
    n,
    x,
    y,
  };
}
