import { describe, expect, it } from "vitest";
import { frozenTrial, rejection, silenceLogs, studyPair } from "../../test/helpers.js";
import {
  InvalidArgumentError,
  ObjectiveResultError,
  TrialNotFoundError,
  TrialNotRunningError,
} from "../errors.js";
import { RandomSampler } from "../samplers/random/random-sampler.js";
import type { FrozenTrial } from "../trial/frozen-trial.js";
import { createStudy } from "./create-study.js";
import { resolveTell, resolveValues } from "./tell-result.js";

silenceLogs();

/** A RUNNING trial record as resolveTell sees it. */
function record(intermediateValues: FrozenTrial["intermediateValues"] = {}): FrozenTrial {
  return frozenTrial({
    trialId: 1,
    number: 4,
    state: "RUNNING",
    intermediateValues,
    startedAt: 0,
    workerId: "w",
    seq: 1,
  });
}

describe("resolveValues", () => {
  it("takes one number per objective as COMPLETE", () => {
    expect(resolveValues(record(), 0.5, ["minimize"])).toMatchObject({
      state: "COMPLETE",
      values: [0.5],
      error: null,
    });
    expect(resolveValues(record(), [1, -2], ["minimize", "maximize"])).toMatchObject({
      state: "COMPLETE",
      values: [1, -2],
    });
    expect(resolveValues(record(), Number.POSITIVE_INFINITY, ["minimize"]).state).toBe("COMPLETE");
  });

  it("turns NaN into FAIL with reason nan and no error", () => {
    const r = resolveValues(record(), [1, Number.NaN], ["minimize", "minimize"]);
    expect(r).toMatchObject({ state: "FAIL", values: null, error: null });
    expect(r.failReason?.code).toBe("nan");
  });

  it("turns a wrong count or a non-number into FAIL invalid-result with an ObjectiveResultError", () => {
    for (const [raw, text] of [
      [[1, 2], /1 objective\(s\), but the objective returned 2 value\(s\)/],
      [[], /returned 0 value/],
      ["0.5", /must return a number, but returned "0.5"/],
      [undefined, /returned undefined/],
      [["2"], /value 0 must be a number, but got "2"/],
    ] as const) {
      const r = resolveValues(record(), raw, ["minimize"]);
      expect(r.state).toBe("FAIL");
      expect(r.failReason?.code).toBe("invalid-result");
      expect(r.error).toBeInstanceOf(ObjectiveResultError);
      expect(r.error?.code).toBe("objective-result");
      expect(r.error?.message).toMatch(/^Trial 4: /);
      expect(r.error?.message).toMatch(text);
    }
  });
});

describe("resolveTell", () => {
  it("keeps the last reported value of a pruned single-objective trial", () => {
    expect(resolveTell(record({ 0: 3, 5: 1.5 }), { state: "PRUNED" }, ["minimize"]).values).toEqual([1.5]);
    expect(
      resolveTell(record({ 2: { loss: 0.4, acc: 0.9 } }), { state: "PRUNED" }, ["minimize"]).values,
    ).toEqual([0.4]);
    expect(resolveTell(record(), { state: "PRUNED" }, ["minimize"]).values).toBeNull();
    expect(resolveTell(record({ 0: 1 }), { state: "PRUNED" }, ["minimize", "minimize"]).values).toBeNull();
  });

  it("reads a string reason as an exception and keeps a reason object", () => {
    expect(resolveTell(record(), { state: "FAIL", reason: "oom" }, ["minimize"]).failReason).toEqual({
      code: "exception",
      message: "oom",
    });
    const reason = { code: "custom", message: "m" };
    expect(resolveTell(record(), { state: "FAIL", reason }, ["minimize"]).failReason).toEqual(reason);
  });

  it("rejects an unknown state, naming state", () => {
    expect(() => resolveTell(record(), { state: "DONE" as never, values: 1 }, ["minimize"])).toThrow(
      InvalidArgumentError,
    );
    try {
      resolveTell(record(), { state: "DONE" as never }, ["minimize"]);
    } catch (e) {
      expect((e as InvalidArgumentError).paramName).toBe("state");
    }
  });
});

