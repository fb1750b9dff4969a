import { describe, expect, it } from "vitest";
import { expectNoRunning, rejection, silenceLogs } from "../../test/helpers.js";
import { TrialInterrupted } from "../errors.js";
import { RandomSampler } from "../samplers/random/random-sampler.js";
import type { Trial } from "../trial/trial.js";
import { createStudy } from "./create-study.js";
import type { Study } from "./study.js";

silenceLogs();

/** Short enough to keep the suite fast; these tests assert behaviour, never durations. */
const GRACE = 0.05;

function whenAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener("abort", () => resolve(), { once: true });
  });
}

/** An objective that never settles, whatever its signal does. */
const hang = (): Promise<never> => new Promise(() => {});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function seeded(): Promise<Study> {
  return createStudy({ sampler: new RandomSampler({ seed: 9 }) });
}

/** Counts objectives in flight and remembers the most seen at once. */
function inFlightMeter() {
  const meter = { now: 0, max: 0 };
  return {
    meter,
    async around<T>(body: () => Promise<T>): Promise<T> {
      meter.now++;
      meter.max = Math.max(meter.max, meter.now);
      try {
        return await body();
      } finally {
        meter.now--;
      }
    },
  };
}

describe("optimize: concurrency", () => {
  it("keeps `concurrency` objectives in flight at once, never more", async () => {
    const study = await seeded();
    const { meter, around } = inFlightMeter();
    const result = await study.optimize(
      (t) =>
        around(async () => {
          await sleep(5);
          return t.suggestFloat("x", 0, 1);
        }),
      { nTrials: 12, concurrency: 4 },
    );
    expect(meter.max).toBe(4);
    expect(result).toMatchObject({ stopReason: "nTrials", trialsRun: 12, completed: 12 });
    const trials = await study.getTrials();
    expect(trials.map((t) => t.number)).toEqual([...Array(12).keys()]);
    expect(trials.every((t) => t.state === "COMPLETE")).toBe(true);
  });

  it("runs one objective at a time by default", async () => {
    const study = await seeded();
    const { meter, around } = inFlightMeter();
    await study.optimize(
      () =>
        around(async () => {
          await sleep(1);
          return 0;
        }),
      { nTrials: 4 },
    );
    expect(meter.max).toBe(1);
  });

  it("does not start more trials than nTrials when concurrency exceeds it", async () => {
    const study = await seeded();
    const { meter, around } = inFlightMeter();
    const result = await study.optimize(() => around(() => sleep(2).then(() => 0)), {
      nTrials: 3,
      concurrency: 8,
    });
    expect(study.trials).toHaveLength(3);
    expect(result.trialsRun).toBe(3);
    expect(meter.max).toBe(3);
  });

  it("runs exactly nTrials with concurrency when objectives settle in the same tick", async () => {
    const study = await seeded();
    const result = await study.optimize((t) => t.suggestFloat("x", 0, 1), { nTrials: 10, concurrency: 4 });
    expect(study.trials).toHaveLength(10);
    expect(result.trialsRun).toBe(10);
  });
});

