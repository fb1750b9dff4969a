import { describe, expect, it } from "vitest";
import { expectNoRunning, rejection, silenceLogs, thrown } from "../../test/helpers.js";
import {
  InvalidArgumentError,
  MultiObjectiveError,
  NoCompletedTrialsError,
  SearchSpaceError,
  TrialFailed,
} from "../errors.js";
import { RandomSampler } from "../samplers/random/random-sampler.js";
import type { Distribution } from "../search-space/distribution.js";
import { MemoryStorage } from "../storage/memory/memory-storage.js";
import { createStudy, loadStudy } from "./create-study.js";
import type { Study } from "./study.js";
import type { TellResult } from "./tell-result.js";

silenceLogs();

const X: Distribution = { type: "float", low: -10, high: 10, log: false, step: null };

/** Tells one trial per result, each suggesting x = its index so bestParams can be checked. */
async function tellAll(
  study: Study,
  results: readonly TellResult[],
  constraints: readonly number[] = [],
): Promise<void> {
  for (const [i, result] of results.entries()) {
    const trial = await study.ask({
      distributions: { x: { type: "float", low: i, high: i, log: false, step: null } },
    });
    const c = constraints[i];
    if (c !== undefined) trial.setConstraint("c", c);
    await study.tell(trial, result);
  }
}

describe("bestTrial, bestValue, bestParams", () => {
  it("throw NoCompletedTrialsError on a study without complete trials", async () => {
    const study = await createStudy({ studyName: "empty" });
    await tellAll(study, [{ state: "FAIL" }, { state: "PRUNED" }]);
    for (const read of [() => study.bestTrial, () => study.bestValue, () => study.bestParams]) {
      const e = thrown(read) as NoCompletedTrialsError;
      expect(e).toBeInstanceOf(NoCompletedTrialsError);
      expect(e.code).toBe("no-completed-trials");
      expect(e.message).toContain('"empty" has no complete trial');
    }
  });

  it("pick the lowest value when minimizing", async () => {
    const study = await createStudy();
    await tellAll(study, [3, 1, Number.NaN, 2, { state: "PRUNED" }]);
    expect(study.bestTrial.number).toBe(1);
    expect(study.bestValue).toBe(1);
    expect(study.bestParams).toEqual({ x: 1 });
  });

  it("pick the highest value when maximizing", async () => {
    const study = await createStudy({ direction: "maximize" });
    await tellAll(study, [3, 1, 7, -2]);
    expect(study.bestTrial.number).toBe(2);
    expect(study.bestValue).toBe(7);
    expect(study.bestParams).toEqual({ x: 2 });
  });

  it("break ties by the lowest trial number and accept ±Infinity", async () => {
    const study = await createStudy();
    await tellAll(study, [5, 2, 2]);
    expect(study.bestTrial.number).toBe(1);
    await tellAll(study, [Number.NEGATIVE_INFINITY]);
    expect(study.bestValue).toBe(Number.NEGATIVE_INFINITY);
  });

  it("ignore a pruned trial even when its last report beats every complete value", async () => {
    const study = await createStudy();
    await tellAll(study, [4]);
    const trial = await study.ask();
    trial.report(-100, 0);
    await study.tell(trial, { state: "PRUNED" });
    expect(study.bestValue).toBe(4);
  });

  it("exclude infeasible trials (a constraint > 0)", async () => {
    const study = await createStudy();
    await tellAll(study, [1, 5, 3], [0.5, 0, -1]);
    expect(study.bestTrial.number).toBe(2);
    expect(study.bestValue).toBe(3);
  });

  it("treat a NaN constraint as infeasible", async () => {
    const study = await createStudy();
    await tellAll(study, [1, 2], [Number.NaN, -1]);
    expect(study.bestTrial.number).toBe(1);
  });

  it("say that no complete trial satisfies the constraints when all are infeasible", async () => {
    const study = await createStudy({ studyName: "infeasible" });
    await tellAll(study, [1, 2], [1, 3]);
    const e = thrown(() => study.bestTrial) as NoCompletedTrialsError;
    expect(e).toBeInstanceOf(NoCompletedTrialsError);
    expect(e.message).toContain("2 complete trial(s) but none satisfies its constraints");
  });

  it("take constraints given to tell", async () => {
    const study = await createStudy();
    await tellAll(study, [
      { values: 1, constraints: { c: 2 } },
      { values: 2, constraints: { c: 0 } },
    ]);
    expect(study.bestTrial.number).toBe(1);
  });

  it("see the trials of another worker after refresh()", async () => {
    const storage = new MemoryStorage();
    const a = await createStudy({ storage, studyName: "s" });
    const b = await loadStudy({ storage, studyName: "s" });
    await tellAll(a, [2, 1]);
    expect(() => b.bestTrial).toThrow(NoCompletedTrialsError);
    await b.refresh();
    expect(b.bestValue).toBe(1);
  });

  it("throw MultiObjectiveError on a two-objective study", async () => {
    const study = await createStudy({ studyName: "mo", directions: ["minimize", "maximize"] });
    await tellAll(study, [[1, 2]]);
    for (const read of [() => study.bestValue, () => study.bestTrial, () => study.bestParams]) {
      const e = thrown(read) as MultiObjectiveError;
      expect(e).toBeInstanceOf(MultiObjectiveError);
      expect(e.code).toBe("multi-objective");
      expect(e.message).toContain("2 objectives");
      expect(e.message).toContain("bestTrials");
    }
  });
});

