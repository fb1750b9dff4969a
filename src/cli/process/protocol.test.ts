import { describe, expect, it } from "vitest";
import {
  isProtocolProblem,
  overflowNote,
  type ProtocolMessage,
  type ProtocolProblem,
  parseProtocolLine,
} from "./protocol.js";

function message(line: string): ProtocolMessage {
  const result = parseProtocolLine(line);
  if (result === null || isProtocolProblem(result))
    throw new Error(`not a message: ${JSON.stringify(result)}`);
  return result;
}

function problem(line: string): string {
  const result = parseProtocolLine(line);
  if (result === null || !isProtocolProblem(result))
    throw new Error(`not a problem: ${JSON.stringify(result)}`);
  return (result as ProtocolProblem).problem;
}

describe("parseProtocolLine", () => {
  it("returns null for lines that are not protocol lines", () => {
    expect(parseProtocolLine("epoch 3: loss 0.4")).toBeNull();
    expect(parseProtocolLine("")).toBeNull();
    expect(parseProtocolLine("TUNEKIT: {}")).toBeNull();
    expect(parseProtocolLine('log tunekit: {"a": 1}')).toBeNull();
  });

  it("reads every reserved key and the metrics", () => {
    expect(
      message(
        'tunekit: {"step": 3, "final": true, "val_loss": 0.41, "acc": 1, "constraints": {"mem": -0.5}, "attrs": {"gpu": "A100", "n": [1, {"x": null}]}}',
      ),
    ).toEqual({
      step: 3,
      final: true,
      metrics: { val_loss: 0.41, acc: 1 },
      constraints: { mem: -0.5 },
      attrs: { gpu: "A100", n: [1, { x: null }] },
    });
  });

  it("defaults step to null, final to false and the rest to empty", () => {
    expect(message("tunekit: {}")).toEqual({
      step: null,
      final: false,
      metrics: {},
      constraints: {},
      attrs: {},
    });
    expect(message('   \ttunekit:{"loss": 2}  ').metrics).toEqual({ loss: 2 });
    expect(message('tunekit: {"final": false, "loss": 2}').final).toBe(false);
  });

  it("accepts Python's NaN and ±Infinity as metric and constraint values, but not inside strings", () => {
    const m = message(
      'tunekit: {"loss": NaN, "up": Infinity, "down": -Infinity, "constraints": {"c": NaN}, "attrs": {"note": "NaN", "v": -Infinity}}',
    );
    expect(m.metrics.loss).toBeNaN();
    expect(m.metrics.up).toBe(Number.POSITIVE_INFINITY);
    expect(m.metrics.down).toBe(Number.NEGATIVE_INFINITY);
    expect(m.constraints.c).toBeNaN();
    expect(m.attrs).toEqual({ note: "NaN", v: Number.NEGATIVE_INFINITY });
    expect(problem('tunekit: {"loss": "NaN"}')).toContain('metric "loss" must be a number, but got "NaN"');
  });

  it("accepts a step written as 3.0 and keeps a __proto__ key as data", () => {
    expect(message('tunekit: {"step": 3.0, "loss": 1}').step).toBe(3);
    const m = message('tunekit: {"__proto__": 5, "attrs": {"__proto__": {"a": 1}}}');
    expect(Object.entries(m.metrics)).toEqual([["__proto__", 5]]);
    expect(Object.getPrototypeOf(m.metrics)).toBe(Object.prototype);
    expect(Object.entries(m.attrs)).toEqual([["__proto__", { a: 1 }]]);
  });

  it.each([
    ['tunekit: {"step": -1}', '"step" must be a non-negative integer, but got -1'],
    ['tunekit: {"step": 1.5}', "but got 1.5"],
    ['tunekit: {"step": "3"}', 'but got "3"'],
    ['tunekit: {"step": null}', "but got null"],
    ['tunekit: {"step": NaN}', "but got NaN"],
    ['tunekit: {"step": Infinity}', "but got Infinity"],
    ['tunekit: {"step": 1e300}', "but got 1e+300"],
  ])("rejects a bad step: %s", (line, expected) => {
    expect(problem(line)).toContain(expected);
  });

  it.each([
    ["tunekit: {loss: 1}", 'the text after "tunekit:" is not JSON'],
    ["tunekit:", "is not JSON"],
    ['tunekit: {"loss": 1', "is not JSON"],
    ["tunekit: [1, 2]", "must be a JSON object, but got [1,2]"],
    ["tunekit: 0.5", "must be a JSON object, but got 0.5"],
    ["tunekit: null", "must be a JSON object, but got null"],
    ['tunekit: {"loss": true}', 'metric "loss" must be a number, but got true'],
    ['tunekit: {"loss": [1]}', 'metric "loss" must be a number'],
    ['tunekit: {"final": 1}', '"final" must be true or false, but got 1'],
    ['tunekit: {"constraints": [1]}', '"constraints" must be an object of numbers'],
    ['tunekit: {"constraints": {"mem": "high"}}', 'constraint "mem" must be a number, but got "high"'],
    ['tunekit: {"attrs": "x"}', '"attrs" must be an object, but got "x"'],
  ])("reports %s as a problem", (line, expected) => {
    const text = problem(line);
    expect(text).toMatch(/^malformed tunekit line: /);
    expect(text).toContain(expected);
  });

  it("shortens a long received value in the message", () => {
    const text = problem(`tunekit: {"loss": "${"x".repeat(1000)}"}`);
    expect(text.length).toBeLessThan(200);
    expect(text).toContain("xxx…. Print the number itself.");
  });
});

describe("overflowNote", () => {
  it("names numbers too large for a double, read as ±Infinity, and nothing else", () => {
    const note = (line: string) => overflowNote(line, message(line));
    expect(note('tunekit: {"loss": 1e999}')).toBe(
      "1e999 is beyond the range of a 64-bit float and was read as Infinity",
    );
    expect(note('tunekit: {"a": -2e400, "b": 1E+999, "c": 1}')).toBe(
      "-2e400, 1E+999 are beyond the range of a 64-bit float and were read as -Infinity and Infinity",
    );
    expect(note('tunekit: {"constraints": {"mem": 9e9999}}')).toContain("9e9999 is beyond");
    expect(note('tunekit: {"loss": Infinity}')).toBeNull();
    expect(note('tunekit: {"loss": 1e308, "attrs": {"note": "1e999"}}')).toBeNull();
    expect(note('tunekit: {"loss": -Infinity, "attrs": {"note": "1e999"}}')).toBeNull();
  });
});
