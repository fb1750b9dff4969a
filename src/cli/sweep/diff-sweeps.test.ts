import { describe, expect, it } from "vitest";
import { diffSweeps, sameJson } from "./diff-sweeps.js";
import { parseSweep } from "./parse-sweep.js";
import type { Sweep } from "./sweep.js";

const BASE = `command: python train.py --lr \${lr}
metric: loss
parameters:
  lr: {type: float, low: 1.0e-4, high: 0.1, log: true}
  opt: [adam, sgd]
  m: {type: float, low: 0, high: 1, when: {opt: sgd}}
  epochs: 10
`;

const stored = parseSweep(BASE, "s.yaml");

function next(extra: string, base = BASE): Sweep {
  return parseSweep(base + extra, "s.yaml");
}

describe("diffSweeps", () => {
  it("finds nothing between equal sweeps, whatever their key order", () => {
    const reverse = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(reverse)
        : v !== null && typeof v === "object"
          ? Object.fromEntries(
              Object.entries(v)
                .reverse()
                .map(([k, x]) => [k, reverse(x)]),
            )
          : v;
    const reordered = reverse(stored) as Sweep;
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(stored));
    expect(diffSweeps(stored, reordered)).toEqual({ compatible: [], incompatible: [] });
  });

  it("lets run settings and the budget change", () => {
    const changed = next(
      "budget: {trials: 50, time: 1h, maxConsecutiveFailures: 2}\nparallel: 4\ntrialTimeout: 60\nkillGrace: 1\nretries: 3\nlogs: other\nstorage: sqlite:x.db\n",
    );
    const { compatible, incompatible } = diffSweeps(stored, changed);
    expect(incompatible).toEqual([]);
    expect(compatible).toEqual([
      { path: "budget.trials", from: null, to: 50 },
      { path: "budget.time", from: null, to: 3600 },
      { path: "budget.maxConsecutiveFailures", from: 5, to: 2 },
      { path: "storage", from: null, to: "sqlite:x.db" },
      { path: "parallel", from: 1, to: 4 },
      { path: "trialTimeout", from: null, to: 60 },
      { path: "killGrace", from: 10, to: 1 },
      { path: "retries", from: 1, to: 3 },
      { path: "logs", from: "tunekit-logs", to: "other" },
    ]);
  });

  it("lets categorical choices grow at the end, but not change otherwise", () => {
    const grown = next("", BASE.replace("opt: [adam, sgd]", "opt: [adam, sgd, rmsprop]"));
    expect(diffSweeps(stored, grown)).toEqual({
      compatible: [{ path: "parameters.opt.choices", from: ["adam", "sgd"], to: ["adam", "sgd", "rmsprop"] }],
      incompatible: [],
    });
    const reordered = next("", BASE.replace("opt: [adam, sgd]", "opt: [sgd, adam]"));
    expect(diffSweeps(stored, reordered).incompatible.map((c) => c.path)).toEqual(["parameters.opt.choices"]);
    const shrunk = diffSweeps(grown, stored);
    expect(shrunk.incompatible.map((c) => c.path)).toEqual(["parameters.opt.choices"]);
  });

  it("refuses changes to what a trial means", () => {
    const cases: [string, string, string][] = [
      ["command", "train.py", "other.py"],
      ["shell", "metric: loss", "metric: loss\nshell: true"],
      ["workdir", "metric: loss", "metric: loss\nworkdir: x"],
      ["env", "metric: loss", "metric: loss\nenv: {A: b}"],
      ["metrics", "metric: loss", "metric: acc"],
      ["directions", "metric: loss", "metric: loss\ndirection: maximize"],
      ["sampler", "metric: loss", "metric: loss\nsampler: random"],
      ["pruner", "metric: loss", "metric: loss\npruner: none"],
      ["constraints", "metric: loss", "metric: loss\nconstraints: [c]"],
      ["study", "metric: loss", "metric: loss\nstudy: other"],
      ["forbidden", "  epochs: 10\n", "  epochs: 10\nforbidden: [{opt: sgd, m: {gt: 0.5}}]\n"],
      ["parameters.lr.distribution", "high: 0.1", "high: 0.2"],
      ["parameters.m.when", "when: {opt: sgd}", "when: {opt: adam}"],
      ["parameters.epochs.value", "epochs: 10", "epochs: 11"],
      ["parameters.epochs", "epochs: 10", "epochs: [10, 20]"],
    ];
    for (const [path, from, to] of cases) {
      expect(BASE.includes(from), path).toBe(true);
      const { incompatible } = diffSweeps(stored, next("", BASE.replace(from, to)));
      const expected = path === "shell" ? "command" : path;
      expect(
        incompatible.map((c) => c.path),
        path,
      ).toEqual([expected]);
    }
  });

  it("reports added and removed parameters with the whole definition", () => {
    const added = next("", BASE.replace("  epochs: 10\n", "  epochs: 10\n  seed: 1\n"));
    expect(diffSweeps(stored, added).incompatible).toEqual([
      { path: "parameters.seed", from: null, to: { name: "seed", kind: "constant", value: 1, when: null } },
    ]);
    expect(diffSweeps(added, stored).incompatible).toEqual([
      { path: "parameters.seed", from: { name: "seed", kind: "constant", value: 1, when: null }, to: null },
    ]);
  });

  it("ignores parameter order", () => {
    const moved = next(
      "",
      BASE.replace("  epochs: 10\n", "").replace("parameters:\n", "parameters:\n  epochs: 10\n"),
    );
    expect(diffSweeps(stored, moved)).toEqual({ compatible: [], incompatible: [] });
  });
});

describe("sameJson", () => {
  it("compares structure, not key order", () => {
    expect(sameJson({ a: [1, { b: null }], c: "x" }, { c: "x", a: [1, { b: null }] })).toBe(true);
    expect(sameJson({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameJson([1, 2], [2, 1])).toBe(false);
    expect(sameJson([], {})).toBe(false);
    expect(sameJson(null, {})).toBe(false);
  });
});
