import { describe, expect, it } from "vitest";
import { parseLenientJson } from "./lenient-json.js";

describe("parseLenientJson", () => {
  it("reads NaN, Infinity and -Infinity outside strings as numbers", () => {
    expect(parseLenientJson('{"a": NaN, "b": Infinity, "c": -Infinity, "d": [NaN, -Infinity]}')).toEqual({
      a: Number.NaN,
      b: Number.POSITIVE_INFINITY,
      c: Number.NEGATIVE_INFINITY,
      d: [Number.NaN, Number.NEGATIVE_INFINITY],
    });
  });

  it("leaves the tokens inside strings, keys and escapes as text", () => {
    const text = String.raw`{"NaN": "NaN", "s": "-Infinity", "q": "say \"NaN\" \\", "n": "nNaN", "e": "\u004eaN", "Infinity": 1}`;
    expect(parseLenientJson(text)).toEqual({
      NaN: "NaN",
      s: "-Infinity",
      q: 'say "NaN" \\',
      n: "nNaN",
      e: "NaN",
      Infinity: 1,
    });
  });

  it("returns plain JSON unchanged, strings included", () => {
    expect(parseLenientJson('{"a": "x", "b": [1, "y", null, true]}')).toEqual({
      a: "x",
      b: [1, "y", null, true],
    });
    expect(parseLenientJson('"NaN"')).toBe("NaN");
    expect(parseLenientJson("NaN")).toBeNaN();
  });

  it.each([
    "{NaN: 1}",
    "{Infinity : 1}",
    '{"a": NaNx}',
    '{"a": -NaN}',
    '{"a": nan}',
    '{"a": Infinity1}',
    '{"a": "NaN}',
    '{"a": 1,}',
  ])("rejects %s", (text) => {
    expect(() => parseLenientJson(text)).toThrow(SyntaxError);
  });
});