describe("bestTrials", () => {
  it("is the Pareto front of a two-objective study, in trial order", async () => {
    const study = await createStudy({ directions: ["minimize", "maximize"] });
    // 0 and 2 and 3 are non-dominated; 1 is dominated by 0; 4 duplicates 3 and is kept.
    await tellAll(study, [[1, 5], [2, 4], [0, 1], [3, 9], [3, 9], { state: "FAIL" }]);
    expect(study.bestTrials.map((t) => t.number)).toEqual([0, 2, 3, 4]);
  });

  it("keeps only feasible trials", async () => {
    const study = await createStudy({ directions: ["minimize", "minimize"] });
    await tellAll(
      study,
      [
        [0, 0],
        [1, 2],
        [2, 1],
        [3, 3],
      ],
      [1, 0, -1, 0],
    );
    expect(study.bestTrials.map((t) => t.number)).toEqual([1, 2]);
  });

  it("is empty when no trial is feasible, and holds every tie for one objective", async () => {
    const infeasible = await createStudy({ directions: ["minimize", "minimize"] });
    await tellAll(infeasible, [[0, 0]], [1]);
    expect(infeasible.bestTrials).toEqual([]);
    const single = await createStudy();
    await tellAll(single, [2, 1, 1, 3]);
    expect(single.bestTrials.map((t) => t.number)).toEqual([1, 2]);
  });
});

