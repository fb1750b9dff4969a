import { describe, expect, it } from "vitest";
import { SweepError, type SweepIssue } from "../../core.js";
import { parseSweep } from "./parse-sweep.js";

/** The issues parseSweep reports for `text`, as [line, column, path, message]. */
function issuesOf(text: string): SweepIssue[] {
  try {
    parseSweep(text, "sweep.yaml");
  } catch (e) {
    if (e instanceof SweepError) return [...e.issues];
    throw e;
  }
  throw new Error("expected a SweepError");
}

function only(text: string): SweepIssue {
  const issues = issuesOf(text);
  expect(issues, JSON.stringify(issues, null, 1)).toHaveLength(1);
  return issues[0] as SweepIssue;
}

const HEAD = "command: run\nmetric: m\n";

describe("sweep issues", () => {
  it("points a distribution rule at the line of its field (log needs low > 0)", () => {
    const text = `command: python train.py
metric: loss
sampler: random
pruner: none
budget: {trials: 3}
parameters:
  lr: {type: float, low: 0, high: 0.1, log: true}
`;
    const issue = only(text);
    expect(issue).toEqual({
      file: "sweep.yaml",
      line: 7,
      column: 26,
      path: "parameters.lr.low",
      message: "low must be > 0 when log is true, but got low=0. Use a positive lower bound such as 1e-8.",
    });
  });

  it("formats the error message as file:line:column: path: message", () => {
    expect(() =>
      parseSweep(`${HEAD}parameters:\n  x: {type: int, low: 1, high: 10, step: 4}\n`, "s.yaml"),
    ).toThrow(/^s\.yaml:4:42: parameters\.x\.step: step must divide high − low/);
  });

  it("points at block-style fields on their own lines", () => {
    const issue = only(
      `${HEAD}parameters:\n  batch:\n    type: int\n    low: 16\n    high: 250\n    step: 16\n`,
    );
    expect([issue.line, issue.column, issue.path]).toEqual([8, 11, "parameters.batch.step"]);
  });

  it("reports every issue at once, in line order", () => {
    const issues = issuesOf(`study: 3
command: run
metric: m
parallel: 0
retries: -1
budget: {trials: 1.5, time: soon}
parameters:
  x: {type: float, low: 2, high: 1}
  y: {type: int, low: 1, high: 5, log: yes}
`);
    expect(issues.map((i) => [i.line, i.column, i.path])).toEqual([
      [1, 8, "study"],
      [4, 11, "parallel"],
      [5, 10, "retries"],
      [6, 18, "budget.trials"],
      [6, 29, "budget.time"],
      [8, 25, "parameters.x.low"],
      [9, 40, "parameters.y.log"],
    ]);
    expect(issues[1]?.message).toBe(
      "must be a positive integer, but got 0. Use a whole number of at least 1.",
    );
    expect(issues[4]?.message).toContain('"90s", "30m", "2h" or "1h30m", but got the string "soon"');
    expect(issues[5]?.message).toBe("low must be ≤ high, but got low=2, high=1. Swap the bounds.");
    expect(issues[6]?.message).toBe('must be true or false, but got the string "yes".');
  });

  it("reports YAML syntax errors with their line", () => {
    const issue = only("command: run\nmetric: m\nparameters:\n  x: [1, 2\n  y: 3\n");
    expect(issue.path).toBe("");
    expect(issue.line).toBeGreaterThanOrEqual(4);
    expect(issue.message).toMatch(/^invalid YAML: /);
    const dup = only("command: run\ncommand: other\n");
    expect([dup.line, dup.column]).toEqual([2, 1]);
    expect(dup.message).toContain("Map keys must be unique");
  });

  it("refuses alias bombs, several documents, and documents that are not maps", () => {
    const bomb = [
      'a: &a ["x", "x", "x", "x", "x", "x", "x", "x"]',
      "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]",
      "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]",
      "d: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c]",
    ].join("\n");
    expect(only(bomb).message).toContain("aliases (*name) expand into too large a document");
    expect(only("a: 1\n---\nb: 2\n").message).toContain("multiple documents");
    expect(only("- 1\n- 2\n").message).toBe(
      "a sweep must be a map of settings (key: value), but the file got the list [1,2].",
    );
    expect(only("# nothing\n").message).toMatch(/^the file is empty/);
  });

  it("allows honest aliases", () => {
    const sweep = parseSweep(`${HEAD}parameters:\n  a: &choices [1, 2]\n  b: *choices\n`, "s.yaml");
    expect(sweep.parameters.map((p) => p.name)).toEqual(["a", "b"]);
  });

  it("names unknown keys with a suggestion, at the key", () => {
    const issues = issuesOf(`${HEAD}paramters:\n  x: [1]\ntrials: 5\n`);
    // "paramters" is taken as the typo of the missing "parameters", which is therefore not reported again.
    expect(issues.map((i) => [i.line, i.column, i.path])).toEqual([
      [3, 1, "paramters"],
      [5, 1, "trials"],
    ]);
    expect(issues[0]?.message).toMatch(
      /^unknown key "paramters"\. Did you mean "parameters"\? Allowed here: study, /,
    );
    expect(issues[1]?.message).toContain("Did you mean budget.trials?");
    const nested = only(`${HEAD}parameters:\n  x: {type: float, low: 0, hihg: 1}\n`);
    expect([nested.path, nested.column]).toEqual(["parameters.x.hihg", 28]);
    expect(only(`${HEAD}parameters:\n  x: {type: float, low: 0}\n`).path).toBe("parameters.x.high");
    const typo = issuesOf(`${HEAD}parameters:\n  x: {type: float, low: 0, high: 1, lgo: true}\n`);
    expect(typo.map((i) => [i.path, i.column])).toEqual([["parameters.x.lgo", 37]]);
    expect(typo[0]?.message).toContain('Did you mean "log"?');
  });

  it("reports a missing required field at its parent map", () => {
    const issues = issuesOf("study: s\nparameters:\n  x: {type: int, low: 1}\n");
    expect(issues.map((i) => [i.line, i.column, i.path])).toEqual([
      [1, 1, "metric"],
      [1, 1, "command"],
      [3, 6, "parameters.x.high"],
    ]);
    expect(issues[2]?.message).toBe("is required here, but is missing. Add high: <number>.");
  });

  it("checks metric and direction forms", () => {
    expect(only(`${HEAD}metrics: [a]\nparameters: {x: [1]}\n`).message).toContain(
      "cannot be given together with metric",
    );
    expect(only(`${HEAD}direction: min\nparameters: {x: [1]}\n`).message).toBe(
      'must be minimize or maximize, but got the string "min". Did you mean "minimize"?',
    );
    expect(
      only("command: run\nmetrics: [a, b]\ndirections: [maximize]\nparameters: {x: [1]}\n").message,
    ).toBe("must have one direction per metric (2), but has 1. Add or remove directions.");
    expect(only(`${HEAD}constraints: [m]\nparameters: {x: [1]}\n`).path).toBe("constraints.0");
  });

  it("checks parameter names and their environment variables", () => {
    const issues = issuesOf(`${HEAD}parameters:\n  1x: [1]\n  trial: [1]\n  a.b: [1]\n  a-b: [1]\n`);
    expect(issues.map((i) => [i.line, i.path])).toEqual([
      [4, "parameters.1x"],
      [5, "parameters.trial"],
      [7, "parameters.a-b"],
    ]);
    expect(issues[1]?.message).toBe(
      `the name "trial" is reserved for the \${trial} placeholder. Rename the parameter.`,
    );
    expect(issues[2]?.message).toBe(
      '"a.b" and "a-b" both reach the program as the environment variable TUNEKIT_PARAM_A_B. Rename one of them.',
    );
  });

  it("checks parameter definitions", () => {
    const issues = issuesOf(`${HEAD}parameters:
  a: {low: 0, high: 1}
  b: {type: flaot, low: 0, high: 1}
  c: {type: categorical, choices: [x, [y]]}
  d: {type: float, low: 0, high: "1"}
  e: {type: float, low: 0, high: 1, grid: [0, 2]}
  f: {choices: [a], grid: [1]}
  g: {}
`);
    expect(issues.map((i) => [i.line, i.path, i.message])).toEqual([
      [4, "parameters.a", "a range needs its type: add type: float or type: int."],
      [
        5,
        "parameters.b.type",
        'must be float, int, categorical or constant, but got the string "flaot". Did you mean "float"?',
      ],
      [6, "parameters.c.choices.1", expect.stringContaining("a choice must be a string, a finite number")],
      [
        7,
        "parameters.d.high",
        'must be a finite number, but got the string "1". Write the number without quotes.',
      ],
      [8, "parameters.e.grid.1", "2 is not a value of float[0, 1]. A grid point must be one."],
      [9, "parameters.f.grid", expect.stringContaining("grid points apply to float and int parameters")],
      [10, "parameters.g", expect.stringContaining("must define a parameter")],
    ]);
  });

  it("checks when and forbidden conditions", () => {
    const issues = issuesOf(`${HEAD}parameters:
  opt: [adam, sgd]
  lr: {type: float, low: 0.1, high: 1, when: {opt: sgdd}}
  m: {type: float, low: 0, high: 1, when: {later: 1}}
  later: {type: int, low: 0, high: 3, when: {later: 1}}
  self: [1]
  epochs: 3
  x: {type: int, low: 0, high: 9, when: {epochs: 3}}
forbidden:
  - {opt: {gt: 1}}
  - {nope: 1}
  - {lr: {gte: high}}
  - {opt: {"==": adam}}
  - {later: []}
  - []
`);
    expect(issues.map((i) => [i.line, i.path])).toEqual([
      [5, "parameters.lr.when.opt"],
      [6, "parameters.m.when.later"],
      [7, "parameters.later.when.later"],
      [10, "parameters.x.when"],
      [12, "forbidden.0.opt.gt"],
      [13, "forbidden.1.nope"],
      [14, "forbidden.2.lr.gte"],
      [15, "forbidden.3.opt.=="],
      [16, "forbidden.4.later"],
      [17, "forbidden.5"],
    ]);
    const messages = issues.map((i) => i.message);
    expect(messages[0]).toBe(
      '"opt" never takes the value sgdd (its choices are adam, sgd), so this match is decided before sampling. Did you mean "sgd"?',
    );
    expect(messages[1]).toContain('"later" is defined after "m"');
    expect(messages[2]).toBe('the when of "later" cannot name "later" itself.');
    expect(messages[3]).toContain("names only constants (epochs)");
    expect(messages[4]).toBe(
      'gt compares numbers, but "opt" never takes a number (its choices are adam, sgd). Use eq, ne, in or notIn.',
    );
    expect(messages[5]).toContain('unknown parameter "nope"');
    expect(messages[6]).toContain('must be a finite number, but got the string "high"');
    expect(messages[7]).toContain('unknown key "==". Use eq.');
    expect(messages[8]).toContain("an empty list never matches");
    expect(messages[9]).toContain("must be a map such as");
  });

  it("checks the command and its placeholders", () => {
    const issues = issuesOf(`metric: m
command: python train.py --lr=\${lerning_rate} \${x} $\${HOME} \${1x} --all=\${args}
parameters:
  learning_rate: [1]
  x: [1]
`);
    expect(issues.map((i) => [i.line, i.column, i.path])).toEqual([
      [2, 10, "command"],
      [2, 10, "command"],
      [2, 10, "command"],
    ]);
    expect(issues[0]?.message).toContain(
      `unknown placeholder \${lerning_rate}: it must name a parameter or be \${args}, \${trial} or \${study}. Did you mean "learning_rate"?`,
    );
    expect(issues[1]?.message).toContain(`"\${1x}" is not a placeholder`);
    expect(issues[2]?.message).toContain(`\${args} must be a whole argument`);
    expect(only(`metric: m\ncommand: "python 'oops"\nparameters: {x: [1]}\n`).message).toBe(
      "cannot be split into arguments: the ' at character 8 is never closed. Close the quote, or give the command as a list of arguments.",
    );
    expect(only(`metric: m\ncommand: "  "\nparameters: {x: [1]}\n`).message).toContain(
      "must start with the program",
    );
    expect(only(`metric: m\ncommand: [run, {a: 1}]\nparameters: {x: [1]}\n`).path).toBe("command.1");
    expect(only(`metric: m\ncommand: [run, x]\nshell: true\nparameters: {x: [1]}\n`).message).toContain(
      "must be one string (the script for /bin/sh -c) when shell is true",
    );
    expect(only(`metric: m\ncommand: run \${y}\nshell: true\nparameters: {x: [1]}\n`).path).toBe("command");
  });

  it("checks env names and values", () => {
    const issues = issuesOf(`${HEAD}env: {OK: 1, TUNEKIT_X: a, 9A: b, LIST: [1]}\nparameters: {x: [1]}\n`);
    expect(issues.map((i) => i.path)).toEqual(["env.TUNEKIT_X", "env.9A", "env.LIST"]);
  });

  it("checks the sampler and pruner by building them", () => {
    const issues = issuesOf(`${HEAD}sampler: {name: tpee}
pruner: {name: median, nWarmupSteps: -1}
parameters: {x: [1]}
`);
    expect(issues.map((i) => [i.line, i.path])).toEqual([
      [3, "sampler.name"],
      [4, "pruner.nWarmupSteps"],
    ]);
    expect(issues[0]?.message).toMatch(
      /^unknown sampler "tpee"\. Did you mean "tpe"\? Registered samplers: .*grid, qmc, random, tpe/,
    );
    expect(issues[1]?.message).toMatch(/^the pruner "median" rejects its options: /);
    const typo = only(`${HEAD}sampler: {name: tpe, nStartupTrial: 3}\nparameters: {x: [1]}\n`);
    expect([typo.path, typo.message]).toEqual([
      "sampler.nStartupTrial",
      'the sampler "tpe" has no option "nStartupTrial". Did you mean "nStartupTrials"?',
    ]);
    expect(only(`${HEAD}pruner: nothing\nparameters: {x: [1]}\n`).message).toContain("Registered pruners: ");
  });

  it("checks grid sampler parameters", () => {
    const issues = issuesOf(`${HEAD}sampler: grid
parameters:
  opt: [a, b]
  lr: {type: float, low: 0, high: 1}
  n: {type: int, low: 0, high: 100000}
  m: {type: int, low: 0, high: 3, when: {opt: a}}
`);
    expect(issues.map((i) => [i.line, i.path])).toEqual([
      [6, "parameters.lr.grid"],
      [7, "parameters.n"],
      [8, "parameters.m.when"],
    ]);
    expect(issues[0]?.message).toContain('needs the points to try for the float "lr", but it has no grid');
    expect(issues[1]?.message).toContain("would try all 100001 values");
    expect(issues[2]?.message).toContain("the grid sampler does not support conditional parameters");
  });
});
