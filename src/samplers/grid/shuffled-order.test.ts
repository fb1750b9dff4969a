import { describe, expect, it } from "vitest";
import { ShuffledOrder } from "./shuffled-order.js";

function sequence(order: ShuffledOrder): number[] {
  return Array.from({ length: order.size }, (_, p) => order.at(p));
}

describe("ShuffledOrder", () => {
  it("is a permutation of 0 … size − 1 with positionOf as its inverse, for every size up to 300", () => {
    for (let size = 1; size <= 300; size++) {
      const order = new ShuffledOrder(size, size * 7919);
      const seq = sequence(order);
      expect([...seq].sort((a, b) => a - b)).toEqual(Array.from({ length: size }, (_, i) => i));
      expect(seq.map((index) => order.positionOf(index))).toEqual(seq.map((_, p) => p));
    }
  });

  it("shuffles: the same seed gives the same order, another seed another", () => {
    const a = sequence(new ShuffledOrder(100, 1));
    expect(sequence(new ShuffledOrder(100, 1))).toEqual(a);
    expect(sequence(new ShuffledOrder(100, 2))).not.toEqual(a);
    expect(a).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it("spreads a prefix: the first half of the order is not one half of the grid", () => {
    const seq = sequence(new ShuffledOrder(1000, 3)).slice(0, 500);
    const low = seq.filter((i) => i < 500).length;
    expect(low).toBeGreaterThan(200);
    expect(low).toBeLessThan(300);
  });

  it("works on grids far too large to hold in memory (2^52 points)", () => {
    const order = new ShuffledOrder(2 ** 52, 9);
    for (const p of [0, 1, 2 ** 40 + 3, 2 ** 52 - 1]) {
      const index = order.at(p);
      expect(Number.isInteger(index) && index >= 0 && index < 2 ** 52).toBe(true);
      expect(order.positionOf(index)).toBe(p);
    }
  });
});
