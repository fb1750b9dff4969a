import { describe, expect, it } from "vitest";
import { parseSweep, studyNameOf } from "./parse-sweep.js";
import type { Sweep } from "./sweep.js";

const FULL = `study: lr-sweep
storage: sqlite:./t.db
command: python train.py --lr \${lr} --opt=\${opt} \${args}
workdir: ./project
env: {DATASET: mnist, SEED: 3, DEBUG: true}
metric: val_loss
direction: maximize
sampler: {name: tpe, seed: 1, nStartupTrials: 5}
pruner: {name: median, nWarmupSteps: 2}
budget:
  trials: 100
  time: 1h30m
  maxConsecutiveFailures: 3
parallel: 2
trialTimeout: 10m
killGrace: 5
retries: 0
logs: my-logs
constraints: [mem_over_gb]
parameters:
  lr: {type: float, low: 1.0e-5, high: 0.1, log: true}
  batch: {type: int, low: 16, high: 256, step: 16}
  opt: {type: categorical, choices: [adam, sgd]}
  layers: [1, 2, 3]
  epochs: 20
  momentum: {type: float, low: 0, high: 0.99, when: {opt: sgd}}
  dropout: {type: float, low: 0, high: 0.5, grid: [0, 0.25, 0.5]}
forbidden:
  - {opt: sgd, batch: {gt: 128}}
  - {layers: {in: [3]}, lr: {gte: 0.05}}
`;

const EXPECTED: Sweep = {
  version: 1,
  study: "lr-sweep",
  storage: "sqlite:./t.db",
  command: { kind: "argv", argv: ["python", "train.py", "--lr", `\${lr}`, `--opt=\${opt}`, `\${args}`] },
  workdir: "./project",
  env: { DATASET: "mnist", SEED: "3", DEBUG: "true" },
  metrics: ["val_loss"],
  directions: ["maximize"],
  sampler: { name: "tpe", options: { seed: 1, nStartupTrials: 5 } },
  pruner: { name: "median", options: { nWarmupSteps: 2 } },
  budget: { trials: 100, time: 5400, maxConsecutiveFailures: 3 },
  parallel: 2,
  trialTimeout: 600,
  killGrace: 5,
  retries: 0,
  logs: "my-logs",
  constraints: ["mem_over_gb"],
  parameters: [
    {
      name: "lr",
      kind: "sample",
      distribution: { type: "float", low: 1e-5, high: 0.1, log: true, step: null },
      when: null,
      grid: null,
    },
    {
      name: "batch",
      kind: "sample",
      distribution: { type: "int", low: 16, high: 256, log: false, step: 16 },
      when: null,
      grid: null,
    },
    {
      name: "opt",
      kind: "sample",
      distribution: { type: "categorical", choices: ["adam", "sgd"] },
      when: null,
      grid: null,
    },
    {
      name: "layers",
      kind: "sample",
      distribution: { type: "categorical", choices: [1, 2, 3] },
      when: null,
      grid: null,
    },
    { name: "epochs", kind: "constant", value: 20, when: null },
    {
      name: "momentum",
      kind: "sample",
      distribution: { type: "float", low: 0, high: 0.99, log: false, step: null },
      when: { opt: { eq: "sgd" } },
      grid: null,
    },
    {
      name: "dropout",
      kind: "sample",
      distribution: { type: "float", low: 0, high: 0.5, log: false, step: null },
      when: null,
      grid: [0, 0.25, 0.5],
    },
  ],
  forbidden: [
    { opt: { eq: "sgd" }, batch: { gt: 128 } },
    { layers: { in: [3] }, lr: { gte: 0.05 } },
  ],
};

const MINIMAL = "command: [python, train.py]\nmetric: loss\nparameters:\n  x: [1, 2]\n";