describe("enqueueTrial", () => {
  it("queues a WAITING trial whose params suggest returns, sampling the rest", async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
    const queued = await study.enqueueTrial({ x: 0.5, opt: "sgd", n: 4 });
    expect(queued).toMatchObject({ number: 0, state: "WAITING", params: { x: 0.5, opt: "sgd", n: 4 } });
    const trial = await study.ask();
    expect(trial.number).toBe(0);
    expect(trial.params).toEqual({ x: 0.5, opt: "sgd", n: 4 });
    expect(trial.suggestFloat("x", 0, 1)).toBe(0.5);
    expect(trial.suggestCategorical("opt", ["adam", "sgd"])).toBe("sgd");
    expect(trial.suggestInt("n", 0, 8, { step: 2 })).toBe(4);
    const y = trial.suggestFloat("y", 0, 1);
    const told = await study.tell(trial, 0);
    expect(told.params).toEqual({ x: 0.5, opt: "sgd", n: 4, y });
    expect(Object.keys(told.distributions).sort()).toEqual(["n", "opt", "x", "y"]);
    expect((await study.ask()).params).toEqual({});
  });

  it("carries user attributes to the trial", async () => {
    const study = await createStudy();
    await study.enqueueTrial({ x: 1 }, { userAttrs: { origin: "paper" } });
    expect((await study.ask()).userAttrs).toEqual({ origin: "paper" });
  });

  it("with skipIfExists skips params already waiting, running or finished, but not failed", async () => {
    const study = await createStudy();
    expect(await study.enqueueTrial({ x: 1 }, { skipIfExists: true })).not.toBeNull();
    expect(await study.enqueueTrial({ x: 1 }, { skipIfExists: true })).toBeNull();
    expect(await study.enqueueTrial({ x: 2 }, { skipIfExists: true })).not.toBeNull();
    expect(await study.enqueueTrial({ x: 1, y: 2 }, { skipIfExists: true })).not.toBeNull();
    const running = await study.ask();
    expect(await study.enqueueTrial({ x: 1 }, { skipIfExists: true })).toBeNull();
    running.suggestFloat("x", 0, 5);
    await study.tell(running, { state: "FAIL", reason: "boom" });
    expect(await study.enqueueTrial({ x: 1 }, { skipIfExists: true })).not.toBeNull();
    expect(await study.enqueueTrial({ x: 1 })).not.toBeNull();
  });

  it("skipIfExists sees trials enqueued by another Study object", async () => {
    const storage = new MemoryStorage();
    const a = await createStudy({ storage, studyName: "s" });
    const b = await loadStudy({ storage, studyName: "s" });
    await a.enqueueTrial({ x: 3 });
    expect(await b.enqueueTrial({ x: 3 }, { skipIfExists: true })).toBeNull();
  });

  it("rejects params that are not an object", async () => {
    const study = await createStudy();
    const e = (await rejection(study.enqueueTrial(null as never))) as InvalidArgumentError;
    expect(e).toBeInstanceOf(InvalidArgumentError);
    expect(e.message).toContain("params must be an object");
  });

  it("hands enqueued trials out in order, each exactly once, with concurrency 4", async () => {
    const study = await createStudy();
    for (let i = 0; i < 12; i++) await study.enqueueTrial({ i });
    const seen: number[] = [];
    await study.optimize(
      async (trial) => {
        const i = trial.suggestInt("i", 0, 100);
        seen.push(i);
        expect(i).toBe(trial.number);
        await new Promise((r) => setTimeout(r, 1 + (i % 3)));
        return i;
      },
      { nTrials: 12, concurrency: 4 },
    );
    expect([...seen].sort((a, b) => a - b)).toEqual([...Array(12).keys()]);
    expect(seen.slice(0, 4).sort()).toEqual([0, 1, 2, 3]);
    const trials = await study.getTrials();
    expect(trials).toHaveLength(12);
    expect(trials.every((t) => t.state === "COMPLETE" && t.params.i === t.number)).toBe(true);
  });

  it("claims enqueued trials in order with concurrency 1", async () => {
    const study = await createStudy();
    for (const i of [5, 3, 9]) await study.enqueueTrial({ i });
    const seen: number[] = [];
    await study.optimize((t) => seen.push(t.suggestInt("i", 0, 10)), { nTrials: 3 });
    expect(seen).toEqual([5, 3, 9]);
  });

  it("fails the trial alone (TrialFailed, invalid-enqueued-params) when a suggested value lies outside its distribution", async () => {
    const study = await createStudy();
    await study.enqueueTrial({ opt: "rmsprop", lr: 5, n: 2.5, x: "abc" });
    const trial = await study.ask();
    const calls = [
      () => trial.suggestCategorical("opt", ["adam", "sgd"]),
      () => trial.suggestFloat("lr", 0, 1),
      () => trial.suggestInt("n", 0, 10),
      () => trial.suggestFloat("x", 0, 1),
    ];
    for (const call of calls) {
      const e = thrown(call) as TrialFailed;
      expect(e).toBeInstanceOf(TrialFailed);
      expect(e.reasonCode).toBe("invalid-enqueued-params");
      expect(e.message).toMatch(/^Trial 0: parameter "\w+" was enqueued as .* which lies outside /);
    }
    expect(trial.params).toEqual({ opt: "rmsprop", lr: 5, n: 2.5, x: "abc" });
  });

  it("records such a trial FAIL with its reason and goes on, without catch, leaving nothing RUNNING", async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 2 }) });
    await study.enqueueTrial({ opt: "rmsprop" });
    await study.enqueueTrial({ lr: 5 });
    const result = await study.optimize(
      (t) => t.suggestFloat("lr", 0, 1) + (t.suggestCategorical("opt", ["adam", "sgd"]) === "adam" ? 1 : 2),
      { nTrials: 4 },
    );
    expect(result).toMatchObject({ stopReason: "nTrials", completed: 2, failed: 2 });
    const trials = await study.getTrials();
    expect(trials.map((t) => t.failReason?.code ?? t.state)).toEqual([
      "invalid-enqueued-params",
      "invalid-enqueued-params",
      "COMPLETE",
      "COMPLETE",
    ]);
    expect(trials[0]?.failReason?.message).toContain('"opt" was enqueued as "rmsprop"');
    expect(trials[1]?.failReason?.message).toContain(
      '"lr" was enqueued as 5, which lies outside float[0, 1]',
    );
    await expectNoRunning(study);
  });

  it("records FAIL invalid-enqueued-params when ask's distributions do not hold an enqueued value", async () => {
    const study = await createStudy();
    await study.enqueueTrial({ opt: "rmsprop" });
    const e = await rejection(
      study.ask({ distributions: { opt: { type: "categorical", choices: ["adam", "sgd"] } } }),
    );
    expect(e).toBeInstanceOf(TrialFailed);
    const [trial] = await study.getTrials();
    expect(trial?.state).toBe("FAIL");
    expect(trial?.failReason?.code).toBe("invalid-enqueued-params");
  });

  it("refuses at enqueue, writing nothing, values outside the distribution the study knows or is given", async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 2 }) });
    await study.optimize(
      (t) =>
        t.suggestFloat("lr", 0, 1) +
        t.suggestInt("n", 0, 10, { step: 2 }) +
        t.suggestCategorical("c", [1, 2]),
      { nTrials: 1 },
    );
    const refused: [Record<string, unknown>, RegExp][] = [
      [{ c: 3 }, /"c" = 3 lies outside categorical\[1,2\], the distribution the study's earlier trials/],
      [{ lr: 1.5 }, /"lr" = 1.5 lies outside float\[0, 1\]/],
      [{ n: 3 }, /"n" = 3 lies outside int\[0, 10 step 2\]/],
      [{ n: 2.5 }, /"n" = 2.5 lies outside/],
      [{ lr: "0.5" }, /"lr" = "0.5" lies outside/],
    ];
    for (const [params, text] of refused) {
      const e = await rejection(study.enqueueTrial(params as never));
      expect(e).toBeInstanceOf(InvalidArgumentError);
      expect((e as Error).message).toMatch(text);
      expect((e as Error).message).toContain("pass the new one: enqueueTrial(params, { distributions:");
    }
    // A changed range is given explicitly; it must hold the value and suit the study's distribution.
    const wider = { lr: { type: "float", low: 0, high: 2, log: false, step: null } } as const;
    expect(await study.enqueueTrial({ lr: 1.5 }, { distributions: wider })).not.toBeNull();
    await expect(study.enqueueTrial({ lr: 3 }, { distributions: wider })).rejects.toThrow(
      /"lr" = 3 lies outside float\[0, 2\], its distribution/,
    );
    await expect(
      study.enqueueTrial(
        { lr: 1 },
        { distributions: { lr: { type: "int", low: 0, high: 2, log: false, step: 1 } } },
      ),
    ).rejects.toThrow(SearchSpaceError);
    // A name the study has not seen is checked when suggested.
    expect(await study.enqueueTrial({ fresh: 99 })).not.toBeNull();
    expect((await study.getTrials()).length).toBe(3);
  });

  it("refuses NaN, ±Infinity, objects and empty names at enqueue, never storing them as null", async () => {
    const study = await createStudy();
    for (const [params, text] of [
      [{ x: Number.NaN }, /"x" is NaN, which cannot be enqueued/],
      [{ x: Number.NEGATIVE_INFINITY }, /"x" is -Infinity/],
      [{ x: { v: 1 } }, /"x" must be a number, string, boolean or null, but got an object/],
      [{ x: undefined }, /"x" must be a number, string, boolean or null, but got undefined/],
      [{ "": 1 }, /has an empty name/],
    ] as const) {
      const e = await rejection(study.enqueueTrial(params as never));
      expect(e).toBeInstanceOf(InvalidArgumentError);
      expect((e as Error).message).toMatch(text);
    }
    expect(await study.getTrials()).toEqual([]);
  });
});

