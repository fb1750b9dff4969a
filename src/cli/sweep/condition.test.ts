import { describe, expect, it } from "vitest";
import { describeCondition, matches, showValue } from "./condition.js";

describe("matches", () => {
  it("needs every named parameter to match", () => {
    const rule = { opt: { eq: "sgd" }, batch: { gt: 128 } };
    expect(matches(rule, { opt: "sgd", batch: 256 })).toBe(true);
    expect(matches(rule, { opt: "sgd", batch: 128 })).toBe(false);
    expect(matches(rule, { opt: "adam", batch: 256 })).toBe(false);
  });

  it("is false when a named parameter is inactive, for every op", () => {
    for (const ops of [{ eq: 1 }, { ne: 1 }, { in: [1] }, { notIn: [1] }, { lt: 5 }]) {
      expect(matches({ m: ops }, { other: 1 })).toBe(false);
    }
  });

  it("applies each op, several ops all holding", () => {
    expect(matches({ x: { ne: "a" } }, { x: "b" })).toBe(true);
    expect(matches({ x: { ne: "a" } }, { x: "a" })).toBe(false);
    expect(matches({ x: { in: [1, 2] } }, { x: 2 })).toBe(true);
    expect(matches({ x: { notIn: [1, 2] } }, { x: 2 })).toBe(false);
    expect(matches({ x: { gte: 1, lt: 3 } }, { x: 1 })).toBe(true);
    expect(matches({ x: { gte: 1, lt: 3 } }, { x: 3 })).toBe(false);
    expect(matches({ x: { lte: 3, gt: 1 } }, { x: 3 })).toBe(true);
    expect(matches({ x: { eq: null } }, { x: null })).toBe(true);
    expect(matches({ x: { eq: 1 } }, { x: "1" })).toBe(false);
  });

  it("never orders a non-number", () => {
    expect(matches({ x: { lt: 5 } }, { x: "1" })).toBe(false);
    expect(matches({ x: { gte: 0 } }, { x: true })).toBe(false);
  });

  it("reads only own keys", () => {
    expect(matches({ toString: { eq: 1 } }, {})).toBe(false);
  });
});

describe("describeCondition", () => {
  it("reads like the rule", () => {
    expect(describeCondition({ opt: { eq: "sgd" }, batch: { gt: 128 } })).toBe("{opt: sgd, batch > 128}");
    expect(
      describeCondition({ a: { in: [1, "x y"], notIn: ["true"] }, b: { ne: null, gte: 1, lte: 2, lt: 3 } }),
    ).toBe('{a in [1, "x y"], a not in ["true"], b != null, b < 3, b <= 2, b >= 1}');
  });

  it("quotes strings that would read as something else", () => {
    expect(showValue("1")).toBe('"1"');
    expect(showValue("null")).toBe('"null"');
    expect(showValue("")).toBe('""');
    expect(showValue("resnet-50/v2")).toBe("resnet-50/v2");
    expect(showValue(false)).toBe("false");
  });
});
