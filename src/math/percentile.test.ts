import { describe, expect, it } from "vitest";
import { percentile } from "./percentile.js";

describe("percentile", () => {
  it("interpolates linearly between ranks, as numpy's default (hand-computed)", () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([5, 1, 4, 2, 3], 25)).toBe(2);
    expect(percentile([1, 2, 3, 4, 5], 10)).toBeCloseTo(1.4, 15);
    expect(percentile([1, 2, 3, 4, 5], 0)).toBe(1);
    expect(percentile([1, 2, 3, 4, 5], 100)).toBe(5);
  });

  it("n = 1, NaN ignored, nothing left → NaN", () => {
    expect(percentile([7], 30)).toBe(7);
    expect(percentile([Number.NaN, 3, Number.NaN, 1], 50)).toBe(2);
    expect(percentile([Number.NaN], 50)).toBeNaN();
    expect(percentile([], 50)).toBeNaN();
  });

  it("infinities: interpolating from −∞ or towards +∞ stays at the infinity; duplicates are fine", () => {
    expect(percentile([Number.NEGATIVE_INFINITY, 0], 50)).toBe(Number.NEGATIVE_INFINITY);
    expect(percentile([0, Number.POSITIVE_INFINITY], 50)).toBe(Number.POSITIVE_INFINITY);
    expect(percentile([Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY], 50)).toBe(
      Number.POSITIVE_INFINITY,
    );
    expect(percentile([0, 1, Number.POSITIVE_INFINITY], 50)).toBe(1);
    expect(percentile([2, 2, 2], 40)).toBe(2);
  });

  it("does not modify its input", () => {
    const xs = [3, 1, 2];
    percentile(xs, 50);
    expect(xs).toEqual([3, 1, 2]);
  });
});
