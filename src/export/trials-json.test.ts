import { describe, expect, it } from "vitest";
import { frozenTrial, thrown } from "../../test/helpers.js";
import { InvalidArgumentError } from "../errors.js";
import { parseTrialsJson, trialsToJson } from "./trials-json.js";

const study = { name: "s", directions: ["minimize", "maximize"] as const, metricNames: ["loss", "acc"] };

const trials = [
  frozenTrial({
    trialId: 7,
    number: 0,
    values: [Number.NaN, Number.POSITIVE_INFINITY],
    params: { lr: 0.01, opt: "adam", flag: true, none: null },
    distributions: {
      lr: { type: "float", low: 1e-5, high: 1, log: true, step: null },
      opt: { type: "categorical", choices: ["adam", "sgd"] },
    },
    intermediateValues: {
      0: Number.NEGATIVE_INFINITY,
      3: [1, Number.NaN],
      5: { a: Number.POSITIVE_INFINITY },
    },
    constraints: { mem: Number.NEGATIVE_INFINITY },
    userAttrs: { note: "ünï ✓", nested: { xs: [1, 2] } },
    systemAttrs: { fixedParams: { opt: "adam" } },
    startedAt: 1_700_000_000_000,
    completedAt: 1_700_000_001_500,
    workerId: "host:1:ab",
    seq: 12,
  }),
  frozenTrial({
    trialId: 8,
    number: 1,
    state: "FAIL",
    failReason: { code: "exception", message: "boom", stack: "Error: boom\n  at f" },
    retryOf: 0,
  }),
  frozenTrial({ trialId: 9, number: 2, state: "RUNNING", leaseExpiresAt: 1_700_000_060_000 }),
];

describe("trialsToJson and parseTrialsJson", () => {
  it("round-trip every field, NaN and ±Infinity included", () => {
    const doc = parseTrialsJson(trialsToJson(trials, { study: { ...study, userAttrs: { owner: "ana" } } }));
    expect(doc.format).toBe("tunekit-trials");
    expect(doc.version).toBe(1);
    expect(doc.study).toEqual({ ...study, userAttrs: { owner: "ana" } });
    expect(doc.trials).toEqual(trials);
    expect(doc.trials[0]?.values?.[0]).toBeNaN();
    expect(doc.trials[0]?.intermediateValues[0]).toBe(Number.NEGATIVE_INFINITY);
    expect(doc.trials[0]?.constraints.mem).toBe(Number.NEGATIVE_INFINITY);
  });

  it("write plain JSON that any reader parses, with non-finite numbers tagged", () => {
    const text = trialsToJson(trials, { study });
    const raw = JSON.parse(text);
    expect(raw.trials[0].values).toEqual([{ $nonfinite: "NaN" }, { $nonfinite: "Infinity" }]);
    expect(raw.study).toEqual({ ...study, userAttrs: {} });
  });

  it("fill a missing metricNames and userAttrs with null and {}", () => {
    const doc = parseTrialsJson(trialsToJson([], { study: { name: "s", directions: ["minimize"] } }));
    expect(doc.study).toEqual({ name: "s", directions: ["minimize"], metricNames: null, userAttrs: {} });
    expect(doc.trials).toEqual([]);
  });

  it("give back frozen records", () => {
    const doc = parseTrialsJson(trialsToJson(trials, { study }));
    expect(Object.isFrozen(doc.trials[0])).toBe(true);
    expect(Object.isFrozen(doc.trials[0]?.params)).toBe(true);
  });
});

describe("parseTrialsJson errors", () => {
  const valid = JSON.parse(trialsToJson(trials, { study }));
  const parseError = (text: string) => {
    const e = thrown(() => parseTrialsJson(text)) as InvalidArgumentError;
    expect(e).toBeInstanceOf(InvalidArgumentError);
    expect(e.code).toBe("invalid-argument");
    return e;
  };

  it("rejects text that is not JSON", () => {
    const e = parseError("{ not json");
    expect(e.message).toMatch(/^parseTrialsJson\(\): the text is not JSON/);
    expect(e.cause).toBeInstanceOf(SyntaxError);
  });

  it("rejects another format, naming what it got", () => {
    const e = parseError(JSON.stringify({ ...valid, format: "optuna" }));
    expect(e.message).toBe(
      'parseTrialsJson(): format must be "tunekit-trials", but got "optuna". Pass a file written by trialsToJson or exportStudy.',
    );
    expect(e.paramName).toBe("format");
    expect(parseError("[1, 2]").message).toMatch(/but got no object/);
  });

  it("rejects a newer version with advice to upgrade, and an older one with advice to export again", () => {
    expect(parseError(JSON.stringify({ ...valid, version: 2 })).message).toMatch(
      /version must be 1, but got 2\. It was written by a newer tunekit; upgrade tunekit/,
    );
    expect(parseError(JSON.stringify({ ...valid, version: "1" })).message).toMatch(
      /version must be 1, but got "1"\. Export the study again/,
    );
  });

  it("rejects a malformed study", () => {
    const e = parseError(JSON.stringify({ ...valid, study: { ...valid.study, directions: ["up"] } }));
    expect(e.paramName).toBe("study");
    expect(e.message).toMatch(/study must be \{ name: string, directions/);
  });

  it("rejects trials that are not an array, or a malformed trial by index", () => {
    expect(parseError(JSON.stringify({ ...valid, trials: {} })).message).toMatch(/trials must be an array/);
    const bad = { ...valid, trials: [valid.trials[0], { ...valid.trials[1], state: "DONE" }] };
    const e = parseError(JSON.stringify(bad));
    expect(e.paramName).toBe("trials[1]");
    expect(e.message).toMatch(/trials\[1\] must be a trial record/);
  });
});
