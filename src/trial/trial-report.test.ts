import { describe, expect, it } from "vitest";
import { silenceLogs, studyPair, thrown } from "../../test/helpers.js";
import { InvalidArgumentError, TrialNotRunningError } from "../errors.js";
import { createStudy } from "../study/create-study.js";

silenceLogs();

describe("report", () => {
  it("rejects a step that is not a non-negative integer, naming step", async () => {
    const trial = await (await createStudy()).ask();
    for (const step of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, "1" as unknown as number]) {
      const e = thrown(() => trial.report(0.5, step)) as InvalidArgumentError;
      expect(e).toBeInstanceOf(InvalidArgumentError);
      expect(e.code).toBe("invalid-argument");
      expect(e.paramName).toBe("step");
      expect(e.message).toContain("step must be a non-negative integer");
      expect(e.message).toContain(`step=${String(step)}`);
    }
    expect(() => trial.report(0.5, 0)).not.toThrow();
  });

  it("rejects values that are not a number, a non-empty number array or named numbers", async () => {
    const trial = await (await createStudy()).ask();
    for (const bad of ["0.5", null, [], [1, "x"], {}, { loss: "x" }, true]) {
      const e = thrown(() => trial.report(bad as never, 0)) as InvalidArgumentError;
      expect(e).toBeInstanceOf(InvalidArgumentError);
      expect(e.paramName).toBe("value");
      expect(e.message).toMatch(/^report\(\): /);
    }
  });

  it("accepts numbers (NaN and ±Infinity included), vectors and named values", async () => {
    const study = await createStudy();
    const trial = await study.ask();
    trial.report(Number.NaN, 0);
    trial.report(Number.POSITIVE_INFINITY, 1);
    trial.report([1, 2], 2);
    trial.report({ loss: 0.3 }, 3);
    const told = await study.tell(trial, 0);
    expect(told.intermediateValues).toEqual({
      0: Number.NaN,
      1: Number.POSITIVE_INFINITY,
      2: [1, 2],
      3: { loss: 0.3 },
    });
  });

  it("merges named values reported twice at one step by name; a number replaces", async () => {
    const study = await createStudy();
    const trial = await study.ask();
    trial.report({ loss: 1, acc: 0.1 }, 0);
    trial.report({ acc: 0.5 }, 0);
    trial.report(1, 1);
    trial.report(2, 1);
    const told = await study.tell(trial, 0);
    expect(told.intermediateValues).toEqual({ 0: { loss: 1, acc: 0.5 }, 1: 2 });
  });

  it("merges named values by name also across a flush", async () => {
    const study = await createStudy();
    const trial = await study.ask();
    trial.report({ loss: 1 }, 4);
    await trial.shouldPrune();
    trial.report({ acc: 0.5 }, 4);
    const told = await study.tell(trial, 0);
    expect(told.intermediateValues).toEqual({ 4: { loss: 1, acc: 0.5 } });
  });

  it("is buffered: nothing is written until shouldPrune()", async () => {
    const { study, observer } = await studyPair();
    const trial = await study.ask();
    trial.report(0.9, 0);
    trial.report(0.7, 1);
    await observer.refresh();
    expect(observer.trials[0]?.intermediateValues).toEqual({});
    expect(await trial.shouldPrune()).toBe(false);
    await observer.refresh();
    expect(observer.trials[0]?.state).toBe("RUNNING");
    expect(observer.trials[0]?.intermediateValues).toEqual({ 0: 0.9, 1: 0.7 });
  });
});

describe("flush", () => {
  it("writes buffered params, constraints and user attributes of a running trial", async () => {
    const { study, observer } = await studyPair();
    const trial = await study.ask();
    const x = trial.suggestFloat("x", 0, 1);
    trial.setConstraint("c", -1);
    trial.setUserAttr("tag", "a");
    await trial.flush();
    await observer.refresh();
    const seen = observer.trials[0];
    expect(seen?.params).toEqual({ x });
    expect(seen?.constraints).toEqual({ c: -1 });
    expect(seen?.userAttrs).toEqual({ tag: "a" });
  });

  it("fails with TrialNotRunningError once the trial is finished", async () => {
    const study = await createStudy();
    const trial = await study.ask();
    await study.tell(trial, 1);
    expect(() => trial.report(1, 0)).toThrow(TrialNotRunningError);
    await expect(trial.shouldPrune()).rejects.toBeInstanceOf(TrialNotRunningError);
  });
});

describe("setConstraint and setUserAttr", () => {
  it("rejects a non-number constraint value, naming the constraint", async () => {
    const trial = await (await createStudy()).ask();
    const e = thrown(() => trial.setConstraint("latency", "3" as never)) as InvalidArgumentError;
    expect(e).toBeInstanceOf(InvalidArgumentError);
    expect(e.paramName).toBe("latency");
    expect(e.message).toContain('setConstraint("latency")');
  });

  it("shows user attributes at once, enqueued ones included", async () => {
    const study = await createStudy();
    await study.enqueueTrial({}, { userAttrs: { source: "seed" } });
    const trial = await study.ask();
    trial.setUserAttr("git", "abc");
    expect(trial.userAttrs).toEqual({ source: "seed", git: "abc" });
    const told = await study.tell(trial, 0);
    expect(told.userAttrs).toEqual({ source: "seed", git: "abc" });
  });
});
