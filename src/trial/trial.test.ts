import { describe, expect, expectTypeOf, it } from "vitest";
import { expectSpaceError, silenceLogs, thrown } from "../../test/helpers.js";
import { SearchSpaceError, TrialNotRunningError, TrialRejected, TunekitError } from "../errors.js";
import { RandomSampler } from "../samplers/random/random-sampler.js";
import { contains, type Distribution } from "../search-space/distribution.js";
import { createStudy } from "../study/create-study.js";
import type { Study } from "../study/study.js";
import type { Trial } from "./trial.js";

silenceLogs();

function seeded(seed = 7): Promise<Study> {
  return createStudy({ sampler: new RandomSampler({ seed }) });
}

/** Asks `n` trials one after another, runs `body` on each and tells its result (0 by default). */
async function run(study: Study, n: number, body: (trial: Trial) => number | undefined): Promise<void> {
  for (let i = 0; i < n; i++) {
    const trial = await study.ask();
    await study.tell(trial, body(trial) ?? 0);
  }
}

describe("suggestFloat / suggestInt / suggestCategorical", () => {
  it("stay within their bounds, scale and grid", async () => {
    const study = await seeded();
    await run(study, 60, (t) => {
      const x = t.suggestFloat("x", -3, 5);
      const lr = t.suggestFloat("lr", 1e-5, 1e-1, { log: true });
      const d = t.suggestFloat("dropout", 0, 0.5, { step: 0.1 });
      const n = t.suggestInt("n", -4, 4);
      const units = t.suggestInt("units", 1, 1024, { log: true });
      const c = t.suggestCategorical("c", ["a", "b", "c"]);
      expect(x).toBeGreaterThanOrEqual(-3);
      expect(x).toBeLessThanOrEqual(5);
      expect(lr).toBeGreaterThanOrEqual(1e-5);
      expect(lr).toBeLessThanOrEqual(1e-1);
      expect(Math.abs(d * 10 - Math.round(d * 10))).toBeLessThan(1e-9);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThanOrEqual(0.5);
      expect(Number.isInteger(n) && n >= -4 && n <= 4).toBe(true);
      expect(Number.isInteger(units) && units >= 1 && units <= 1024).toBe(true);
      expect(["a", "b", "c"]).toContain(c);
      return undefined;
    });
    for (const t of study.trials) {
      for (const [name, value] of Object.entries(t.params)) {
        expect(contains(t.distributions[name] as Distribution, value)).toBe(true);
      }
    }
  });

  it("samples log-uniformly: a log range spanning 4 decades puts values in every decade", async () => {
    const study = await seeded(3);
    const decades = new Set<number>();
    await run(study, 80, (t) => {
      decades.add(Math.floor(Math.log10(t.suggestFloat("lr", 1e-5, 1e-1, { log: true }))));
      return undefined;
    });
    expect([...decades].sort((a, b) => a - b)).toEqual([-5, -4, -3, -2]);
  });

  it("suggestInt with step returns values on the grid low + k·step, all of them over many trials", async () => {
    const study = await seeded();
    const seen = new Set<number>();
    await run(study, 50, (t) => {
      seen.add(t.suggestInt("n", 1, 10, { step: 3 }));
      return undefined;
    });
    expect([...seen].sort((a, b) => a - b)).toEqual([1, 4, 7, 10]);
  });

  it("suggestFloat with step returns values on the grid, high included", async () => {
    const study = await seeded();
    const seen = new Set<number>();
    await run(study, 60, (t) => {
      seen.add(Math.round(t.suggestFloat("x", 0.5, 1.5, { step: 0.25 }) * 100));
      return undefined;
    });
    expect([...seen].sort((a, b) => a - b)).toEqual([50, 75, 100, 125, 150]);
  });

  it("single-value distributions return that value", async () => {
    const study = await seeded();
    const trial = await study.ask();
    expect(trial.suggestFloat("f", 2.5, 2.5)).toBe(2.5);
    expect(trial.suggestFloat("flog", 3, 3, { log: true })).toBe(3);
    expect(trial.suggestInt("i", -7, -7)).toBe(-7);
    expect(trial.suggestInt("istep", 4, 4, { step: 5 })).toBe(4);
    expect(trial.suggestCategorical("c", ["only"])).toBe("only");
    const told = await study.tell(trial, 0);
    expect(told.params).toEqual({ f: 2.5, flog: 3, i: -7, istep: 4, c: "only" });
  });

  it("types suggestCategorical as the union of its literal choices", async () => {
    const trial = await (await seeded()).ask();
    const act = trial.suggestCategorical("act", ["relu", "tanh"] as const);
    expectTypeOf(act).toEqualTypeOf<"relu" | "tanh">();
    const mixed = trial.suggestCategorical("mixed", [1, "two", true, null] as const);
    expectTypeOf(mixed).toEqualTypeOf<1 | "two" | true | null>();
    expectTypeOf(trial.suggestFloat("x", 0, 1)).toEqualTypeOf<number>();
    expect(["relu", "tanh"]).toContain(act);
    expect([1, "two", true, null]).toContain(mixed);
  });

  it("surfaces bad definitions as SearchSpaceError naming the parameter", async () => {
    const trial = await (await seeded()).ask();
    const cases: [() => unknown, string, RegExp][] = [
      [() => trial.suggestFloat("a", 1, 0), "a", /low must be ≤ high/],
      [() => trial.suggestFloat("b", 0, 1, { log: true }), "b", /low must be > 0 when log is true/],
      [
        () => trial.suggestFloat("c", 0.1, 1, { log: true, step: 0.1 }),
        "c",
        /log and step cannot be combined/,
      ],
      [() => trial.suggestFloat("d", 0, 1, { step: 0.3 }), "d", /step must divide high − low.*Use high=/],
      [() => trial.suggestInt("e", 0.5, 4), "e", /low must be an integer/],
      [() => trial.suggestInt("f", 0, 10, { step: 4 }), "f", /Use high=8/],
      [() => trial.suggestCategorical("g", []), "g", /non-empty/],
      [() => trial.suggestCategorical("h", ["x", "x"]), "h", /distinct/],
      [() => trial.suggestCategorical("i", [{ a: 1 }] as never), "i", /string, number, boolean or null/],
    ];
    for (const [fn, name, text] of cases) {
      const e = thrown(fn) as SearchSpaceError;
      expect(e).toBeInstanceOf(SearchSpaceError);
      expect(e.code).toBe("search-space");
      expect(e.paramName).toBe(name);
      expect(e.message).toContain(`"${name}"`);
      expect(e.message).toMatch(text);
    }
    expect(trial.params).toEqual({});
  });
});

