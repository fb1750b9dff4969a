import { describe, expect, it } from "vitest";
import { captureLogs, expectSpaceError, rejection, silenceLogs, thrown } from "../../../test/helpers.js";
import { InvalidArgumentError, SearchSpaceError, TrialPruned } from "../../errors.js";
import type { ParamValue } from "../../search-space/distribution.js";
import { MemoryStorage } from "../../storage/memory/memory-storage.js";
import type { ClaimRequest } from "../../storage/storage.js";
import { createStudy, loadStudy } from "../../study/create-study.js";
import type { Study } from "../../study/study.js";
import type { FrozenTrial, JsonValue, TrialState } from "../../trial/frozen-trial.js";
import type { Trial } from "../../trial/trial.js";
import { samplerRegistry } from "../sampler.js";
import { GridSampler } from "./grid-sampler.js";
import { type GridSearchSpace, GridSpace } from "./grid-space.js";
import { ShuffledOrder } from "./shuffled-order.js";

silenceLogs();

const SPACE = { a: [1, 2, 3], b: ["x", "y"], c: [true, false] } satisfies GridSearchSpace;

function objective(t: Trial): number {
  const a = t.suggestInt("a", 1, 3);
  const b = t.suggestCategorical("b", ["x", "y"] as const);
  const c = t.suggestCategorical("c", [true, false] as const);
  return a + (b === "x" ? 0 : 10) + (c ? 0 : 100);
}

async function slowObjective(t: Trial): Promise<number> {
  const value = objective(t);
  await new Promise((resolve) => setTimeout(resolve, t.number % 3));
  return value;
}

const key = (p: Readonly<Record<string, ParamValue>>) => JSON.stringify([p.a, p.b, p.c]);

/** Every point of SPACE, as sorted keys. */
const ALL = SPACE.a.flatMap((a) => SPACE.b.flatMap((b) => SPACE.c.map((c) => key({ a, b, c })))).sort();

function points(trials: readonly FrozenTrial[], state: TrialState = "COMPLETE"): string[] {
  return trials
    .filter((t) => t.state === state)
    .map((t) => key(t.params))
    .sort();
}

/** A storage whose trial claims take a timer tick, so concurrent loops interleave between claim and sampling. */
class SlowClaimStorage extends MemoryStorage {
  override async claimTrial(studyId: number, request: ClaimRequest) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    return super.claimTrial(studyId, request);
  }
}

function gridStudy(seed = 1, space: GridSearchSpace = SPACE): Promise<Study> {
  return createStudy({ sampler: new GridSampler({ searchSpace: space, seed }) });
}

