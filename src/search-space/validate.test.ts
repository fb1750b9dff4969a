import { expect, describe as group, it } from "vitest";
import { expectSpaceError, thrown } from "../../test/helpers.js";
import type { SearchSpaceError } from "../errors.js";
import type { Distribution } from "./distribution.js";
import {
  assertCompatible,
  categoricalDistribution,
  describe,
  floatDistribution,
  intDistribution,
  validateDistribution,
} from "./validate.js";

const float = (low: number, high: number, extra: Partial<Distribution> = {}): Distribution =>
  ({ type: "float", low, high, log: false, step: null, ...extra }) as Distribution;
const int = (low: number, high: number, extra: Partial<Distribution> = {}): Distribution =>
  ({ type: "int", low, high, log: false, step: 1, ...extra }) as Distribution;
const cat = (...choices: (string | number | boolean | null)[]): Distribution => ({
  type: "categorical",
  choices,
});

group("floatDistribution", () => {
  it("builds plain, log and step distributions", () => {
    expect(floatDistribution("x", -1, 1)).toEqual(float(-1, 1));
    expect(floatDistribution("lr", 1e-5, 1, { log: true })).toEqual(float(1e-5, 1, { log: true }));
    expect(floatDistribution("d", 0, 0.5, { step: 0.1 })).toEqual(float(0, 0.5, { step: 0.1 }));
    expect(floatDistribution("one", 2, 2)).toEqual(float(2, 2));
  });

  it("rejects low > high and suggests swapping, naming the parameter", () => {
    const e = expectSpaceError(() => floatDistribution("x", 2, 1), "x", "search-space", /low must be ≤ high/);
    expect(e.message).toContain('suggestFloat("x")');
    expect(e.message).toContain("low=2, high=1");
    expect(e.message).toContain("Swap");
  });

  it("rejects non-finite or non-number bounds", () => {
    expectSpaceError(
      () => floatDistribution("x", Number.NaN, 1),
      "x",
      "search-space",
      /low must be a finite number/,
    );
    expectSpaceError(
      () => floatDistribution("x", 0, Number.POSITIVE_INFINITY),
      "x",
      "search-space",
      /high must be a finite/,
    );
  });

  it("rejects log with low ≤ 0 and proposes a positive bound", () => {
    for (const low of [0, -1]) {
      const e = expectSpaceError(
        () => floatDistribution("lr", low, 1, { log: true }),
        "lr",
        "search-space",
        /low must be > 0 when log is true/,
      );
      expect(e.message).toContain(`low=${low}`);
      expect(e.message).toContain("1e-8");
      expect(e.value).toBe(low);
    }
  });

  it("rejects log together with step", () => {
    expectSpaceError(
      () => floatDistribution("lr", 0.1, 1, { log: true, step: 0.1 }),
      "lr",
      "search-space",
      /log and step cannot be combined/,
    );
  });

  it("rejects a step that does not divide the range and suggests a high that fits", () => {
    const e = expectSpaceError(
      () => floatDistribution("x", 0, 10, { step: 3 }),
      "x",
      "search-space",
      /step must divide high − low/,
    );
    expect(e.message).toContain("Use high=9");
  });

  it("suggests a high that is itself accepted (even when float arithmetic adds noise)", () => {
    for (const [low, high, step] of [
      [0, 1, 0.3],
      [0.1, 1, 0.25],
      [-2, 3.3, 0.7],
    ] as const) {
      const e = thrown(() => floatDistribution("x", low, high, { step })) as SearchSpaceError;
      const fixed = Number(/Use high=([-\d.e]+)/.exec(e.message)?.[1]);
      expect(Number.isFinite(fixed)).toBe(true);
      expect(fixed).toBeLessThanOrEqual(high);
      expect(() => floatDistribution("x", low, fixed, { step })).not.toThrow();
    }
  });

  it("accepts a step that divides the range up to rounding", () => {
    expect(() => floatDistribution("x", 0, 1, { step: 0.1 })).not.toThrow();
    expect(() => floatDistribution("x", 0.1, 0.7, { step: 0.2 })).not.toThrow();
  });

  it("rejects a step that is not positive and finite", () => {
    for (const step of [0, -0.1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expectSpaceError(
        () => floatDistribution("x", 0, 1, { step }),
        "x",
        "search-space",
        /step must be a positive finite number/,
      );
    }
  });
});

group("intDistribution", () => {
  it("builds plain, log and step distributions with step 1 by default", () => {
    expect(intDistribution("n", 1, 8)).toEqual(int(1, 8));
    expect(intDistribution("n", 1, 1024, { log: true })).toEqual(int(1, 1024, { log: true }));
    expect(intDistribution("n", 1, 1024, { log: true, step: 1 })).toEqual(int(1, 1024, { log: true }));
    expect(intDistribution("n", 0, 10, { step: 5 })).toEqual(int(0, 10, { step: 5 }));
  });

  it("rejects low > high", () => {
    const e = expectSpaceError(() => intDistribution("n", 5, 1), "n", "search-space", /low must be ≤ high/);
    expect(e.message).toContain('suggestInt("n")');
  });

  it("rejects non-integer bounds, naming which one", () => {
    expectSpaceError(
      () => intDistribution("n", 0.5, 3),
      "n",
      "search-space",
      /low must be an integer, but got low=0.5/,
    );
    expectSpaceError(
      () => intDistribution("n", 0, 2.5),
      "n",
      "search-space",
      /high must be an integer, but got high=2.5/,
    );
  });

  it("rejects log with low ≤ 0 and proposes 1", () => {
    const e = expectSpaceError(
      () => intDistribution("n", 0, 8, { log: true }),
      "n",
      "search-space",
      /low must be > 0/,
    );
    expect(e.message).toContain("such as 1");
  });

  it("rejects log with a step other than 1", () => {
    expectSpaceError(
      () => intDistribution("n", 1, 9, { log: true, step: 2 }),
      "n",
      "search-space",
      /log and step cannot be combined \(except step=1\)/,
    );
  });

  it("rejects a non-integer or non-positive step", () => {
    for (const step of [0, -1, 1.5]) {
      expectSpaceError(
        () => intDistribution("n", 0, 6, { step }),
        "n",
        "search-space",
        /step must be a positive integer/,
      );
    }
  });

  it("rejects a step that does not divide the range and suggests a high that fits", () => {
    const e = expectSpaceError(
      () => intDistribution("n", 0, 10, { step: 3 }),
      "n",
      "search-space",
      /step must divide/,
    );
    expect(e.message).toContain("Use high=9");
    expect(() => intDistribution("n", 0, 9, { step: 3 })).not.toThrow();
  });
});

group("categoricalDistribution", () => {
  it("keeps the choices in order, as a copy", () => {
    const choices = ["a", 1, true, null];
    const d = categoricalDistribution("c", choices);
    expect(d).toEqual(cat("a", 1, true, null));
    choices.push("later");
    expect(d.choices).toHaveLength(4);
  });

  it("rejects an empty or missing choice list", () => {
    expectSpaceError(
      () => categoricalDistribution("c", []),
      "c",
      "search-space",
      /choices must be a non-empty array/,
    );
    expectSpaceError(
      () => categoricalDistribution("c", "ab" as never),
      "c",
      "search-space",
      /non-empty array/,
    );
  });

  it("rejects duplicate choices, naming the duplicate", () => {
    const e = expectSpaceError(
      () => categoricalDistribution("c", ["a", "b", "a"]),
      "c",
      "search-space",
      /distinct/,
    );
    expect(e.message).toContain('"a" appears twice');
    expect(e.value).toBe("a");
  });

  it("rejects choices that are not string, number, boolean or null", () => {
    for (const bad of [{}, [1], undefined, () => 1]) {
      expectSpaceError(
        () => categoricalDistribution("c", ["a", bad] as never),
        "c",
        "search-space",
        /each choice must be a string, number, boolean or null/,
      );
    }
  });
});

group("assertCompatible", () => {
  const ok = (previous: Distribution, next: Distribution) => () => assertCompatible("p", previous, next);

  it("allows range and step changes of the same kind and scale", () => {
    expect(ok(float(0, 1), float(-5, 5))).not.toThrow();
    expect(ok(float(0, 1), float(0, 1, { step: 0.5 }))).not.toThrow();
    expect(ok(int(0, 10), int(0, 100, { step: 10 }))).not.toThrow();
    expect(ok(float(1, 10, { log: true }), float(0.1, 100, { log: true }))).not.toThrow();
  });

  it("allows categorical choices that grow by appending", () => {
    expect(ok(cat("a", "b"), cat("a", "b", "c"))).not.toThrow();
    expect(ok(cat("a"), cat("a"))).not.toThrow();
  });

  it("rejects a change of kind with code incompatible-distribution, naming the parameter", () => {
    for (const [previous, next] of [
      [float(0, 1), int(0, 1)],
      [int(0, 1), cat(0, 1)],
      [cat("a"), float(0, 1)],
    ] as const) {
      const e = expectSpaceError(ok(previous, next), "p", "incompatible-distribution", /keep one kind/);
      expect(e.message).toContain(describe(previous));
      expect(e.message).toContain(describe(next));
    }
  });

  it("rejects switching between log and linear scale", () => {
    expectSpaceError(
      ok(float(1, 10), float(1, 10, { log: true })),
      "p",
      "incompatible-distribution",
      /log and linear/,
    );
    expectSpaceError(
      ok(int(1, 10, { log: true }), int(1, 10)),
      "p",
      "incompatible-distribution",
      /log and linear/,
    );
  });

  it("accepts a prefix of the known choices (a worker started before choices were appended)", () => {
    expect(() => assertCompatible("p", cat("a", "b"), cat("a"))).not.toThrow();
  });

  it("rejects reordered, removed or inserted categorical choices", () => {
    for (const next of [cat("b", "a"), cat("b"), cat("a", "x", "b")]) {
      expectSpaceError(ok(cat("a", "b"), next), "p", "incompatible-distribution", /only grow by appending/);
    }
  });
});

group("describe", () => {
  it("gives a short human form", () => {
    expect(describe(int(1, 8))).toBe("int[1, 8]");
    expect(describe(int(0, 10, { step: 2 }))).toBe("int[0, 10 step 2]");
    expect(describe(float(1e-5, 1, { log: true }))).toBe("float[0.00001, 1 log]");
    expect(describe(float(0, 1, { step: 0.5 }))).toBe("float[0, 1 step 0.5]");
    expect(describe(cat("a", 1))).toBe('categorical["a",1]');
  });
});

group("validateDistribution", () => {
  it("returns an equal distribution for valid data", () => {
    for (const d of [
      float(0, 1),
      float(1e-3, 1, { log: true }),
      float(0, 1, { step: 0.25 }),
      int(1, 64, { log: true }),
      int(0, 9, { step: 3 }),
      cat("a", null),
    ]) {
      expect(validateDistribution("x", d)).toEqual(d);
    }
  });

  it("applies the same checks as suggest*", () => {
    expectSpaceError(() => validateDistribution("x", float(1, 0)), "x", "search-space", /low must be ≤ high/);
    expectSpaceError(
      () => validateDistribution("x", int(0, 5, { step: 2 })),
      "x",
      "search-space",
      /step must divide/,
    );
    expectSpaceError(() => validateDistribution("x", cat()), "x", "search-space", /non-empty/);
  });

  it("rejects an unknown distribution type", () => {
    expectSpaceError(
      () => validateDistribution("x", { type: "normal" } as never),
      "x",
      "search-space",
      /unknown distribution/,
    );
    expectSpaceError(
      () => validateDistribution("x", null as never),
      "x",
      "search-space",
      /unknown distribution/,
    );
  });
});

group("ranges the samplers cannot represent", () => {
  it("rejects a float range whose width overflows, naming the rule", () => {
    const e = expectSpaceError(
      () => floatDistribution("x", -1e308, 1e308),
      "x",
      "search-space",
      /high − low must be a finite number/,
    );
    expect(e.message).toContain("Narrow the range");
    expect(() => floatDistribution("x", -1e307, 1e307)).not.toThrow();
  });

  it("rejects int bounds or widths beyond Number.MAX_SAFE_INTEGER", () => {
    for (const [low, high] of [
      [0, 2 ** 60],
      [-(2 ** 53), 0],
      [-(2 ** 52), 2 ** 52],
    ] as const) {
      expectSpaceError(() => intDistribution("n", low, high), "n", "search-space", /MAX_SAFE_INTEGER/);
    }
    expect(() => intDistribution("n", 0, Number.MAX_SAFE_INTEGER)).not.toThrow();
  });

  it("rejects a stepped float range with more steps than a double counts exactly", () => {
    expectSpaceError(
      () => floatDistribution("x", 0, 1, { step: 1e-300 }),
      "x",
      "search-space",
      /at most 9007199254740991 steps/,
    );
  });

  it("says a string bound was a string", () => {
    const e = expectSpaceError(
      () => floatDistribution("x", "0" as unknown as number, 1),
      "x",
      "search-space",
      /low must be a finite number/,
    );
    expect(e.message).toContain('low="0" (of type string)');
    expectSpaceError(
      () => intDistribution("n", 0, "5" as unknown as number),
      "n",
      "search-space",
      /high="5" \(of type string\)/,
    );
    expectSpaceError(
      () => floatDistribution("x", 0, 1, { step: "0.5" as unknown as number }),
      "x",
      "search-space",
      /step="0.5" \(of type string\)/,
    );
  });

  it("rejects an empty or non-string parameter name", () => {
    for (const build of [
      (n: string) => floatDistribution(n, 0, 1),
      (n: string) => intDistribution(n, 0, 1),
      (n: string) => categoricalDistribution(n, ["a"]),
    ]) {
      expect(() => build("")).toThrow(/parameter name must be a non-empty string/);
      expect(() => build(3 as unknown as string)).toThrow(/parameter name must be a non-empty string/);
    }
  });

  it("rejects NaN and infinite categorical choices, which JSON cannot store", () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY]) {
      expectSpaceError(
        () => categoricalDistribution("c", [1, bad]),
        "c",
        "search-space",
        /each number among the choices must be finite/,
      );
    }
  });
});
