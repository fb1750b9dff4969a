import { describe, expect, it } from "vitest";
import { HeldTrialSlots, readHeldTrials } from "./held-trial-slots.js";

describe("HeldTrialSlots", () => {
  it("holds, releases and reuses slots; the reader sees exactly the held ids", () => {
    const held = new HeldTrialSlots(() => {
      throw new Error("no growth expected");
    }, 4);
    held.add(0);
    held.add(9_007_199_254_740_990);
    held.add(7);
    held.add(7);
    expect(readHeldTrials(held.buffer)).toEqual([0, 9_007_199_254_740_990, 7]);
    held.delete(0);
    held.delete(42);
    expect(readHeldTrials(held.buffer)).toEqual([9_007_199_254_740_990, 7]);
    held.add(5);
    held.add(6);
    expect(readHeldTrials(held.buffer).sort((a, b) => a - b)).toEqual([5, 6, 7, 9_007_199_254_740_990]);
  });

  it("grows into a new buffer holding every id when the slots run out, and hands it over", () => {
    const handed: SharedArrayBuffer[] = [];
    const held = new HeldTrialSlots((buffer) => handed.push(buffer), 2);
    for (let id = 1; id <= 5; id++) held.add(id);
    expect(handed).toHaveLength(2);
    expect(handed.at(-1)).toBe(held.buffer);
    expect(readHeldTrials(held.buffer)).toEqual([1, 2, 3, 4, 5]);
    held.delete(3);
    expect(readHeldTrials(held.buffer)).toEqual([1, 2, 4, 5]);
  });
});
