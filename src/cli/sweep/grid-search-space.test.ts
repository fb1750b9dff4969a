import { describe, expect, it } from "vitest";
import { silenceLogs } from "../../../test/helpers.js";
import { createStudy, SweepError, samplerRegistry } from "../../core.js";
import { parseSweep } from "./parse-sweep.js";
import { suggestSweepParams } from "./suggest-sweep-params.js";

silenceLogs();

const HEAD = "command: run\nmetric: m\n";

function messages(text: string): string[] {
  try {
    parseSweep(text, "s.yaml");
  } catch (e) {
    if (e instanceof SweepError) return e.issues.map((i) => `${i.path}: ${i.message}`);
    throw e;
  }
  return [];
}

describe("the grid sampler's search space", () => {
  it("is built from the parameters: choices, every int on its step, float and int grid points", () => {
    const sweep = parseSweep(
      `${HEAD}sampler: {name: grid, seed: 3}
parameters:
  opt: [adam, sgd]
  batch: {type: int, low: 16, high: 64, step: 16}
  depth: {type: int, low: 1, high: 100, grid: [1, 10, 100]}
  dropout: {type: float, low: 0, high: 0.5, grid: [0, 0.25, 0.5]}
  epochs: 20
`,
      "s.yaml",
    );
    expect(sweep.sampler).toEqual({
      name: "grid",
      options: {
        seed: 3,
        searchSpace: {
          opt: ["adam", "sgd"],
          batch: [16, 32, 48, 64],
          depth: [1, 10, 100],
          dropout: [0, 0.25, 0.5],
        },
      },
    });
  });

  it("runs every point once through suggestSweepParams, then the study stops as exhausted", async () => {
    const sweep = parseSweep(
      `${HEAD}sampler: grid\nparameters:\n  a: [x, y]\n  n: {type: int, low: 1, high: 3}\n  c: 5\n`,
      "s.yaml",
    );
    const study = await createStudy({ sampler: samplerRegistry.create(sweep.sampler) });
    const seen: string[] = [];
    const result = await study.optimize(
      (trial) => {
        const p = suggestSweepParams(trial, sweep);
        seen.push(`${p.a}${p.n}${p.c}`);
        return 0;
      },
      { nTrials: 50 },
    );
    expect(result.stopReason).toBe("exhausted");
    expect(seen.sort()).toEqual(["x15", "x25", "x35", "y15", "y25", "y35"]);
  });

  it("keeps an explicit searchSpace and checks it against the parameters", () => {
    const sweep = parseSweep(
      `${HEAD}sampler: {name: grid, searchSpace: {lr: [0.1, 0.01]}}\nparameters:\n  lr: {type: float, low: 0.001, high: 1}\n`,
      "s.yaml",
    );
    expect(sweep.sampler.options).toEqual({ searchSpace: { lr: [0.1, 0.01] } });
    expect(
      messages(
        `${HEAD}sampler: {name: grid, searchSpace: {lr: [0.1, 5], other: [1]}}\nparameters:\n  lr: {type: float, low: 0.001, high: 1}\n  n: [1, 2]\n`,
      ),
    ).toEqual([
      "sampler.searchSpace.n: is missing: the grid sampler must be given values for every sampled parameter. Add n: [...], or drop searchSpace to build it from parameters.",
      'sampler.searchSpace.lr.1: 5 is not a value of float[0.001, 1], so the trial would fail. Use values "lr" can take.',
      'sampler.searchSpace.other: "other" is not a sampled parameter of this sweep. Remove it, or define it under parameters.',
    ]);
  });

  it("refuses floats without grid points, huge int ranges and conditional parameters", () => {
    expect(
      messages(`${HEAD}sampler: grid
parameters:
  lr: {type: float, low: 0, high: 1}
  n: {type: int, low: 0, high: 9999}
  big: {type: int, low: 0, high: 10000}
  opt: [a, b]
  m: {type: float, low: 0, high: 1, grid: [0, 1], when: {opt: a}}
`),
    ).toEqual([
      'parameters.lr.grid: the grid sampler needs the points to try for the float "lr", but it has no grid. Add grid: [0, 1] with the values in between you want.',
      'parameters.big: the grid sampler would try all 10001 values of "big" (at most 10000). Give grid: [...] points, or a larger step.',
      'parameters.m.when: the grid sampler does not support conditional parameters: every grid point sets every parameter, so points differing only in an inactive "m" would run twice. Remove when, or use another sampler (tpe, random, qmc).',
    ]);
  });

  it("leaves other samplers' options alone", () => {
    const sweep = parseSweep(
      `${HEAD}sampler: {name: random, seed: 1}\nparameters:\n  x: {type: float, low: 0, high: 1, grid: [0.5]}\n`,
      "s.yaml",
    );
    expect(sweep.sampler).toEqual({ name: "random", options: { seed: 1 } });
  });
});