describe("addTrial", () => {
  it("adds a COMPLETE trial with the given distributions", async () => {
    const study = await createStudy();
    const added = await study.addTrial({
      params: { x: 2, opt: "sgd" },
      distributions: { x: X, opt: { type: "categorical", choices: ["adam", "sgd"] } },
      values: 4,
      userAttrs: { source: "paper" },
      intermediateValues: { 0: 9, 1: 4 },
    });
    expect(added).toMatchObject({
      number: 0,
      state: "COMPLETE",
      values: [4],
      params: { x: 2, opt: "sgd" },
      userAttrs: { source: "paper" },
      intermediateValues: { 0: 9, 1: 4 },
    });
    expect(added.distributions.x).toEqual(X);
    expect(study.trials).toHaveLength(1);
  });

  it("infers a distribution the study already knows", async () => {
    const study = await createStudy();
    const trial = await study.ask();
    trial.suggestInt("n", 1, 8);
    await study.tell(trial, 3);
    const added = await study.addTrial({ params: { n: 5 }, values: [1] });
    expect(added.distributions.n).toEqual({ type: "int", low: 1, high: 8, log: false, step: 1 });
  });

  it("infers a distribution known only from another worker's trials", async () => {
    const storage = new MemoryStorage();
    const a = await createStudy({ storage, studyName: "s" });
    const b = await loadStudy({ storage, studyName: "s" });
    await a.addTrial({ params: { x: 1 }, distributions: { x: X }, values: 1 });
    expect((await b.addTrial({ params: { x: 3 }, values: 0 })).distributions.x).toEqual(X);
  });

  it("rejects a parameter without a distribution, naming it", async () => {
    const study = await createStudy();
    const e = (await rejection(study.addTrial({ params: { lr: 0.1 }, values: 1 }))) as InvalidArgumentError;
    expect(e).toBeInstanceOf(InvalidArgumentError);
    expect(e.code).toBe("invalid-argument");
    expect(e.paramName).toBe("lr");
    expect(e.message).toContain('"lr" has no distribution');
    expect(e.message).toContain("distributions");
    expect(study.trials).toHaveLength(0);
  });

  it("rejects a value outside its distribution, naming it", async () => {
    const study = await createStudy();
    for (const [value, dist] of [
      [11, X],
      [2.5, { type: "int", low: 0, high: 5, log: false, step: 1 }],
      [3, { type: "int", low: 0, high: 6, log: false, step: 2 }],
      ["c", { type: "categorical", choices: ["a", "b"] }],
    ] as const) {
      const e = (await rejection(
        study.addTrial({ params: { p: value }, distributions: { p: dist }, values: 0 }),
      )) as InvalidArgumentError;
      expect(e).toBeInstanceOf(InvalidArgumentError);
      expect(e.paramName).toBe("p");
      expect(e.message).toContain(`"p" = ${JSON.stringify(value)} lies outside`);
    }
    expect(study.trials).toHaveLength(0);
  });

  it("rejects a malformed or incompatible distribution with SearchSpaceError", async () => {
    const study = await createStudy();
    await study.addTrial({ params: { x: 0 }, distributions: { x: X }, values: 0 });
    const bad = await rejection(
      study.addTrial({
        params: { y: 0 },
        distributions: { y: { ...X, low: 1, high: 0 } as Distribution },
        values: 0,
      }),
    );
    expect(bad).toBeInstanceOf(SearchSpaceError);
    const clash = (await rejection(
      study.addTrial({
        params: { x: 0 },
        distributions: { x: { type: "int", low: -1, high: 1, log: false, step: 1 } },
        values: 0,
      }),
    )) as SearchSpaceError;
    expect(clash.code).toBe("incompatible-distribution");
    expect(study.trials).toHaveLength(1);
  });

  it("requires one number per objective for a COMPLETE trial", async () => {
    const study = await createStudy({ directions: ["minimize", "maximize"] });
    for (const values of [undefined, 1, [1], [1, Number.NaN]]) {
      const e = (await rejection(
        study.addTrial({ params: {}, ...(values === undefined ? {} : { values }) }),
      )) as InvalidArgumentError;
      expect(e).toBeInstanceOf(InvalidArgumentError);
      expect(e.paramName).toBe("values");
      expect(e.message).toContain("a COMPLETE trial needs 2 non-NaN number(s) in values");
    }
    expect(study.trials).toHaveLength(0);
  });

  it("adds PRUNED and FAIL trials without values", async () => {
    const study = await createStudy();
    expect((await study.addTrial({ params: {}, state: "PRUNED" })).state).toBe("PRUNED");
    const failed = await study.addTrial({ params: {}, state: "FAIL" });
    expect(failed.state).toBe("FAIL");
    expect(failed.failReason?.code).toBe("added");
  });

  it("counts added trials in bestTrial, respecting their constraints", async () => {
    const study = await createStudy({ direction: "maximize" });
    await tellAll(study, [1]);
    await study.addTrial({ params: { x: 5 }, distributions: { x: X }, values: 10 });
    await study.addTrial({ params: { x: 6 }, distributions: { x: X }, values: 99, constraints: { c: 1 } });
    expect(study.bestTrial.number).toBe(1);
    expect(study.bestValue).toBe(10);
    expect(study.bestParams).toEqual({ x: 5 });
  });
});

describe("user attributes handed to the study", () => {
  it("are refused at the call when JSON cannot hold them, naming the path, and nothing is written", async () => {
    const study = await createStudy();
    const expectRefused = async (call: Promise<unknown>, text: RegExp) => {
      const e = await rejection(call);
      expect(e).toBeInstanceOf(InvalidArgumentError);
      expect((e as Error).message).toMatch(text);
      expect((e as Error).message).toContain("user attributes must be JSON values");
    };
    await expectRefused(study.setUserAttr("loss", Number.NaN), /study\.setUserAttr\("loss"\): value is NaN/);
    await expectRefused(
      study.enqueueTrial({ x: 1 }, { userAttrs: { cfg: { opt: undefined } as never } }),
      /^enqueueTrial\(\): userAttrs\.cfg\.opt is undefined/,
    );
    await expectRefused(
      study.addTrial({ params: { x: 1 }, distributions: { x: X }, values: 1, userAttrs: { n: Infinity } }),
      /^addTrial\(\): userAttrs\.n is Infinity/,
    );
    expect(study.userAttrs).toEqual({});
    expect(await study.getTrials()).toEqual([]);
  });
});
