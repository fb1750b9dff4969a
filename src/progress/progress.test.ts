import { afterEach, describe, expect, it } from "vitest";
import { captureLogs, silenceLogs } from "../../test/helpers.js";
import { TrialPruned } from "../errors.js";
import { RandomSampler } from "../samplers/random/random-sampler.js";
import { createStudy } from "../study/create-study.js";
import { formatProgress, type ProgressSnapshot, plainProgress, setProgressFactory } from "./progress.js";

silenceLogs();
afterEach(() => setProgressFactory(() => plainProgress()));

const snapshot = (over: Partial<ProgressSnapshot> = {}): ProgressSnapshot => ({
  studyName: "s",
  done: 3,
  total: 10,
  running: 2,
  pruned: 1,
  failed: 0,
  best: 0.0123456789,
  elapsedSeconds: 4.25,
  ...over,
});

describe("formatProgress", () => {
  it("shows done/total, running, pruned, failed, best and elapsed", () => {
    expect(formatProgress(snapshot())).toBe(
      "3/10 done · 2 running · 1 pruned · 0 failed · best 0.0123457 · 4.3 s",
    );
  });

  it("leaves out the total and the best when there are none", () => {
    expect(formatProgress(snapshot({ total: null, best: null }))).toBe(
      "3 done · 2 running · 1 pruned · 0 failed · 4.3 s",
    );
  });
});

describe("plainProgress", () => {
  it("logs at most once per interval, and always at the end", () => {
    const lines = captureLogs("info");
    const reporter = plainProgress(10);
    reporter.update(snapshot({ elapsedSeconds: 0 }));
    reporter.update(snapshot({ elapsedSeconds: 5 }));
    reporter.update(snapshot({ elapsedSeconds: 10 }));
    reporter.stop(snapshot({ elapsedSeconds: 11 }));
    expect(lines.map((l) => l.message)).toEqual([
      'Study "s": 3/10 done · 2 running · 1 pruned · 0 failed · best 0.0123457 · 0.0 s',
      'Study "s": 3/10 done · 2 running · 1 pruned · 0 failed · best 0.0123457 · 10.0 s',
      'Study "s": 3/10 done · 2 running · 1 pruned · 0 failed · best 0.0123457 · 11.0 s',
    ]);
  });
});

describe("optimize({ showProgressBar })", () => {
  it("reports every trial's start and end and stops with the final counts", async () => {
    const updates: ProgressSnapshot[] = [];
    let final: ProgressSnapshot | undefined;
    setProgressFactory(({ total }) => {
      expect(total).toBe(6);
      return { update: (p) => updates.push(p), stop: (p) => (final = p) };
    });
    const study = await createStudy({ studyName: "progress", sampler: new RandomSampler({ seed: 1 }) });
    await study.optimize(
      (t) => {
        const x = t.suggestFloat("x", 0, 1);
        if (t.number % 3 === 2) throw new TrialPruned();
        return x;
      },
      { nTrials: 6, showProgressBar: true },
    );
    expect(updates.length).toBe(12);
    expect(updates.some((u) => u.running === 1)).toBe(true);
    expect(final).toMatchObject({
      studyName: "progress",
      done: 6,
      total: 6,
      running: 0,
      pruned: 2,
      failed: 0,
    });
    expect(final?.best).toBe(study.bestValue);
  });

  it("creates no reporter without showProgressBar", async () => {
    let made = 0;
    setProgressFactory(() => {
      made++;
      return plainProgress();
    });
    const study = await createStudy();
    await study.optimize((t) => t.suggestFloat("x", 0, 1), { nTrials: 2 });
    expect(made).toBe(0);
  });
});