describe("one name in one trial", () => {
  it("returns the same value when suggested twice", async () => {
    const trial = await (await seeded()).ask();
    const x = trial.suggestFloat("x", 0, 1);
    expect(trial.suggestFloat("x", 0, 1)).toBe(x);
    const c = trial.suggestCategorical("c", ["a", "b", "c", "d"]);
    expect(trial.suggestCategorical("c", ["a", "b", "c", "d"])).toBe(c);
    expect(trial.params).toEqual({ x, c });
  });

  it("rejects a different kind for the same name within the trial", async () => {
    const trial = await (await seeded()).ask();
    trial.suggestFloat("x", 0, 1);
    expectSpaceError(
      () => trial.suggestInt("x", 0, 1),
      "x",
      "incompatible-distribution",
      /already suggested it from float\[0, 1\] and now asks for int\[0, 1\]/,
    );
  });

  it("rejects another range, step, scale or choice list for the same name, naming both distributions", async () => {
    const trial = await (await seeded()).ask();
    const x = trial.suggestFloat("x", 0, 1);
    trial.suggestInt("n", 1, 8);
    trial.suggestCategorical("c", ["a", "b"]);
    const e = expectSpaceError(
      () => trial.suggestFloat("x", 0, 2),
      "x",
      "incompatible-distribution",
      /float\[0, 1\] and now asks for float\[0, 2\]/,
    );
    expect(e.message).toContain("trial 0");
    expectSpaceError(
      () => trial.suggestFloat("x", 0, 1, { step: 0.5 }),
      "x",
      "incompatible-distribution",
      /step 0.5/,
    );
    expectSpaceError(
      () => trial.suggestInt("n", 1, 8, { log: true }),
      "n",
      "incompatible-distribution",
      /int\[1, 8 log\]/,
    );
    expectSpaceError(
      () => trial.suggestCategorical("c", ["a", "b", "c"]),
      "c",
      "incompatible-distribution",
      /categorical\["a","b","c"\]/,
    );
    expect(trial.suggestFloat("x", 0, 1)).toBe(x);
  });

  it("accepts parameter names that are Object.prototype members (constructor, toString, valueOf)", async () => {
    const study = await seeded();
    const trial = await study.ask();
    const values = ["constructor", "toString", "valueOf", "hasOwnProperty"].map((name) =>
      trial.suggestFloat(name, 0, 1),
    );
    for (const v of values) expect(typeof v).toBe("number");
    const told = await study.tell(trial, 0);
    expect(Object.keys(told.params).sort()).toEqual(["constructor", "hasOwnProperty", "toString", "valueOf"]);
  });
});