describe("ask / tell", () => {
  it("tells a number: COMPLETE with that value", async () => {
    const study = await createStudy();
    const trial = await study.ask();
    const told = await study.tell(trial, 0.25);
    expect(told).toMatchObject({ number: 0, state: "COMPLETE", values: [0.25], failReason: null });
    expect(told.completedAt).not.toBeNull();
    expect(study.trials[0]?.state).toBe("COMPLETE");
  });

  it("tells an array to a two-objective study", async () => {
    const study = await createStudy({ directions: ["minimize", "maximize"] });
    const told = await study.tell(await study.ask(), [1, 2]);
    expect(told).toMatchObject({ state: "COMPLETE", values: [1, 2] });
  });

  it("tells { values } and { state: COMPLETE, values, constraints }", async () => {
    const study = await createStudy();
    expect((await study.tell(await study.ask(), { values: 3 })).values).toEqual([3]);
    const told = await study.tell(await study.ask(), {
      state: "COMPLETE",
      values: [4],
      constraints: { c: 1 },
    });
    expect(told).toMatchObject({ state: "COMPLETE", values: [4], constraints: { c: 1 } });
  });

  it("tells PRUNED: the last reported value becomes the value", async () => {
    const study = await createStudy();
    const trial = await study.ask();
    trial.report(5, 0);
    trial.report(4, 1);
    const told = await study.tell(trial, { state: "PRUNED" });
    expect(told).toMatchObject({ state: "PRUNED", values: [4], intermediateValues: { 0: 5, 1: 4 } });
    const bare = await study.tell(await study.ask(), { state: "PRUNED" });
    expect(bare).toMatchObject({ state: "PRUNED", values: null });
  });

  it("tells FAIL with a reason", async () => {
    const study = await createStudy();
    const a = await study.tell(await study.ask(), { state: "FAIL", reason: "out of memory" });
    expect(a).toMatchObject({
      state: "FAIL",
      values: null,
      failReason: { code: "exception", message: "out of memory" },
    });
    const b = await study.tell(await study.ask(), { state: "FAIL", reason: { code: "oom", message: "GPU" } });
    expect(b.failReason).toEqual({ code: "oom", message: "GPU" });
    const c = await study.tell(await study.ask(), { state: "FAIL" });
    expect(c.failReason?.code).toBe("exception");
  });

  it("tells NaN: FAIL with reason nan, no error", async () => {
    const study = await createStudy();
    const told = await study.tell(await study.ask(), Number.NaN);
    expect(told.state).toBe("FAIL");
    expect(told.failReason?.code).toBe("nan");
  });

  it("tells a wrong count: records FAIL invalid-result, then throws ObjectiveResultError", async () => {
    const study = await createStudy();
    const trial = await study.ask();
    const x = trial.suggestFloat("x", 0, 1);
    const e = (await rejection(study.tell(trial, [1, 2]))) as ObjectiveResultError;
    expect(e).toBeInstanceOf(ObjectiveResultError);
    expect(e.code).toBe("objective-result");
    const stored = (await study.getTrials())[0];
    expect(stored).toMatchObject({ state: "FAIL", params: { x } });
    expect(stored?.failReason?.code).toBe("invalid-result");
  });

  it("tells by trial number, including the buffered writes of a live trial", async () => {
    const study = await createStudy();
    const trial = await study.ask();
    const x = trial.suggestFloat("x", 0, 1);
    const told = await study.tell(trial.number, 7);
    expect(told).toMatchObject({ number: 0, state: "COMPLETE", values: [7], params: { x } });
  });

  it("tells a trial asked by another Study object on the same storage, by number", async () => {
    const { study, observer } = await studyPair();
    const trial = await study.ask();
    trial.suggestInt("n", 1, 3);
    await trial.flush();
    const told = await observer.tell(0, 1);
    expect(told.state).toBe("COMPLETE");
    expect(Object.keys(told.params)).toEqual(["n"]);
  });

  it("rejects an unknown trial number with TrialNotFoundError", async () => {
    const study = await createStudy();
    const e = (await rejection(study.tell(3, 1))) as TrialNotFoundError;
    expect(e).toBeInstanceOf(TrialNotFoundError);
    expect(e.code).toBe("trial-not-found");
    expect(e.message).toContain("no trial 3");
  });

  it("returns the record when told twice with the same outcome", async () => {
    const study = await createStudy();
    const trial = await study.ask();
    const first = await study.tell(trial, 2);
    const again = await study.tell(trial, 2);
    expect(again).toEqual(first);
    const failed = await study.ask();
    await study.tell(failed, { state: "FAIL", reason: "x" });
    expect((await study.tell(failed.number, { state: "FAIL", reason: "x" })).state).toBe("FAIL");
    expect(study.trials).toHaveLength(2);
  });

  it("throws TrialNotRunningError when told twice with a different outcome, keeping the first", async () => {
    const study = await createStudy();
    const trial = await study.ask();
    await study.tell(trial, 2);
    for (const other of [3, { state: "PRUNED" } as const, { state: "FAIL", reason: "late" } as const]) {
      const e = (await rejection(study.tell(trial, other))) as TrialNotRunningError;
      expect(e).toBeInstanceOf(TrialNotRunningError);
      expect(e.code).toBe("trial-not-running");
      expect(e.message).toContain("trial 0 is already COMPLETE");
      expect(e.message).toContain("[2]");
    }
    expect((await study.getTrials())[0]).toMatchObject({ state: "COMPLETE", values: [2] });
  });

  it("writes buffered params, reports, user attributes and constraints only at tell, in one record", async () => {
    const { study, observer } = await studyPair();
    const trial = await study.ask();
    const lr = trial.suggestFloat("lr", 1e-4, 1, { log: true });
    const opt = trial.suggestCategorical("opt", ["adam", "sgd"]);
    trial.report(0.5, 0);
    trial.setUserAttr("note", "hello");
    trial.setConstraint("mem", -2);
    await observer.refresh();
    expect(observer.trials[0]).toMatchObject({
      state: "RUNNING",
      params: {},
      intermediateValues: {},
      userAttrs: {},
    });
    await study.tell(trial, 0.1);
    await observer.refresh();
    expect(observer.trials[0]).toMatchObject({
      state: "COMPLETE",
      values: [0.1],
      params: { lr, opt },
      intermediateValues: { 0: 0.5 },
      userAttrs: { note: "hello" },
      constraints: { mem: -2 },
    });
    expect(Object.keys(observer.trials[0]?.distributions ?? {}).sort()).toEqual(["lr", "opt"]);
  });

  it("makes intermediate values visible to another Study object after report + shouldPrune + refresh", async () => {
    const { study, observer } = await studyPair();
    const trial = await study.ask();
    trial.report({ loss: 0.3 }, 2);
    await trial.shouldPrune();
    await observer.refresh();
    expect(observer.trials[0]?.intermediateValues).toEqual({ 2: { loss: 0.3 } });
    expect(observer.trials[0]?.state).toBe("RUNNING");
  });

  it("ask({ distributions }) suggests those parameters up front", async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 5 }) });
    const trial = await study.ask({
      distributions: {
        x: { type: "float", low: -1, high: 1, log: false, step: null },
        lr: { type: "float", low: 1e-3, high: 1, log: true, step: null },
        n: { type: "int", low: 0, high: 10, log: false, step: 2 },
        c: { type: "categorical", choices: ["a", "b"] },
      },
    });
    const { x, lr, n, c } = trial.params as Record<string, number | string>;
    expect(x).toBeGreaterThanOrEqual(-1);
    expect(lr).toBeGreaterThanOrEqual(1e-3);
    expect((n as number) % 2).toBe(0);
    expect(["a", "b"]).toContain(c);
    expect(trial.suggestFloat("x", -1, 1)).toBe(x);
    expect(trial.suggestInt("n", 0, 10, { step: 2 })).toBe(n);
    const told = await study.tell(trial, 0);
    expect(told.params).toEqual({ x, lr, n, c });
  });

  it("hands out distinct trials to concurrent ask() calls", async () => {
    const study = await createStudy();
    const trials = await Promise.all(Array.from({ length: 5 }, () => study.ask()));
    expect(trials.map((t) => t.number).sort()).toEqual([0, 1, 2, 3, 4]);
    expect((await study.getTrials({ states: ["RUNNING"] })).length).toBe(5);
  });

  it("rejects telling a trial that is still WAITING with TrialNotRunningError, writing nothing", async () => {
    const study = await createStudy();
    await study.enqueueTrial({ x: 1 });
    const e = (await rejection(study.tell(0, 1))) as TrialNotRunningError;
    expect(e).toBeInstanceOf(TrialNotRunningError);
    expect(e.message).toContain("WAITING");
    expect((await study.getTrials())[0]?.state).toBe("WAITING");
  });

  it("ask({ distributions }) with a malformed distribution rejects without leaving a RUNNING trial", async () => {
    const study = await createStudy();
    await expect(
      study.ask({ distributions: { lr: { type: "float", low: 0, high: 1, log: true, step: null } } }),
    ).rejects.toThrow(/low must be > 0/);
    expect(await study.getTrials({ states: ["RUNNING"] })).toEqual([]);
  });

  it("records a malformed result as FAIL invalid-result with the buffered params, then throws", async () => {
    const study = await createStudy();
    const trial = await study.ask();
    const x = trial.suggestFloat("x", 0, 1);
    await expect(study.tell(trial, undefined as never)).rejects.toBeInstanceOf(ObjectiveResultError);
    const stored = (await study.getTrials())[0];
    expect(stored?.state).toBe("FAIL");
    expect(stored?.failReason?.code).toBe("invalid-result");
    expect(stored?.params).toEqual({ x });
  });
});