describe("parseSweep", () => {
  it("normalizes a file that uses every field", () => {
    expect(parseSweep(FULL, "sweeps/other.yaml")).toEqual(EXPECTED);
  });

  it("returns plain JSON: a JSON round trip changes nothing", () => {
    const sweep = parseSweep(FULL, "sweep.yaml");
    expect(JSON.parse(JSON.stringify(sweep))).toEqual(sweep);
  });

  it("applies every default", () => {
    expect(parseSweep(MINIMAL, "dir/my-study.yml")).toEqual({
      version: 1,
      study: "my-study",
      storage: null,
      command: { kind: "argv", argv: ["python", "train.py"] },
      workdir: null,
      env: {},
      metrics: ["loss"],
      directions: ["minimize"],
      sampler: { name: "tpe", options: {} },
      pruner: { name: "median", options: {} },
      budget: { trials: null, time: null, maxConsecutiveFailures: 5 },
      parallel: 1,
      trialTimeout: null,
      killGrace: 10,
      retries: 1,
      logs: "tunekit-logs",
      constraints: [],
      parameters: [
        {
          name: "x",
          kind: "sample",
          distribution: { type: "categorical", choices: [1, 2] },
          when: null,
          grid: null,
        },
      ],
      forbidden: [],
    } satisfies Sweep);
  });

  it("treats null like an absent optional field", () => {
    const sweep = parseSweep(
      `${MINIMAL}storage: ~\nworkdir: null\nbudget: {trials: null}\ntrialTimeout: ~\n`,
      "s.yaml",
    );
    expect(sweep.storage).toBeNull();
    expect(sweep.workdir).toBeNull();
    expect(sweep.budget).toEqual({ trials: null, time: null, maxConsecutiveFailures: 5 });
    expect(sweep.trialTimeout).toBeNull();
  });

  it("reads the parameter shorthands: a list is categorical, a scalar is a constant", () => {
    const sweep = parseSweep(
      "command: run\nmetric: m\nparameters:\n  a: [x, 1, true, null]\n  b: 3\n  c: adam\n  d: false\n  e: {choices: [p, q]}\n  f: {value: 7, when: {a: x}}\n",
      "s.yaml",
    );
    expect(sweep.parameters).toEqual([
      {
        name: "a",
        kind: "sample",
        distribution: { type: "categorical", choices: ["x", 1, true, null] },
        when: null,
        grid: null,
      },
      { name: "b", kind: "constant", value: 3, when: null },
      { name: "c", kind: "constant", value: "adam", when: null },
      { name: "d", kind: "constant", value: false, when: null },
      {
        name: "e",
        kind: "sample",
        distribution: { type: "categorical", choices: ["p", "q"] },
        when: null,
        grid: null,
      },
      { name: "f", kind: "constant", value: 7, when: { a: { eq: "x" } } },
    ]);
  });

  it("normalizes every kind of match", () => {
    const sweep = parseSweep(
      `command: run
metric: m
parameters:
  n: {type: int, low: 0, high: 10}
  s: [a, b, c]
forbidden:
  - {s: a}
  - {s: [a, b]}
  - {n: {gte: 2, lt: 5}, s: {notIn: [c], ne: b}}
  - {n: {eq: 3}}
  - {n: {in: [1, 2], lte: 7, gt: 0}}
`,
      "s.yaml",
    );
    expect(sweep.forbidden).toEqual([
      { s: { eq: "a" } },
      { s: { in: ["a", "b"] } },
      { n: { gte: 2, lt: 5 }, s: { ne: "b", notIn: ["c"] } },
      { n: { eq: 3 } },
      { n: { in: [1, 2], lte: 7, gt: 0 } },
    ]);
  });

  it("reads several objectives with default directions", () => {
    const sweep = parseSweep("command: run\nmetrics: [loss, latency]\nparameters: {x: [1]}\n", "s.yaml");
    expect(sweep.metrics).toEqual(["loss", "latency"]);
    expect(sweep.directions).toEqual(["minimize", "minimize"]);
    const given = parseSweep(
      "command: run\nmetrics: [acc, ms]\ndirections: [maximize, minimize]\nparameters: {x: [1]}\n",
      "s.yaml",
    );
    expect(given.directions).toEqual(["maximize", "minimize"]);
  });

  it("keeps a list command as given, numbers as strings", () => {
    const sweep = parseSweep(
      `command: [python, "my script.py", --epochs, 3, "--x=\${x}"]\nmetric: m\nparameters: {x: [1]}\n`,
      "s.yaml",
    );
    expect(sweep.command).toEqual({
      kind: "argv",
      argv: ["python", "my script.py", "--epochs", "3", `--x=\${x}`],
    });
  });

  it("splits a string command without any shell meaning", () => {
    const sweep = parseSweep(
      `command: python -c 'print(1); print(2)' "a b" x|y \${x}\nmetric: m\nparameters: {x: [1]}\n`,
      "s.yaml",
    );
    expect(sweep.command).toEqual({
      kind: "argv",
      argv: ["python", "-c", "print(1); print(2)", "a b", "x|y", `\${x}`],
    });
  });

  it("keeps a shell script whole with shell: true", () => {
    const sweep = parseSweep(
      `command: cd src && python train.py --lr \${lr} | tee log\nshell: true\nmetric: m\nparameters: {lr: [1]}\n`,
      "s.yaml",
    );
    expect(sweep.command).toEqual({
      kind: "shell",
      script: `cd src && python train.py --lr \${lr} | tee log`,
    });
  });

  it("maps pruner none to nop and takes plug-in names as plain strings", () => {
    const sweep = parseSweep(`${MINIMAL}sampler: random\npruner: none\n`, "s.yaml");
    expect(sweep.sampler).toEqual({ name: "random", options: {} });
    expect(sweep.pruner).toEqual({ name: "nop", options: {} });
  });

  it("accepts durations as seconds or strings", () => {
    const sweep = parseSweep(`${MINIMAL}budget: {time: 90}\ntrialTimeout: 2h\nkillGrace: 0\n`, "s.yaml");
    expect(sweep.budget.time).toBe(90);
    expect(sweep.trialTimeout).toBe(7200);
    expect(sweep.killGrace).toBe(0);
  });
});

describe("studyNameOf", () => {
  it("takes the base name without .yaml or .yml", () => {
    expect(studyNameOf("a/b/lr-sweep.yaml")).toBe("lr-sweep");
    expect(studyNameOf("C:\\x\\s.YML")).toBe("s");
    expect(studyNameOf("plain")).toBe("plain");
  });
});
