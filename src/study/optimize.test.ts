import { describe, expect, it } from "vitest";
import { captureLogs, expectNoRunning, rejection, silenceLogs } from "../../test/helpers.js";
import {
  InvalidArgumentError,
  ObjectiveResultError,
  SearchSpaceError,
  TrialFailed,
  TrialPruned,
  TrialRejected,
} from "../errors.js";
import { setVerbosity } from "../logging/logger.js";
import { RandomSampler } from "../samplers/random/random-sampler.js";
import { MemoryStorage } from "../storage/memory/memory-storage.js";
import type { FrozenTrial } from "../trial/frozen-trial.js";
import type { Trial } from "../trial/trial.js";
import { createStudy, loadStudy } from "./create-study.js";
import type { OptimizeOptions } from "./optimize.js";
import type { Study } from "./study.js";

silenceLogs();

function seeded(): Promise<Study> {
  return createStudy({ sampler: new RandomSampler({ seed: 3 }) });
}

const quadratic = (t: Trial) => (t.suggestFloat("x", -10, 10) - 2) ** 2;
const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe("optimize: limits", () => {
  it("runs exactly nTrials trials per call", async () => {
    const study = await seeded();
    const result = await study.optimize(quadratic, { nTrials: 5 });
    expect(result).toMatchObject({
      stopReason: "nTrials",
      trialsRun: 5,
      completed: 5,
      pruned: 0,
      failed: 0,
      forbidden: 0,
    });
    await study.optimize(quadratic, { nTrials: 3 });
    const trials = await study.getTrials();
    expect(trials.map((t) => t.number)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(trials.every((t) => t.state === "COMPLETE")).toBe(true);
    expect(study.bestValue).toBe(Math.min(...trials.map((t) => t.values?.[0] as number)));
  });

  it("runs nothing for nTrials: 0", async () => {
    const study = await seeded();
    expect(await study.optimize(quadratic, { nTrials: 0 })).toMatchObject({
      stopReason: "nTrials",
      trialsRun: 0,
    });
    expect(study.trials).toEqual([]);
  });

  it("rejects bad options, naming the option", async () => {
    const study = await seeded();
    const cases: [OptimizeOptions, string][] = [
      [{ nTrials: -1 }, "nTrials"],
      [{ nTrials: 1.5 }, "nTrials"],
      [{ maxTrials: -2 }, "maxTrials"],
      [{ concurrency: 0 }, "concurrency"],
      [{ timeout: 0 }, "timeout"],
      [{ trialTimeout: -1 }, "trialTimeout"],
      [{ gracePeriod: -0.1 }, "gracePeriod"],
      [{ gracePeriod: Number.NaN }, "gracePeriod"],
    ];
    for (const [options, name] of cases) {
      const e = (await rejection(study.optimize(quadratic, options))) as InvalidArgumentError;
      expect(e, name).toBeInstanceOf(InvalidArgumentError);
      expect(e.code).toBe("invalid-argument");
      expect(e.paramName).toBe(name);
      expect(e.message).toContain(`optimize(): ${name} must be`);
    }
    const notFn = (await rejection(study.optimize(42 as never, { nTrials: 1 }))) as InvalidArgumentError;
    expect(notFn).toBeInstanceOf(InvalidArgumentError);
    expect(notFn.message).toContain("objective must be a function");
    expect(study.trials).toEqual([]);
  });

  it("caps trials study-wide with maxTrials, across Study objects one after another", async () => {
    const storage = new MemoryStorage();
    const a = await createStudy({ storage, studyName: "cap", sampler: new RandomSampler({ seed: 1 }) });
    const b = await loadStudy({ storage, studyName: "cap" });
    expect(await a.optimize(quadratic, { nTrials: 4, maxTrials: 6 })).toMatchObject({
      stopReason: "nTrials",
      trialsRun: 4,
    });
    expect(await b.optimize(quadratic, { nTrials: 10, maxTrials: 6 })).toMatchObject({
      stopReason: "maxTrials",
      trialsRun: 2,
    });
    expect(await a.optimize(quadratic, { maxTrials: 6 })).toMatchObject({
      stopReason: "maxTrials",
      trialsRun: 0,
    });
    expect(await b.getTrials()).toHaveLength(6);
  });

  it("caps trials study-wide with maxTrials for two Study objects running at once", async () => {
    const storage = new MemoryStorage();
    const a = await createStudy({ storage, studyName: "cap", sampler: new RandomSampler({ seed: 1 }) });
    const b = await loadStudy({ storage, studyName: "cap" });
    const objective = async (t: Trial) => {
      await tick();
      return quadratic(t);
    };
    const [ra, rb] = await Promise.all([
      a.optimize(objective, { maxTrials: 11, concurrency: 2 }),
      b.optimize(objective, { maxTrials: 11, concurrency: 3 }),
    ]);
    expect(ra.stopReason).toBe("maxTrials");
    expect(rb.stopReason).toBe("maxTrials");
    expect(ra.trialsRun + rb.trialsRun).toBe(11);
    expect(ra.trialsRun).toBeGreaterThan(0);
    expect(rb.trialsRun).toBeGreaterThan(0);
    const trials = await a.getTrials();
    expect(trials).toHaveLength(11);
    expect(new Set(trials.map((t) => t.workerId)).size).toBeGreaterThanOrEqual(1);
    await expectNoRunning(a);
  });

  it("does not count forbidden trials against maxTrials", async () => {
    const study = await seeded();
    const result = await study.optimize(
      (t) => {
        if (t.number % 2 === 1) t.forbid("odd");
        return quadratic(t);
      },
      { maxTrials: 3 },
    );
    expect(result).toMatchObject({ stopReason: "maxTrials", trialsRun: 3, forbidden: 2 });
    expect(study.trials).toHaveLength(5);
  });
});

describe("optimize: objective errors", () => {
  it("records a throwing objective as FAIL with message and stack, and rejects with that error", async () => {
    const study = await seeded();
    const boom = new Error("boom");
    let calls = 0;
    const e = await rejection(
      study.optimize(
        (t) => {
          calls++;
          t.suggestFloat("x", 0, 1);
          throw boom;
        },
        { nTrials: 5 },
      ),
    );
    expect(e).toBe(boom);
    expect(calls).toBe(1);
    const [trial] = await study.getTrials();
    expect(trial?.state).toBe("FAIL");
    expect(trial?.failReason?.code).toBe("exception");
    expect(trial?.failReason?.message).toBe("Error: boom");
    expect(trial?.failReason?.stack).toContain("boom");
    expect(Object.keys(trial?.params ?? {})).toEqual(["x"]);
    await expectNoRunning(study);
  });

  it("records an async rejection and a thrown non-Error the same way", async () => {
    const study = await seeded();
    expect(
      await rejection(
        study.optimize(
          async () => {
            await tick();
            throw "plain string";
          },
          { nTrials: 2 },
        ),
      ),
    ).toBe("plain string");
    expect(study.trials[0]?.failReason).toEqual({ code: "exception", message: "plain string" });
    await expectNoRunning(study);
  });

  it("goes on after any error with catch: true", async () => {
    const study = await seeded();
    const result = await study.optimize(
      (t) => {
        if (t.number % 2 === 0) throw new TypeError(`bad ${t.number}`);
        return 1;
      },
      { nTrials: 4, catch: true },
    );
    expect(result).toMatchObject({ stopReason: "nTrials", trialsRun: 4, completed: 2, failed: 2 });
    expect(study.trials.map((t) => t.failReason?.message ?? null)).toEqual([
      "TypeError: bad 0",
      null,
      "TypeError: bad 2",
      null,
    ]);
  });

  it("records a TrialFailed with its own reason code and goes on without catch", async () => {
    const study = await seeded();
    const result = await study.optimize(
      (t) => {
        if (t.number === 1) throw new TrialFailed("exit-code", "the program exited with code 3");
        return 1;
      },
      { nTrials: 3 },
    );
    expect(result).toMatchObject({ stopReason: "nTrials", completed: 2, failed: 1 });
    expect(study.trials[1]?.failReason).toEqual({
      code: "exit-code",
      message: "the program exited with code 3",
    });
  });

  it("goes on after errors of the listed classes and stops on others", async () => {
    class Flaky extends Error {}
    const study = await seeded();
    const e = await rejection(
      study.optimize(
        (t) => {
          if (t.number < 2) throw new Flaky("retry me");
          throw new RangeError("fatal");
        },
        { nTrials: 10, catch: [Flaky] },
      ),
    );
    expect(e).toBeInstanceOf(RangeError);
    expect(study.trials.map((t) => t.state)).toEqual(["FAIL", "FAIL", "FAIL"]);
    await expectNoRunning(study);
  });

  it("goes on after errors the predicate accepts", async () => {
    const study = await seeded();
    const seen: unknown[] = [];
    const e = await rejection(
      study.optimize(
        (t) => {
          throw new Error(t.number < 3 ? "transient" : "permanent");
        },
        {
          nTrials: 10,
          catch: (error) => {
            seen.push(error);
            return (error as Error).message === "transient";
          },
        },
      ),
    );
    expect((e as Error).message).toBe("permanent");
    expect(seen).toHaveLength(4);
    expect(study.trials).toHaveLength(4);
  });

  it("logs one warning line per caught failure, naming the error", async () => {
    const study = await seeded();
    const lines = captureLogs("info");
    await study.optimize(
      () => {
        throw new Error("flaky");
      },
      { nTrials: 2, catch: true },
    );
    const warnings = lines.filter((l) => l.level === "warning").map((l) => l.message);
    expect(warnings).toEqual([
      "Trial 0 failed (exception: Error: flaky). Parameters {}.",
      "Trial 1 failed (exception: Error: flaky). Parameters {}.",
    ]);
  });

  it("records NaN as FAIL with reason nan and goes on", async () => {
    const study = await seeded();
    const result = await study.optimize((t) => (t.number === 1 ? Number.NaN : t.number), { nTrials: 3 });
    expect(result).toMatchObject({ stopReason: "nTrials", trialsRun: 3, completed: 2, failed: 1 });
    expect(study.trials[1]?.state).toBe("FAIL");
    expect(study.trials[1]?.failReason?.code).toBe("nan");
    expect(study.trials[1]?.values).toBeNull();
  });

  it("records a wrong number of values as FAIL invalid-result and rejects with ObjectiveResultError", async () => {
    for (const [directions, value] of [
      [["minimize"], [1, 2]],
      [["minimize", "maximize"], 1],
      [["minimize", "maximize"], [1]],
      [["minimize"], ["1"]],
    ] as const) {
      const study = await createStudy({ directions });
      const e = (await rejection(
        study.optimize(() => value, { nTrials: 3, catch: true }),
      )) as ObjectiveResultError;
      expect(e).toBeInstanceOf(ObjectiveResultError);
      expect(e.code).toBe("objective-result");
      const trials = await study.getTrials();
      expect(trials).toHaveLength(1);
      expect(trials[0]?.state).toBe("FAIL");
      expect(trials[0]?.failReason?.code).toBe("invalid-result");
      await expectNoRunning(study);
    }
  });

  it("records an objective that returns undefined as FAIL invalid-result, rejecting with ObjectiveResultError", async () => {
    const study = await seeded();
    const e = await rejection(study.optimize(() => undefined, { nTrials: 3 }));
    expect(e).toBeInstanceOf(ObjectiveResultError);
    const trials = await study.getTrials();
    expect(trials.map((t) => [t.state, t.failReason?.code])).toEqual([["FAIL", "invalid-result"]]);
  });

  it("records an objective that returns a string or null as FAIL invalid-result, leaving no trial RUNNING", async () => {
    for (const value of ["0.5", null]) {
      const study = await seeded();
      await rejection(study.optimize(() => value, { nTrials: 3 }));
      await expectNoRunning(study);
    }
  });

  it("records an objective that returns a plain object as FAIL invalid-result, rejecting", async () => {
    const study = await seeded();
    const e = await rejection(study.optimize(() => ({ loss: 0.3 }), { nTrials: 3 }));
    expect(e).toBeInstanceOf(ObjectiveResultError);
    expect(study.trials.map((t) => t.failReason?.code)).toEqual(["invalid-result"]);
  });

  it("counts an invalid-result trial as failed and passes it to callbacks, as it does an exception", async () => {
    const study = await seeded();
    const lines = captureLogs("info");
    const called: number[] = [];
    await rejection(
      study.optimize(() => [1, 2], {
        nTrials: 3,
        callbacks: [({ trial }) => void called.push(trial.number)],
      }),
    );
    expect(called).toEqual([0]);
    expect(lines.at(-1)?.message).toContain("1 trials run (0 complete, 0 pruned = 0.0%, 1 failed)");
  });

  it("records a trial whose user attribute is not JSON as FAIL under catch, and goes on with none RUNNING", async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const bad: unknown[] = [
      { layers: [1, 2, () => 3] },
      cyclic,
      10n,
      { u: undefined },
      Symbol("s"),
      Number.NaN,
    ];
    const study = await seeded();
    const result = await study.optimize(
      (t) => {
        const x = quadratic(t);
        if (t.number < bad.length) t.setUserAttr("cfg", bad[t.number] as never);
        return x;
      },
      { nTrials: bad.length + 2, catch: true },
    );
    expect(result).toMatchObject({ failed: bad.length, completed: 2 });
    await expectNoRunning(study);
    const reasons = study.trials.slice(0, bad.length).map((t) => t.failReason?.message ?? "");
    expect(reasons[0]).toMatch(
      /setUserAttr\("cfg"\): value\.layers\[2\] is a function; user attributes must be JSON/,
    );
    expect(reasons[1]).toContain("value.self is a cycle");
    expect(study.trials.every((t) => t.params.x !== undefined)).toBe(true);
  });

  it("leaves no trial RUNNING when the sampler throws while a trial starts", async () => {
    class BrokenSampler extends RandomSampler {
      beforeTrial(): void {
        throw new Error("sampler state unreadable");
      }
    }
    const study = await createStudy({ sampler: new BrokenSampler({ seed: 1 }) });
    const e = await rejection(study.optimize(quadratic, { nTrials: 3 }));
    expect((e as Error).message).toBe("sampler state unreadable");
    await expectNoRunning(study);
  });

  it("stops on a search-space error even with catch: true", async () => {
    const study = await seeded();
    const e = (await rejection(
      study.optimize((t) => (t.number < 2 ? t.suggestFloat("x", 0, 1) : t.suggestInt("x", 0, 1)), {
        nTrials: 10,
        catch: true,
      }),
    )) as SearchSpaceError;
    expect(e).toBeInstanceOf(SearchSpaceError);
    expect(e.code).toBe("incompatible-distribution");
    expect(e.paramName).toBe("x");
    expect(study.trials.map((t) => t.state)).toEqual(["COMPLETE", "COMPLETE", "FAIL"]);
    expect(study.trials[2]?.failReason?.code).toBe("search-space");
    await expectNoRunning(study);
  });

  it("stops on a malformed definition even with a catch predicate that accepts everything", async () => {
    const study = await seeded();
    const e = await rejection(
      study.optimize((t) => t.suggestFloat("lr", 0, 1, { log: true }), { nTrials: 5, catch: () => true }),
    );
    expect(e).toBeInstanceOf(SearchSpaceError);
    expect(study.trials).toHaveLength(1);
  });
});

