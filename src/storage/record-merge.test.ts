import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../errors.js";
import { freezeDistribution, freezeJson } from "./record-freeze.js";
import { EMPTY_TRIAL_CONTENT, mergeIntermediateValues, mergeTrialPatch } from "./record-merge.js";

describe("mergeTrialPatch", () => {
  it("returns the very same content when the patch is empty", () => {
    const content = mergeTrialPatch(EMPTY_TRIAL_CONTENT, { params: { x: 1 }, userAttrs: { a: 1 } }, "t");
    const same = mergeTrialPatch(content, {}, "t");
    for (const key of Object.keys(content) as (keyof typeof content)[]) expect(same[key]).toBe(content[key]);
  });

  it("skips undefined members instead of storing them", () => {
    const content = mergeTrialPatch(
      EMPTY_TRIAL_CONTENT,
      { params: { x: undefined as never }, userAttrs: {} },
      "t",
    );
    expect(content.params).toBe(EMPTY_TRIAL_CONTENT.params);
    expect(content.userAttrs).toBe(EMPTY_TRIAL_CONTENT.userAttrs);
  });

  it("names the offending field in its error", () => {
    expect(() =>
      mergeTrialPatch(EMPTY_TRIAL_CONTENT, { constraints: { c: "1" as never } }, "updateTrial(3)"),
    ).toThrow(/^updateTrial\(3\): constraints\.c must be a number, but got "1"\.$/);
  });
});

describe("mergeIntermediateValues", () => {
  it("merges named values only when both sides are named", () => {
    const base = Object.freeze({ 0: Object.freeze({ a: 1 }), 1: 2, 2: Object.freeze([1]) });
    expect(mergeIntermediateValues(base, { 0: { b: 2 }, 1: { c: 3 }, 2: { d: 4 } }, "t")).toEqual({
      0: { a: 1, b: 2 },
      1: { c: 3 },
      2: { d: 4 },
    });
  });

  it("rejects steps that are not non-negative integers", () => {
    for (const step of ["-1", "1.5", "01", "abc", "4294967295"]) {
      expect(() => mergeIntermediateValues({}, { [step]: 1 }, "t")).toThrow(InvalidArgumentError);
    }
  });
});

describe("freezeJson", () => {
  it("copies deeply, drops undefined members like JSON, and keeps a __proto__ key as data", () => {
    const input = JSON.parse('{"__proto__": {"x": 1}, "list": [1, {"a": null}]}');
    input.gone = undefined;
    const frozen = freezeJson(input, "attrs") as Record<string, unknown>;
    expect(Object.getPrototypeOf(frozen)).toBe(Object.prototype);
    expect(Object.keys(frozen)).toEqual(["__proto__", "list"]);
    expect(Object.isFrozen((frozen.list as unknown[])[1])).toBe(true);
  });

  it("rejects values JSON cannot hold, naming where they are", () => {
    expect(() => freezeJson({ a: [new Map()] }, "userAttrs")).toThrow(
      /^userAttrs\.a\[0\] must be JSON .* got a Map\./,
    );
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => freezeJson(cyclic, "userAttrs")).toThrow(/nested at most/);
  });
});

describe("freezeDistribution", () => {
  it("keeps an already frozen distribution and copies a mutable one", () => {
    const frozen = Object.freeze({ type: "categorical", choices: Object.freeze(["a"]) } as const);
    expect(freezeDistribution(frozen, "d")).toBe(frozen);
    const mutable = { type: "float", low: 0, high: 1, log: false, step: null };
    const copy = freezeDistribution(mutable, "d");
    expect(copy).not.toBe(mutable);
    expect(copy).toEqual(mutable);
    expect(Object.isFrozen(copy)).toBe(true);
  });
});
