import { describe, expect, it } from "vitest";
import { frozenTrial } from "../../test/helpers.js";
import { InvalidArgumentError } from "../errors.js";
import type { Direction, FrozenTrial, TrialState } from "../trial/frozen-trial.js";
import { paretoFront } from "./pareto-front.js";

const MIN2: Direction[] = ["minimize", "minimize"];

function trial(
  number: number,
  values: number[] | null,
  state: TrialState = "COMPLETE",
  constraints: Record<string, number> = {},
): FrozenTrial {
  return frozenTrial({ trialId: 100 + number, number, state, values, constraints, seq: number });
}

const numbers = (trials: FrozenTrial[]) => trials.map((t) => t.number);

describe("paretoFront", () => {
  it("returns [] for no trials", () => {
    expect(paretoFront([], MIN2)).toEqual([]);
  });

  it("returns the single complete trial (n = 1)", () => {
    const only = trial(0, [1, 2]);
    expect(paretoFront([only], MIN2)).toEqual([only]);
  });

  it("returns the non-dominated trials in ascending trial number", () => {
    const trials = [trial(4, [1, 4]), trial(1, [2, 2]), trial(3, [3, 3]), trial(0, [4, 1]), trial(2, [4, 4])];
    expect(numbers(paretoFront(trials, MIN2))).toEqual([0, 1, 4]);
  });

  it("keeps every trial with duplicated values", () => {
    const trials = [trial(0, [1, 1]), trial(1, [1, 1]), trial(2, [2, 2]), trial(3, [1, 1])];
    expect(numbers(paretoFront(trials, MIN2))).toEqual([0, 1, 3]);
  });

  it("handles maximize directions", () => {
    const trials = [trial(0, [1, 1]), trial(1, [2, 0]), trial(2, [0, 2])];
    expect(numbers(paretoFront(trials, ["maximize", "minimize"]))).toEqual([1]);
    expect(numbers(paretoFront(trials, ["minimize", "maximize"]))).toEqual([2]);
    expect(numbers(paretoFront(trials, ["maximize", "maximize"]))).toEqual([0, 1, 2]);
  });

  it("ignores trials that are not COMPLETE or have no values", () => {
    const trials = [
      trial(0, [0, 0], "PRUNED"),
      trial(1, null, "RUNNING"),
      trial(2, null, "FAIL"),
      trial(3, [0, 0], "WAITING"),
      trial(4, [0, 0], "STALE"),
      trial(5, null, "COMPLETE"),
      trial(6, [2, 2]),
    ];
    expect(numbers(paretoFront(trials, MIN2))).toEqual([6]);
  });

  it("never puts an infeasible trial on the front, even if it dominates", () => {
    const trials = [
      trial(0, [0, 0], "COMPLETE", { c: 0.5 }),
      trial(1, [2, 2], "COMPLETE", { c: 0 }),
      trial(2, [3, 1], "COMPLETE", { c: -1, d: -2 }),
      trial(3, [1, 3], "COMPLETE", { c: Number.NaN }),
    ];
    expect(numbers(paretoFront(trials, MIN2))).toEqual([1, 2]);
  });

  it("returns [] when no trial is feasible", () => {
    expect(paretoFront([trial(0, [1, 1], "COMPLETE", { c: 1 })], MIN2)).toEqual([]);
  });

  it("ranks NaN values behind every NaN-free trial", () => {
    const trials = [trial(0, [Number.NaN, 0]), trial(1, [5, 5])];
    expect(numbers(paretoFront(trials, MIN2))).toEqual([1]);
  });

  it("handles ±Infinity values", () => {
    const trials = [
      trial(0, [Number.NEGATIVE_INFINITY, 9]),
      trial(1, [0, Number.POSITIVE_INFINITY]),
      trial(2, [1, 1]),
    ];
    expect(numbers(paretoFront(trials, MIN2))).toEqual([0, 2]);
  });

  it("throws InvalidArgumentError naming the trial whose values do not match the directions", () => {
    expect(() => paretoFront([trial(0, [1, 1]), trial(7, [1])], MIN2)).toThrow(InvalidArgumentError);
    expect(() => paretoFront([trial(7, [1])], MIN2)).toThrow(
      /trial 7 has 1 values but there are 2 directions/,
    );
  });
});