describe("optimize: signal", () => {
  it("aborts running trials' signals; objectives that settle within the grace period are recorded normally", async () => {
    const study = await seeded();
    const controller = new AbortController();
    const reasons: unknown[] = [];
    let started = 0;
    const result = await study.optimize(
      async (t) => {
        t.suggestFloat("x", 0, 1);
        if (++started === 3) controller.abort();
        await whenAborted(t.signal);
        reasons.push(t.signal.reason);
        return t.number;
      },
      { concurrency: 3, signal: controller.signal, gracePeriod: 1 },
    );
    expect(result).toMatchObject({ stopReason: "signal", trialsRun: 3, completed: 3, failed: 0 });
    expect(reasons).toHaveLength(3);
    for (const reason of reasons) {
      expect(reason).toBeInstanceOf(TrialInterrupted);
      expect((reason as TrialInterrupted).code).toBe("interrupted");
    }
    const trials = await study.getTrials();
    expect(trials.map((t) => [t.state, t.values])).toEqual([
      ["COMPLETE", [0]],
      ["COMPLETE", [1]],
      ["COMPLETE", [2]],
    ]);
    await expectNoRunning(study);
  });

  it("records an objective that throws on abort as FAIL interrupted, without rejecting", async () => {
    const study = await seeded();
    const controller = new AbortController();
    const result = await study.optimize(
      async (t) => {
        queueMicrotask(() => controller.abort());
        await whenAborted(t.signal);
        t.signal.throwIfAborted();
        return 0;
      },
      { signal: controller.signal, gracePeriod: 1 },
    );
    expect(result).toMatchObject({ stopReason: "signal", trialsRun: 1, failed: 1 });
    const [trial] = await study.getTrials();
    expect(trial?.state).toBe("FAIL");
    expect(trial?.failReason?.code).toBe("interrupted");
    expect(trial?.failReason?.message).toContain("stopped");
  });

  it("records objectives that never settle as FAIL interrupted after the grace period", async () => {
    const study = await seeded();
    const controller = new AbortController();
    let started = 0;
    const result = await study.optimize(
      (t) => {
        if (++started === 2) setTimeout(() => controller.abort(), 1);
        return t.number === 0 ? hang() : whenAborted(t.signal).then(() => 5);
      },
      { concurrency: 2, signal: controller.signal, gracePeriod: GRACE },
    );
    expect(result).toMatchObject({ stopReason: "signal", trialsRun: 2, completed: 1, failed: 1 });
    const trials = await study.getTrials();
    expect(trials[0]?.state).toBe("FAIL");
    expect(trials[0]?.failReason?.code).toBe("interrupted");
    expect(trials[0]?.failReason?.message).toContain("did not settle within the grace period");
    expect(trials[1]).toMatchObject({ state: "COMPLETE", values: [5] });
    await expectNoRunning(study);
  });

  it("starts nothing when the signal is already aborted", async () => {
    const study = await seeded();
    const result = await study.optimize(() => 0, { signal: AbortSignal.abort(), nTrials: 5 });
    expect(result).toMatchObject({ stopReason: "signal", trialsRun: 0 });
    expect(study.trials).toEqual([]);
  });
});

describe("optimize: stop()", () => {
  it("called from an objective finishes that trial and starts no other", async () => {
    const study = await seeded();
    const result = await study.optimize(
      (t) => {
        if (t.number === 2) study.stop();
        return t.number;
      },
      { nTrials: 10 },
    );
    expect(result).toMatchObject({ stopReason: "stopped", trialsRun: 3, completed: 3 });
    expect(study.trials.map((t) => t.state)).toEqual(["COMPLETE", "COMPLETE", "COMPLETE"]);
  });

  it("interrupts the other running trials of a concurrent loop", async () => {
    const study = await seeded();
    const aborted: number[] = [];
    const result = await study.optimize(
      async (t) => {
        if (t.number === 0) {
          await sleep(1);
          return 0;
        }
        await whenAborted(t.signal);
        aborted.push(t.number);
        throw t.signal.reason;
      },
      {
        concurrency: 3,
        gracePeriod: 1,
        callbacks: [({ study: s, trial }) => (trial.number === 0 ? s.stop() : undefined)],
      },
    );
    expect(result.stopReason).toBe("stopped");
    expect(aborted.sort()).toEqual([1, 2]);
    const trials = await study.getTrials();
    expect(trials.map((t) => t.failReason?.code ?? t.state)).toEqual([
      "COMPLETE",
      "interrupted",
      "interrupted",
    ]);
    await expectNoRunning(study);
  });
});

