import { describe, expect, it } from "vitest";
import type { FrozenTrial, TrialState } from "../trial/frozen-trial.js";
import type { Distribution } from "./distribution.js";
import { IntersectionSearchSpace, intersectionSearchSpace } from "./intersection.js";

const X: Distribution = { type: "float", low: 0, high: 1, log: false, step: null };
const N: Distribution = { type: "int", low: 1, high: 9, log: false, step: 1 };
const C: Distribution = { type: "categorical", choices: ["a", "b"] };
const ONE: Distribution = { type: "categorical", choices: ["only"] };

function trial(number: number, state: TrialState, distributions: Record<string, Distribution>): FrozenTrial {
  return { number, state, distributions } as unknown as FrozenTrial;
}

describe("intersectionSearchSpace", () => {
  it("is empty without counted trials", () => {
    expect(intersectionSearchSpace([])).toEqual({});
    expect(intersectionSearchSpace([trial(0, "RUNNING", { x: X }), trial(1, "FAIL", { x: X })])).toEqual({});
  });

  it("keeps the parameters every COMPLETE or PRUNED trial has, sorted by name", () => {
    const trials = [
      trial(0, "COMPLETE", { x: X, n: N, c: C }),
      trial(1, "PRUNED", { n: N, x: X }),
      trial(2, "FAIL", {}),
      trial(3, "RUNNING", { c: C }),
    ];
    const space = intersectionSearchSpace(trials);
    expect(Object.keys(space)).toEqual(["n", "x"]);
    expect(space.x).toEqual(X);
  });

  it("drops a parameter whose distribution changed, and single-valued ones unless asked", () => {
    const wider: Distribution = { ...X, high: 2 };
    const trials = [
      trial(0, "COMPLETE", { x: X, n: N, k: ONE }),
      trial(1, "COMPLETE", { x: wider, n: N, k: ONE }),
    ];
    expect(Object.keys(intersectionSearchSpace(trials))).toEqual(["n"]);
    expect(Object.keys(intersectionSearchSpace(trials, { includeSingle: true }))).toEqual(["k", "n"]);
  });

  it("counts the states asked for", () => {
    const trials = [trial(0, "COMPLETE", { x: X, n: N }), trial(1, "PRUNED", { x: X })];
    expect(Object.keys(intersectionSearchSpace(trials, { states: ["COMPLETE"] }))).toEqual(["n", "x"]);
  });

  it("updates incrementally as trials finish, in any order, and starts over for another history", () => {
    const intersection = new IntersectionSearchSpace();
    const t0 = trial(0, "COMPLETE", { x: X, n: N, c: C });
    const running = trial(1, "RUNNING", { x: X });
    const t2 = trial(2, "COMPLETE", { x: X, c: C });
    const first = intersection.calculate([t0, running, t2]);
    expect(Object.keys(first)).toEqual(["c", "x"]);
    // Unchanged history: the same result object, nothing recomputed.
    expect(intersection.calculate([t0, running, t2])).toBe(first);
    // Trial 1 finishes after trial 2 (the snapshot replaces its record).
    const history = [t0, trial(1, "PRUNED", { x: X }), t2];
    expect(Object.keys(intersection.calculate(history))).toEqual(["x"]);
    expect(Object.keys(intersection.calculate([...history, trial(3, "FAIL", {})]))).toEqual(["x"]);
    // Another history (other records at the same numbers): recomputed from scratch.
    expect(Object.keys(intersection.calculate([trial(0, "COMPLETE", { n: N, c: C })]))).toEqual(["c", "n"]);
    expect(intersection.calculate([])).toEqual({});
  });
});