describe("GridSampler: enumeration", () => {
  it("optimize without nTrials runs every point exactly once, then stops as exhausted", async () => {
    const study = await gridStudy();
    const result = await study.optimize(objective);
    expect(result).toMatchObject({ stopReason: "exhausted", trialsRun: 12, completed: 12 });
    expect(points(study.trials)).toEqual(ALL);
    expect(await study.optimize(objective)).toMatchObject({ stopReason: "exhausted", trialsRun: 0 });
  });

  it.each([
    ["an async objective", slowObjective, () => new MemoryStorage()],
    ["a synchronous objective", objective, () => new MemoryStorage()],
    ["slow trial claims", objective, () => new SlowClaimStorage()],
  ])("with concurrency 4 and %s, every point runs once and no extra trial starts", async (_, fn, storage) => {
    const study = await createStudy({
      storage: storage(),
      sampler: new GridSampler({ searchSpace: SPACE, seed: 1 }),
    });
    const result = await study.optimize(fn, { concurrency: 4 });
    expect(result).toMatchObject({ stopReason: "exhausted", trialsRun: 12, completed: 12 });
    expect(study.trials).toHaveLength(12);
    expect(points(study.trials)).toEqual(ALL);
  });

  it("a grid smaller than the concurrency starts only as many trials as it has points", async () => {
    const study = await gridStudy(1, { a: [1, 2] });
    const result = await study.optimize(
      async (t) => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        return t.suggestInt("a", 1, 3);
      },
      { concurrency: 4 },
    );
    expect(result).toMatchObject({ stopReason: "exhausted", trialsRun: 2 });
    expect(study.trials.map((t) => t.params.a).sort()).toEqual([1, 2]);
  });

  it("two Study objects on one storage run each point once in total", async () => {
    const storage = new SlowClaimStorage();
    const first = await createStudy({
      storage,
      studyName: "shared",
      sampler: new GridSampler({ searchSpace: SPACE, seed: 1 }),
    });
    // Another seed: the second worker follows the order the first claim recorded.
    const second = await loadStudy({
      storage,
      studyName: "shared",
      sampler: new GridSampler({ searchSpace: SPACE, seed: 2 }),
    });
    const results = await Promise.all([
      first.optimize(objective, { concurrency: 2 }),
      second.optimize(objective, { concurrency: 2 }),
    ]);
    expect(results.map((r) => r.stopReason)).toEqual(["exhausted", "exhausted"]);
    const trials = await first.getTrials();
    expect(points(trials)).toEqual(ALL);
    // Trials that lost the race for the last points (at most one per loop of the other worker) ran nothing.
    const lost = trials.filter((t) => t.state !== "COMPLETE");
    expect(lost.length).toBeLessThanOrEqual(4);
    for (const t of lost) {
      expect(t.state).toBe("PRUNED");
      expect(t.params).toEqual({});
    }
  });

  it("two Study objects sharing one sampler start no extra trial", async () => {
    const storage = new SlowClaimStorage();
    const sampler = new GridSampler({ searchSpace: SPACE, seed: 1 });
    const first = await createStudy({ storage, studyName: "shared", sampler });
    const second = await loadStudy({ storage, studyName: "shared", sampler });
    await Promise.all([
      first.optimize(objective, { concurrency: 2 }),
      second.optimize(objective, { concurrency: 2 }),
    ]);
    const trials = await first.getTrials();
    expect(trials).toHaveLength(12);
    expect(points(trials)).toEqual(ALL);
  });

  it("retries a lost compare-and-set on the claim record", async () => {
    let calls = 0;
    class FlakyStorage extends MemoryStorage {
      override compareAndSetState(studyId: number, key: string, version: number, value: JsonValue) {
        calls++;
        if (calls === 1) return Promise.resolve(null);
        return super.compareAndSetState(studyId, key, version, value);
      }
    }
    const study = await createStudy({
      storage: new FlakyStorage(),
      sampler: new GridSampler({ searchSpace: SPACE, seed: 1 }),
    });
    const result = await study.optimize(objective);
    expect(result).toMatchObject({ stopReason: "exhausted", trialsRun: 12 });
    expect(points(study.trials)).toEqual(ALL);
    expect(calls).toBe(13);
  });

  it("forgets each trial's point once it is finished", async () => {
    const sampler = new GridSampler({ searchSpace: SPACE, seed: 1 });
    const study = await createStudy({ sampler });
    await study.optimize(slowObjective, { concurrency: 3 });
    expect((sampler as unknown as { assignments: Map<string, unknown> }).assignments.size).toBe(0);
  });
});