describe("optimize: timeout", () => {
  it("stops after `timeout` seconds, interrupting the running trial", async () => {
    const study = await seeded();
    const result = await study.optimize(
      async (t) => {
        await whenAborted(t.signal);
        return 1;
      },
      { timeout: 0.2, gracePeriod: 1 },
    );
    expect(result).toMatchObject({ stopReason: "timeout", trialsRun: 1, completed: 1 });
    await expectNoRunning(study);
  });

  it("records a trial still running past the timeout and the grace period as FAIL interrupted", async () => {
    const study = await seeded();
    const result = await study.optimize(hang, { timeout: 0.05, gracePeriod: GRACE, concurrency: 2 });
    expect(result).toMatchObject({ stopReason: "timeout", trialsRun: 2, failed: 2 });
    const trials = await study.getTrials();
    expect(trials.map((t) => t.failReason?.code)).toEqual(["interrupted", "interrupted"]);
    await expectNoRunning(study);
  });

  it("lets short trials run until the timeout and stops starting new ones after it", async () => {
    const study = await seeded();
    const result = await study.optimize(
      async (t) => {
        await Promise.race([sleep(5), whenAborted(t.signal)]);
        return 0;
      },
      { timeout: 0.1, gracePeriod: 1 },
    );
    expect(result.stopReason).toBe("timeout");
    expect(result.trialsRun).toBeGreaterThanOrEqual(1);
    expect(study.trials).toHaveLength(result.trialsRun);
    await expectNoRunning(study);
  });
});

describe("optimize: trialTimeout", () => {
  it("records a trial that ignores its signal as FAIL timeout; other trials go on", async () => {
    const study = await seeded();
    const signals: AbortSignal[] = [];
    const result = await study.optimize(
      (t: Trial) => {
        signals.push(t.signal);
        return t.number === 1 ? hang() : sleep(1).then(() => t.number);
      },
      { nTrials: 4, trialTimeout: 0.05, gracePeriod: GRACE },
    );
    expect(result).toMatchObject({ stopReason: "nTrials", trialsRun: 4, completed: 3, failed: 1 });
    const trials = await study.getTrials();
    expect(trials.map((t) => t.state)).toEqual(["COMPLETE", "FAIL", "COMPLETE", "COMPLETE"]);
    expect(trials[1]?.failReason?.code).toBe("timeout");
    expect(trials[1]?.failReason?.message).toContain("trialTimeout=0.05");
    expect((signals[1]?.reason as TrialInterrupted | undefined)?.code).toBe("timeout");
    expect(signals[0]?.aborted).toBe(false);
    await expectNoRunning(study);
  });

  it("records a trial that honours its timed-out signal by throwing as FAIL timeout", async () => {
    const study = await seeded();
    const result = await study.optimize(
      async (t) => {
        if (t.number === 0) {
          await whenAborted(t.signal);
          t.signal.throwIfAborted();
        }
        return 1;
      },
      { nTrials: 2, trialTimeout: 0.05, gracePeriod: 1 },
    );
    expect(result).toMatchObject({ stopReason: "nTrials", trialsRun: 2, completed: 1, failed: 1 });
    expect(study.trials[0]?.failReason?.code).toBe("timeout");
  });
});

describe("optimize: uncaught errors with trials in flight", () => {
  it("interrupts the other trials, records them all and rejects with the first error", async () => {
    const study = await seeded();
    const boom = new Error("first");
    let started = 0;
    const e = await rejection(
      study.optimize(
        async (t) => {
          started++;
          if (t.number === 0) {
            await sleep(2);
            throw boom;
          }
          if (t.number === 1) return hang();
          await whenAborted(t.signal);
          return 7;
        },
        { concurrency: 3, gracePeriod: GRACE, nTrials: 10 },
      ),
    );
    expect(e).toBe(boom);
    expect(started).toBe(3);
    const trials = await study.getTrials();
    expect(trials.map((t) => t.failReason?.code ?? t.state)).toEqual([
      "exception",
      "interrupted",
      "COMPLETE",
    ]);
    await expectNoRunning(study);
  });
});