describe("optimize: pruned and forbidden trials", () => {
  it("records TrialPruned as PRUNED with the last reported value, and goes on", async () => {
    const study = await seeded();
    const result = await study.optimize(
      async (t) => {
        for (let step = 0; step < 5; step++) {
          t.report(10 - step, step);
          if (t.number === 1 && step === 2) {
            if (!(await t.shouldPrune())) throw new TrialPruned();
          }
        }
        return 0;
      },
      { nTrials: 3 },
    );
    expect(result).toMatchObject({ stopReason: "nTrials", trialsRun: 3, completed: 2, pruned: 1, failed: 0 });
    const pruned = study.trials[1];
    expect(pruned?.state).toBe("PRUNED");
    expect(pruned?.values).toEqual([8]);
    expect(pruned?.intermediateValues).toEqual({ 0: 10, 1: 9, 2: 8 });
    expect(pruned?.failReason).toBeNull();
  });

  it("values a pruned trial by its last report as stored, named values merged across a flush", async () => {
    const study = await seeded();
    await study.optimize(
      async (t) => {
        t.report({ loss: 1 }, 3);
        await t.shouldPrune();
        t.report({ acc: 0.5 }, 3);
        throw new TrialPruned();
      },
      { nTrials: 1 },
    );
    const trial = study.trials[0];
    expect(trial?.intermediateValues).toEqual({ 3: { loss: 1, acc: 0.5 } });
    // The stored last report is { loss: 1, acc: 0.5 }; its first metric (loss) is the value, as for an unflushed report.
    expect(trial?.values).toEqual([1]);
  });

  it("does not count forbidden trials against nTrials", async () => {
    const study = await seeded();
    const result = await study.optimize(
      (t) => {
        const x = t.suggestFloat("x", -1, 1);
        if (t.number % 2 === 1) t.forbid(`odd trial ${t.number}`);
        return x;
      },
      { nTrials: 5 },
    );
    expect(result).toMatchObject({
      stopReason: "nTrials",
      trialsRun: 5,
      completed: 5,
      failed: 0,
      forbidden: 4,
    });
    const trials = await study.getTrials();
    expect(trials.filter((t) => t.failReason?.code !== "forbidden")).toHaveLength(5);
    expect(trials[1]).toMatchObject({
      state: "FAIL",
      failReason: { code: "forbidden", message: "odd trial 1" },
    });
    expect(Object.keys(trials[1]?.params ?? {})).toEqual(["x"]);
  });

  it("treats a thrown TrialRejected like forbid, also with concurrency", async () => {
    const study = await seeded();
    const result = await study.optimize(
      async (t) => {
        await tick();
        if (t.number % 3 === 0) throw new TrialRejected();
        return 1;
      },
      { nTrials: 6, concurrency: 3 },
    );
    expect(result.trialsRun).toBe(6);
    expect(result.completed).toBe(6);
    expect(result.forbidden).toBeGreaterThanOrEqual(3);
    const trials = await study.getTrials();
    expect(trials.filter((t) => t.state === "COMPLETE")).toHaveLength(6);
    expect(trials.filter((t) => t.failReason?.code === "forbidden")).toHaveLength(result.forbidden);
    expect(trials[0]?.failReason?.message).toBe("forbidden parameter combination");
    await expectNoRunning(study);
  });
});