describe("GridSampler: order", () => {
  it("visits the points in the seed's shuffled order; the same seed repeats it, another differs", async () => {
    const run = async (seed: number) => {
      const study = await gridStudy(seed);
      await study.optimize(objective);
      return study.trials.map((t) => key(t.params));
    };
    const grid = new GridSpace(SPACE);
    const order = new ShuffledOrder(grid.size, 7);
    const expected = Array.from({ length: grid.size }, (_, p) => key(grid.pointAt(order.at(p))));
    expect(await run(7)).toEqual(expected);
    expect(await run(7)).toEqual(expected);
    expect(await run(8)).not.toEqual(expected);
  });

  it("toJSON() rebuilds the same sampler, and loadStudy without a sampler continues the grid", async () => {
    const sampler = new GridSampler({ searchSpace: SPACE, seed: 3 });
    const config = sampler.toJSON();
    expect(config).toEqual({ name: "grid", options: { searchSpace: SPACE, seed: 3 } });
    const rebuilt = samplerRegistry.create(JSON.parse(JSON.stringify(config)));
    expect(rebuilt).toBeInstanceOf(GridSampler);
    expect(rebuilt.toJSON()).toEqual(config);

    const storage = new MemoryStorage();
    const study = await createStudy({ storage, studyName: "g", sampler });
    await study.optimize(objective, { nTrials: 5 });
    const resumed = await loadStudy({ storage, studyName: "g" });
    expect(resumed.sampler.toJSON()).toEqual(config);
    expect(await resumed.optimize(objective)).toMatchObject({ stopReason: "exhausted", trialsRun: 7 });
    expect(points(resumed.trials)).toEqual(ALL);
  });

  it("refuses to share a study with a worker whose grid differs", async () => {
    const storage = new MemoryStorage();
    const study = await createStudy({
      storage,
      studyName: "g",
      sampler: new GridSampler({ searchSpace: SPACE }),
    });
    await study.optimize(objective, { nTrials: 1 });
    const other = await loadStudy({
      storage,
      studyName: "g",
      sampler: new GridSampler({ searchSpace: { ...SPACE, a: [1, 2] } }),
    });
    const error = await rejection(other.optimize(objective));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toMatch(/another grid \(12 points.*this sampler's grid has 8 points/);
  });
});

describe("GridSampler: enqueued trials", () => {
  it("an enqueued grid point runs first and is not run again", async () => {
    const study = await gridStudy();
    await study.enqueueTrial({ a: 2, b: "y", c: false });
    const result = await study.optimize(objective);
    expect(result).toMatchObject({ stopReason: "exhausted", trialsRun: 12 });
    expect(study.trials[0]?.params).toEqual({ a: 2, b: "y", c: false });
    expect(points(study.trials)).toEqual(ALL);
  });

  it("an enqueued point that already ran runs again as asked, without using up another point", async () => {
    const study = await gridStudy();
    await study.optimize(objective);
    const again = study.trials[3]?.params as Record<string, ParamValue>;
    await study.enqueueTrial(again);
    expect(await study.optimize(objective)).toMatchObject({ stopReason: "exhausted", trialsRun: 1 });
    expect(study.trials[12]?.params).toEqual(again);
  });

  it("a partly enqueued trial takes grid values for the rest and uses up no point", async () => {
    const study = await gridStudy();
    await study.enqueueTrial({ a: 3 });
    expect(await study.optimize(objective)).toMatchObject({ stopReason: "exhausted", trialsRun: 13 });
    const first = study.trials[0] as FrozenTrial;
    expect(first.params.a).toBe(3);
    expect(SPACE.b).toContain(first.params.b);
    expect(SPACE.c).toContain(first.params.c);
    expect(points(study.trials.slice(1))).toEqual(ALL);
  });
});

describe("GridSampler: errors", () => {
  it("rejects bad options with an InvalidArgumentError naming the parameter", () => {
    const bad = (options: unknown, name: string | undefined, text: RegExp) => {
      const e = thrown(() => new GridSampler(options as { searchSpace: GridSearchSpace }));
      expect(e).toBeInstanceOf(InvalidArgumentError);
      expect((e as InvalidArgumentError).paramName).toBe(name);
      expect((e as Error).message).toMatch(text);
    };
    bad(undefined, undefined, /options must be an object such as \{ searchSpace/);
    bad({}, "searchSpace", /searchSpace must be an object/);
    bad({ searchSpace: { lr: [] } }, "lr", /"lr" must be a non-empty array/);
    bad({ searchSpace: { opt: ["a", "a"] } }, "opt", /lists "a" twice/);
    bad({ searchSpace: { x: [{}] } }, "x", /must be a string, a finite number, a boolean or null/);
    bad({ searchSpace: SPACE, seed: 1.5 }, "seed", /seed must be an integer, but got 1\.5/);
  });

  it("a grid value outside the suggested distribution is a SearchSpaceError that stops optimize", async () => {
    const study = await gridStudy(1, { x: [5, 6] });
    const trial = await study.ask();
    expectSpaceError(
      () => trial.suggestInt("x", 0, 3),
      "x",
      "search-space",
      /grid value [56] .*outside int\[0, 3\]/,
    );
    await study.tell(trial, { state: "FAIL", reason: { code: "test", message: "done" } });
    const error = await rejection(study.optimize((t) => t.suggestInt("x", 0, 3), { catch: true }));
    expect(error).toBeInstanceOf(SearchSpaceError);
    expect((error as Error).message).toMatch(
      /GridSampler: the grid value [56] of "x" lies outside int\[0, 3\], which the objective suggests/,
    );
    expect(study.trials.map((t) => t.failReason?.code)).toEqual(["test", "search-space"]);
  });

  it("a suggested parameter missing from the grid is a SearchSpaceError", async () => {
    const study = await gridStudy();
    const trial = await study.ask();
    expectSpaceError(
      () => trial.suggestFloat("y", 0, 1),
      "y",
      "search-space",
      /GridSampler: parameter "y" is not in the grid; add it to searchSpace/,
    );
  });

  it("a trial started after another worker took the last point runs nothing: TrialPruned, with a warning", async () => {
    const storage = new MemoryStorage();
    const space = { a: [1, 2] };
    const first = await createStudy({
      storage,
      studyName: "g",
      sampler: new GridSampler({ searchSpace: space, seed: 1 }),
    });
    const sampler = new GridSampler({ searchSpace: space, seed: 1 });
    const second = await loadStudy({ storage, studyName: "g", sampler });
    await first.optimize((t) => t.suggestInt("a", 1, 2), { nTrials: 1 });
    expect(await sampler.isExhausted({ study: second.fullView() })).toBe(false);
    const last = await first.ask();
    await first.tell(last, last.suggestInt("a", 1, 2));
    const lines = captureLogs("warning");
    const late = await second.ask();
    expect(lines.map((l) => l.message)).toEqual([
      expect.stringMatching(/GridSampler: trial 2 of study "g" started after every grid point was claimed/),
    ]);
    expect(thrown(() => late.suggestInt("a", 1, 2))).toBeInstanceOf(TrialPruned);
    expect((await second.tell(late, { state: "PRUNED" })).params).toEqual({});
    expect(await sampler.isExhausted({ study: second.fullView() })).toBe(true);
  });
});
