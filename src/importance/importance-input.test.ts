import { describe, expect, it } from "vitest";
import type { Distribution } from "../search-space/distribution.js";
import type { FrozenTrial } from "../trial/frozen-trial.js";
import { buildImportanceInput, importanceBounds, importanceScale } from "./importance-input.js";

const LOG_INT: Distribution = { type: "int", low: 1, high: 64, log: true, step: 1 };
const C: Distribution = { type: "categorical", choices: [null, "b", 3] };
const F: Distribution = { type: "float", low: -1, high: 1, log: false, step: null };

describe("importance scale", () => {
  it("is the log for log-scaled, the choice index for categoricals, the value otherwise", () => {
    expect(importanceScale(LOG_INT, 8)).toBeCloseTo(Math.log(8), 15);
    expect(importanceScale(C, 3)).toBe(2);
    expect(importanceScale(C, null)).toBe(0);
    expect(importanceScale(F, -0.5)).toBe(-0.5);
    expect(importanceBounds(LOG_INT)).toEqual([0, Math.log(64)]);
    expect(importanceBounds(C)).toEqual([0, 2]);
    expect(importanceBounds(F)).toEqual([-1, 1]);
  });

  it("builds one row per trial in the space's column order", () => {
    const trials = [
      { params: { c: "b", n: 4, f: 0.25 } },
      { params: { c: 3, n: 1, f: -1 } },
    ] as unknown as FrozenTrial[];
    const input = buildImportanceInput(
      trials,
      [
        ["f", F],
        ["n", LOG_INT],
        ["c", C],
      ],
      Float64Array.of(1, 2),
    );
    expect(input.params).toEqual(["f", "n", "c"]);
    expect(input.distributions).toEqual([F, LOG_INT, C]);
    expect(input.n).toBe(2);
    expect([...input.x]).toEqual([0.25, Math.log(4), 1, -1, 0, 2]);
    expect([...input.y]).toEqual([1, 2]);
  });
});