describe("optimize: callbacks, result and logs", () => {
  it("calls each callback once per trial, in order, with the study and the frozen finished trial", async () => {
    const study = await seeded();
    const seen: FrozenTrial[] = [];
    const other: number[] = [];
    await study.optimize(
      (t) => {
        if (t.number === 1) t.forbid("no");
        if (t.number === 2) throw new Error("caught");
        return quadratic(t);
      },
      {
        nTrials: 3,
        catch: true,
        callbacks: [
          ({ study: s, trial }) => {
            expect(s).toBe(study);
            seen.push(trial);
          },
          async ({ trial }) => {
            await tick();
            other.push(trial.number);
          },
        ],
      },
    );
    expect(seen.map((t) => t.number)).toEqual([0, 1, 2, 3]);
    expect(other).toEqual([0, 1, 2, 3]);
    expect(seen.map((t) => t.state)).toEqual(["COMPLETE", "FAIL", "FAIL", "COMPLETE"]);
    for (const t of seen) {
      expect(Object.isFrozen(t)).toBe(true);
      expect(Object.isFrozen(t.params)).toBe(true);
    }
  });

  it("rejects with an error thrown by a callback, after recording the trial", async () => {
    const study = await seeded();
    const oops = new Error("callback broke");
    const e = await rejection(
      study.optimize(quadratic, {
        nTrials: 5,
        callbacks: [
          ({ trial }) => {
            if (trial.number === 1) throw oops;
          },
        ],
      }),
    );
    expect(e).toBe(oops);
    expect(study.trials.map((t) => t.state)).toEqual(["COMPLETE", "COMPLETE"]);
  });

  it("stops after the trial whose callback calls study.stop()", async () => {
    const study = await seeded();
    const result = await study.optimize(quadratic, {
      nTrials: 10,
      callbacks: [({ study: s, trial }) => (trial.number === 2 ? s.stop() : undefined)],
    });
    expect(result).toMatchObject({ stopReason: "stopped", trialsRun: 3, completed: 3 });
    expect(study.trials).toHaveLength(3);
    await expectNoRunning(study);
    expect((await study.optimize(quadratic, { nTrials: 2 })).trialsRun).toBe(2);
  });

  it("reports what it spent in the result", async () => {
    const study = await seeded();
    const result = await study.optimize(
      (t) => {
        switch (t.number) {
          case 1:
            t.report(3, 0);
            throw new TrialPruned();
          case 2:
            throw new Error("x");
          case 3:
            return Number.NaN;
          case 4:
            t.forbid("nope");
            return 0;
          default:
            return t.number;
        }
      },
      { nTrials: 5, catch: true },
    );
    expect(result).toMatchObject({
      stopReason: "nTrials",
      trialsRun: 5,
      completed: 2,
      pruned: 1,
      failed: 2,
      forbidden: 1,
    });
    expect(result.computeSeconds).toBeGreaterThanOrEqual(0);
    expect(result.elapsedSeconds).toBeGreaterThanOrEqual(0);
    expect(study.trials.map((t) => t.state)).toEqual([
      "COMPLETE",
      "PRUNED",
      "FAIL",
      "FAIL",
      "FAIL",
      "COMPLETE",
    ]);
  });

  it('logs "Trial N finished with value V and parameters {...}. Best is trial M with value W." per trial', async () => {
    const study = await createStudy({ studyName: "logged" });
    for (const x of [3, 1, 2]) await study.enqueueTrial({ x });
    const lines = captureLogs("info");
    await study.optimize((t) => t.suggestFloat("x", 0, 5), { nTrials: 3 });
    expect(lines.slice(0, 3)).toEqual([
      {
        level: "info",
        message: 'Trial 0 finished with value 3 and parameters {"x":3}. Best is trial 0 with value 3.',
      },
      {
        level: "info",
        message: 'Trial 1 finished with value 1 and parameters {"x":1}. Best is trial 1 with value 1.',
      },
      {
        level: "info",
        message: 'Trial 2 finished with value 2 and parameters {"x":2}. Best is trial 1 with value 1.',
      },
    ]);
    expect(lines).toHaveLength(4);
    expect(lines[3]?.message).toMatch(
      /^Study "logged" stopped \(nTrials\): 3 trials run \(3 complete, 0 pruned = 0\.0%, 0 failed\); compute \d+\.\d s, elapsed \d+\.\d s\.$/,
    );
  });

  it("logs pruned, failed and forbidden trials, and the budget line with the pruned share and forbidden count", async () => {
    const study = await createStudy({ studyName: "budget" });
    const lines = captureLogs("info");
    await study.optimize(
      (t) => {
        if (t.number === 1) {
          t.report(0.5, 4);
          throw new TrialPruned();
        }
        if (t.number === 2) t.forbid("not this one");
        if (t.number === 3) return Number.NaN;
        return 1;
      },
      { nTrials: 3 },
    );
    const messages = lines.map((l) => l.message);
    expect(messages[1]).toBe("Trial 1 pruned at step 4. Parameters {}.");
    expect(messages[2]).toBe("Trial 2 failed (forbidden: not this one). Parameters {}.");
    expect(messages[3]).toMatch(/^Trial 3 failed \(nan: /);
    expect(messages.at(-1)).toMatch(
      /^Study "budget" stopped \(nTrials\): 3 trials run \(1 complete, 1 pruned = 33\.3%, 1 failed, 1 forbidden not counted\); compute/,
    );
  });

  it("logs the budget line also when it rejects", async () => {
    const study = await createStudy({ studyName: "broken" });
    const lines = captureLogs("info");
    await rejection(
      study.optimize(
        () => {
          throw new Error("x");
        },
        { nTrials: 3 },
      ),
    );
    expect(lines.at(-1)?.message).toMatch(
      /^Study "broken" stopped \(error\): 1 trials run \(0 complete, 0 pruned = 0\.0%, 1 failed\)/,
    );
  });

  it("logs all values, and no best trial, for a multi-objective study", async () => {
    const study = await createStudy({ directions: ["minimize", "maximize"] });
    await study.enqueueTrial({ x: 1 });
    const lines = captureLogs("info");
    await study.optimize((t) => [t.suggestInt("x", 0, 3), 2], { nTrials: 1 });
    expect(lines[0]?.message).toBe('Trial 0 finished with values [1,2] and parameters {"x":1}.');
  });

  it("writes no line when silent", async () => {
    const study = await seeded();
    const lines = captureLogs("info");
    setVerbosity("silent");
    await study.optimize(quadratic, { nTrials: 2 });
    expect(lines).toEqual([]);
  });
});
