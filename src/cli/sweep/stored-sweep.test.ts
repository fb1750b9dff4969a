import { describe, expect, it } from "vitest";
import { SweepError, type SweepIssue } from "../../core.js";
import { parseSweep } from "./parse-sweep.js";
import { parseStoredSweep } from "./stored-sweep.js";
import type { Sweep } from "./sweep.js";

const FULL = parseSweep(
  `study: lr
storage: sqlite:./t.db
command: [python, train.py, "--lr=\${lr}", "\${args}"]
workdir: w
env: {A: "1"}
metrics: [loss, ms]
directions: [minimize, maximize]
sampler: {name: random, seed: 4}
pruner: {name: median, nWarmupSteps: 2}
budget: {trials: 9, time: 1h}
parallel: 3
trialTimeout: 30s
killGrace: 2
retries: 0
logs: l
constraints: [mem]
parameters:
  lr: {type: float, low: 1.0e-5, high: 0.1, log: true}
  q: {type: float, low: 0, high: 1, step: 0.25}
  batch: {type: int, low: 16, high: 256, step: 16}
  n: {type: int, low: 1, high: 64, log: true}
  opt: [adam, sgd, null, 3, true]
  m: {type: float, low: 0, high: 0.99, when: {opt: {in: [sgd, 3]}}, grid: [0, 0.5]}
  e: 20
  w: {value: warm, when: {opt: adam, batch: {gte: 32, lt: 200}}}
forbidden:
  - {opt: sgd, batch: {gt: 128}}
  - {n: {ne: 2, notIn: [4, 8]}}
`,
  "s.yaml",
);

function issuesOf(json: unknown): SweepIssue[] {
  try {
    parseStoredSweep(json, 'study "lr"');
  } catch (e) {
    if (e instanceof SweepError) return [...e.issues];
    throw e;
  }
  throw new Error("expected a SweepError");
}

describe("parseStoredSweep", () => {
  it("round-trips a sweep through JSON unchanged", () => {
    expect(parseStoredSweep(JSON.parse(JSON.stringify(FULL)), "stored")).toEqual(FULL);
  });

  it("round-trips a shell command and a grid sampler", () => {
    const sweep = parseSweep(
      `command: echo \${x} | tee out\nshell: true\nmetric: m\nsampler: grid\nparameters:\n  x: {type: int, low: 1, high: 3}\n`,
      "s.yaml",
    );
    expect(parseStoredSweep(JSON.parse(JSON.stringify(sweep)), "stored")).toEqual(sweep);
  });

  it("refuses another version", () => {
    expect(issuesOf({ ...FULL, version: 2 })).toEqual([
      {
        file: 'study "lr"',
        line: null,
        column: null,
        path: "version",
        message:
          "this tunekit reads sweep version 1, but the stored sweep has version 2. Run it with the tunekit version that wrote it.",
      },
    ]);
    expect(issuesOf(null)[0]?.message).toContain("has version null");
  });

  it("reports a wrong shape by path, without a line", () => {
    const broken = JSON.parse(JSON.stringify(FULL));
    broken.parallel = "3";
    broken.parameters[0].distribution.low = "x";
    broken.extra = 1;
    const issues = issuesOf(broken);
    expect(issues.map((i) => i.path).sort()).toEqual(["", "parallel", "parameters.0.distribution.low"]);
    expect(issues.every((i) => i.line === null && i.file === 'study "lr"')).toBe(true);
    expect(() => parseStoredSweep(broken, 'study "lr"')).toThrow(/^study "lr": parallel: /m);
  });

  it("applies the sweep file's rules to what is stored", () => {
    const stored = JSON.parse(JSON.stringify(FULL)) as { -readonly [K in keyof Sweep]: unknown };
    const params = stored.parameters as { name: string; distribution?: { low: number } }[];
    (params[0] as { distribution: { low: number } }).distribution.low = 0;
    stored.parameters = [params[5], ...params.slice(0, 5), ...params.slice(6)];
    stored.parallel = 0;
    const issues = issuesOf(stored);
    expect(issues.map((i) => [i.path, i.line])).toEqual([
      ["parameters.m.when.opt", null],
      ["parameters.lr.low", null],
      ["parallel", null],
    ]);
    expect(issues[0]?.message).toContain('"opt" is defined after "m"');
    expect(issues[1]?.message).toContain("low must be > 0 when log is true");
  });

  it("refuses a parameter stored twice", () => {
    const stored = JSON.parse(JSON.stringify(FULL));
    stored.parameters.push(stored.parameters[0]);
    expect(issuesOf(stored).map((i) => [i.path, i.message])).toEqual([
      ["parameters.8.name", 'parameter "lr" is stored twice.'],
    ]);
  });
});
