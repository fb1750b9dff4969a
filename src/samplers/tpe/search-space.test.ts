import { describe, expect, it } from "vitest";
import type { Distribution } from "../../search-space/distribution.js";
import { SearchSpaceTracker } from "./search-space.js";

const f = (low: number, high: number): Distribution => ({ type: "float", low, high, log: false, step: null });
const single: Distribution = { type: "float", low: 1, high: 1, log: false, step: null };

describe("SearchSpaceTracker", () => {
  it("intersection: parameters every trial has, with one distribution", () => {
    const t = new SearchSpaceTracker();
    t.add({ a: f(0, 1), b: f(0, 1), c: f(0, 1) });
    t.add({ a: f(0, 1), b: f(0, 2), d: f(0, 1) });
    expect(Object.keys(t.intersectionSpace())).toEqual(["a"]);
  });

  it("groups: parameters that always occur together, a changed distribution on its own", () => {
    const t = new SearchSpaceTracker();
    t.add({ model: f(0, 1), c: f(0, 1), c2: f(0, 1) });
    t.add({ model: f(0, 1), depth: f(0, 1) });
    t.add({ model: f(0, 1), c: f(0, 1), c2: f(0, 1) });
    expect(t.groupSpaces().map((g) => Object.keys(g))).toEqual([["c", "c2"], ["depth"], ["model"]]);
    t.add({ model: f(0, 2), depth: f(0, 1) });
    expect(t.groupSpaces().map((g) => Object.keys(g))).toEqual([["c", "c2"], ["depth"]]);
  });

  it("the result does not depend on the order trials arrive in", () => {
    const trials: Record<string, Distribution>[] = [
      { a: f(0, 1), b: f(0, 1) },
      { a: f(0, 1) },
      { b: f(0, 1), c: f(0, 1) },
      { a: f(0, 1), c: f(0, 1) },
    ];
    const forward = new SearchSpaceTracker();
    const backward = new SearchSpaceTracker();
    for (const d of trials) forward.add(d);
    for (const d of [...trials].reverse()) backward.add(d);
    expect(backward.groupSpaces()).toEqual(forward.groupSpaces());
    expect(backward.intersectionSpace()).toEqual(forward.intersectionSpace());
  });

  it("single-valued distributions are left out; no trials: empty", () => {
    const t = new SearchSpaceTracker();
    expect(t.intersectionSpace()).toEqual({});
    t.add({ a: f(0, 1), s: single });
    expect(Object.keys(t.intersectionSpace())).toEqual(["a"]);
    expect(t.groupSpaces().map((g) => Object.keys(g))).toEqual([["a"]]);
  });
});
