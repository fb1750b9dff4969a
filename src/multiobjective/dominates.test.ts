import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../errors.js";
import type { Direction } from "../trial/frozen-trial.js";
import { dominates } from "./dominates.js";

const MIN2: Direction[] = ["minimize", "minimize"];

describe("dominates", () => {
  it("needs no worse everywhere and better somewhere", () => {
    expect(dominates([1, 2], [1, 3], MIN2)).toBe(true);
    expect(dominates([1, 2], [2, 3], MIN2)).toBe(true);
    expect(dominates([1, 3], [2, 2], MIN2)).toBe(false);
    expect(dominates([2, 3], [1, 2], MIN2)).toBe(false);
  });

  it("is irreflexive: equal vectors (duplicates) do not dominate each other", () => {
    expect(dominates([1, 2], [1, 2], MIN2)).toBe(false);
    expect(dominates([0], [-0], ["minimize"])).toBe(false);
    expect(dominates([-0], [0], ["minimize"])).toBe(false);
  });

  it("handles maximize and mixed directions by sign", () => {
    expect(dominates([3, 5], [2, 5], ["maximize", "maximize"])).toBe(true);
    expect(dominates([2, 5], [3, 5], ["maximize", "maximize"])).toBe(false);
    expect(dominates([1, 5], [2, 4], ["minimize", "maximize"])).toBe(true);
    expect(dominates([1, 2], [1, 3], ["minimize", "maximize"])).toBe(false);
    expect(dominates([1, 3], [1, 2], ["minimize", "maximize"])).toBe(true);
  });

  it("works with one objective (n = 1)", () => {
    expect(dominates([1], [2], ["minimize"])).toBe(true);
    expect(dominates([1], [2], ["maximize"])).toBe(false);
  });

  it("is false with zero objectives", () => {
    expect(dominates([], [], [])).toBe(false);
  });

  it("treats ±Infinity as ordinary numbers", () => {
    expect(dominates([Number.NEGATIVE_INFINITY, 0], [0, 0], MIN2)).toBe(true);
    expect(dominates([0, 0], [Number.POSITIVE_INFINITY, 0], MIN2)).toBe(true);
    expect(dominates([Number.POSITIVE_INFINITY, 0], [0, 0], MIN2)).toBe(false);
    expect(dominates([Number.POSITIVE_INFINITY], [Number.POSITIVE_INFINITY], ["minimize"])).toBe(false);
    expect(dominates([Number.POSITIVE_INFINITY], [1], ["maximize"])).toBe(true);
  });

  it("NaN: never dominates, is dominated by every NaN-free vector", () => {
    expect(dominates([Number.NaN, 0], [5, 5], MIN2)).toBe(false);
    expect(dominates([5, 5], [Number.NaN, 0], MIN2)).toBe(true);
    expect(dominates([5, 5], [0, Number.NaN], ["maximize", "maximize"])).toBe(true);
    expect(dominates([Number.POSITIVE_INFINITY, 1], [Number.NaN, 0], MIN2)).toBe(true);
    expect(dominates([Number.NaN, 0], [Number.NaN, 1], MIN2)).toBe(false);
    expect(dominates([Number.NaN, 1], [Number.NaN, 0], MIN2)).toBe(false);
  });

  it("accepts typed arrays", () => {
    expect(dominates(new Float64Array([1, 1]), new Float64Array([1, 2]), MIN2)).toBe(true);
  });

  it("throws InvalidArgumentError on a length mismatch or an unknown direction", () => {
    expect(() => dominates([1, 2], [1], MIN2)).toThrow(InvalidArgumentError);
    expect(() => dominates([1, 2, 3], [1, 2, 3], MIN2)).toThrow(/one value per direction \(2\)/);
    expect(() => dominates([1], [2], ["up" as Direction])).toThrow(/"minimize" or "maximize"/);
  });
});