describe("writes after tell", () => {
  it("are refused with TrialNotRunningError naming the trial and its state", async () => {
    const study = await seeded();
    const trial = await study.ask();
    const x = trial.suggestFloat("x", 0, 1);
    await study.tell(trial, 1);
    const calls: [string, () => unknown][] = [
      ["suggestFloat", () => trial.suggestFloat("x", 0, 1)],
      ["suggestInt", () => trial.suggestInt("n", 0, 1)],
      ["suggestCategorical", () => trial.suggestCategorical("c", ["a"])],
      ["report", () => trial.report(0.5, 1)],
      ["setConstraint", () => trial.setConstraint("c", 0)],
      ["setUserAttr", () => trial.setUserAttr("k", 1)],
    ];
    for (const [name, call] of calls) {
      const e = thrown(call);
      expect(e).toBeInstanceOf(TrialNotRunningError);
      expect((e as Error).message).toContain(`${name}(`);
      expect((e as Error).message).toContain("trial 0 is already finished (COMPLETE)");
    }
    expect((await study.getTrials())[0]?.params).toEqual({ x });
  });

  it("name the state the trial was told with", async () => {
    const study = await seeded();
    const trial = await study.ask();
    await study.tell(trial, { state: "PRUNED" });
    expect(() => trial.report(1, 0)).toThrow(/trial 0 is already finished \(PRUNED\)/);
  });
});

