import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../errors.js";
import { checkUserAttr, checkUserAttrs, jsonProblem } from "./json-value.js";

describe("jsonProblem", () => {
  it("accepts JSON values, shared (not cyclic) members and a __proto__ key", () => {
    const shared = { a: 1 };
    expect(jsonProblem({ x: [1, "a", true, null, { y: -0 }], s: shared, t: shared })).toBeNull();
    expect(jsonProblem(JSON.parse('{"__proto__": {"x": 1}}'))).toBeNull();
    expect(jsonProblem(Object.assign(Object.create(null), { a: 1 }))).toBeNull();
  });

  it("names the path to what JSON cannot hold", () => {
    const cyclic: Record<string, unknown> = { list: [] };
    (cyclic.list as unknown[]).push(cyclic);
    const cases: [unknown, RegExp][] = [
      [{ layers: [1, 2, () => 3] }, /^value\.layers\[2\] is a function$/],
      [cyclic, /^value\.list\[0\] is a cycle/],
      [{ n: 10n }, /^value\.n is a BigInt \(10n\)$/],
      [{ u: undefined }, /^value\.u is undefined$/],
      [[Symbol("s")], /^value\[0\] is a symbol$/],
      [{ "a b": Number.NaN }, /^value\["a b"\] is NaN, which JSON cannot hold/],
      [{ big: Number.POSITIVE_INFINITY }, /^value\.big is Infinity/],
      [{ when: new Date(0) }, /^value\.when is a Date, not a plain object$/],
      [new Map(), /^value is a Map/],
      [{ [Symbol("k")]: 1 }, /^value has a symbol key$/],
    ];
    for (const [value, text] of cases) expect(jsonProblem(value)).toMatch(text);
  });

  it("refuses nesting deeper than the storages keep", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 70; i++) deep = [deep];
    expect(jsonProblem(deep)).toMatch(/nested deeper than 64 levels/);
  });
});

describe("checkUserAttr(s)", () => {
  it("throws InvalidArgumentError naming the call, the path and the rule", () => {
    expect(() => checkUserAttr('setUserAttr("cfg")', "value", { layers: [1, 2, () => 3] })).toThrow(
      /^setUserAttr\("cfg"\): value\.layers\[2\] is a function; user attributes must be JSON values/,
    );
    expect(() => checkUserAttrs("enqueueTrial()", { a: { b: 1n } })).toThrow(InvalidArgumentError);
    expect(() => checkUserAttrs("enqueueTrial()", { a: { b: 1n } })).toThrow(/userAttrs\.a\.b is a BigInt/);
    expect(() => checkUserAttrs("addTrial()", "tag")).toThrow(/userAttrs must be an object/);
    expect(() => checkUserAttrs("addTrial()", undefined)).not.toThrow();
  });
});