describe("one name across trials", () => {
  it("rejects a different kind in a later trial with code incompatible-distribution", async () => {
    const study = await seeded();
    await run(study, 1, (t) => {
      t.suggestFloat("x", 0, 1);
      return undefined;
    });
    const trial = await study.ask();
    expectSpaceError(
      () => trial.suggestInt("x", 0, 1),
      "x",
      "incompatible-distribution",
      /one kind of distribution/,
    );
    expectSpaceError(
      () => trial.suggestCategorical("x", [0, 1]),
      "x",
      "incompatible-distribution",
      /one kind of distribution/,
    );
  });

  it("rejects a switch between log and linear scale", async () => {
    const study = await seeded();
    await run(study, 1, (t) => {
      t.suggestFloat("lr", 1e-4, 1, { log: true });
      t.suggestInt("n", 1, 8);
      return undefined;
    });
    const trial = await study.ask();
    expectSpaceError(
      () => trial.suggestFloat("lr", 1e-4, 1),
      "lr",
      "incompatible-distribution",
      /log and linear/,
    );
    expectSpaceError(
      () => trial.suggestInt("n", 1, 8, { log: true }),
      "n",
      "incompatible-distribution",
      /log and linear/,
    );
  });

  it("knows distributions of trials still running once they have flushed", async () => {
    const study = await seeded();
    const first = await study.ask();
    first.suggestFloat("x", 0, 1);
    await first.flush();
    const second = await study.ask();
    expectSpaceError(() => second.suggestInt("x", 0, 1), "x", "incompatible-distribution", /one kind/);
  });

  it("accepts categorical choices appended later; earlier trials keep their values and choices", async () => {
    const study = await seeded();
    await run(study, 3, (t) => {
      t.suggestCategorical("opt", ["adam", "sgd"]);
      return undefined;
    });
    const before = study.trials.map((t) => t.params.opt);
    await run(study, 30, (t) => {
      t.suggestCategorical("opt", ["adam", "sgd", "lion"]);
      return undefined;
    });
    expect(study.trials.slice(0, 3).map((t) => t.params.opt)).toEqual(before);
    expect(study.trials[0]?.distributions.opt).toEqual({ type: "categorical", choices: ["adam", "sgd"] });
    expect(study.trials.slice(3).some((t) => t.params.opt === "lion")).toBe(true);
  });

  it("rejects reordered categorical choices", async () => {
    const study = await seeded();
    await run(study, 1, (t) => {
      t.suggestCategorical("opt", ["adam", "sgd"]);
      return undefined;
    });
    const trial = await study.ask();
    expectSpaceError(
      () => trial.suggestCategorical("opt", ["sgd", "adam"]),
      "opt",
      "incompatible-distribution",
      /only grow by appending/,
    );
  });

  it("allows the float and int range to change between trials", async () => {
    const study = await seeded();
    await run(study, 1, (t) => {
      t.suggestFloat("x", 0, 1);
      t.suggestInt("n", 0, 3);
      return undefined;
    });
    const trial = await study.ask();
    const x = trial.suggestFloat("x", 10, 20);
    const n = trial.suggestInt("n", 100, 200, { step: 10 });
    expect(x).toBeGreaterThanOrEqual(10);
    expect(x).toBeLessThanOrEqual(20);
    expect(n % 10).toBe(0);
    expect(n).toBeGreaterThanOrEqual(100);
    const told = await study.tell(trial, 0);
    expect(told.distributions.x).toEqual({ type: "float", low: 10, high: 20, log: false, step: null });
  });
});

describe("define-by-run", () => {
  it("suggests conditional parameters with a plain if, each trial recording only its branch", async () => {
    const study = await seeded(11);
    await run(study, 40, (t) => {
      const model = t.suggestCategorical("model", ["linear", "tree"] as const);
      if (model === "linear") {
        t.suggestFloat("alpha", 1e-4, 1, { log: true });
      } else {
        const depth = t.suggestInt("depth", 1, 8);
        if (depth > 4) t.suggestCategorical("split", ["gini", "entropy"]);
      }
      return undefined;
    });
    const shapes = new Set<string>();
    for (const t of study.trials) {
      const keys = Object.keys(t.params).sort();
      expect(Object.keys(t.distributions).sort()).toEqual(keys);
      if (t.params.model === "linear") expect(keys).toEqual(["alpha", "model"]);
      else if ((t.params.depth as number) > 4) expect(keys).toEqual(["depth", "model", "split"]);
      else expect(keys).toEqual(["depth", "model"]);
      shapes.add(keys.join(","));
    }
    expect(shapes.size).toBe(3);
  });
});

describe("params, distributions and forbid", () => {
  it("exposes the params and distributions suggested so far, as copies", async () => {
    const trial = await (await seeded()).ask();
    expect(trial.params).toEqual({});
    const n = trial.suggestInt("n", 1, 3);
    const params = trial.params as Record<string, unknown>;
    params.n = 99;
    expect(trial.params).toEqual({ n });
    expect(trial.distributions).toEqual({ n: { type: "int", low: 1, high: 3, log: false, step: 1 } });
  });

  it("forbid throws TrialRejected carrying the reason", async () => {
    const trial = await (await seeded()).ask();
    const e = thrown(() => trial.forbid("heads must not exceed width")) as TrialRejected;
    expect(e).toBeInstanceOf(TrialRejected);
    expect(e).toBeInstanceOf(TunekitError);
    expect(e.code).toBe("trial-rejected");
    expect(e.message).toBe("heads must not exceed width");
  });
});
