import { afterEach, describe, expect, it } from "vitest";
import {
  createStudy,
  type Direction,
  type FrozenTrial,
  IMPORTANCE_EVALUATOR_NAMES,
  MemoryStorage,
  RandomSampler,
  type Storage,
  setVerbosity,
  type Trial,
} from "../../index.js";
import type { ImportanceResponse } from "../api-types.js";
import { createDashboardApp, type DashboardApp } from "./app.js";
import type { ImportanceCacheOptions, ImportanceFn } from "./importance-cache.js";

const HOST = "127.0.0.1:8080";

interface Call {
  readonly trials: readonly FrozenTrial[];
  readonly directions: readonly Direction[];
  readonly evaluator: string;
}

/** A fake computation that records what it was given and ranks y above x (a real one would not). */
function recorder(): { compute: ImportanceFn; calls: Call[] } {
  const calls: Call[] = [];
  const compute: ImportanceFn = (trials, directions, { evaluator }) => {
    calls.push({ trials, directions, evaluator });
    return { y: 0.75, x: 0.25 };
  };
  return { compute, calls };
}

const objective = (t: Trial): [number, number] => {
  const x = t.suggestFloat("x", -3, 3);
  const y = t.suggestFloat("y", -3, 3);
  if (t.number % 7 === 3) throw new Error("a failure the importances must not see");
  return [x * x, -y];
};

/** A study "two" (minimize, maximize) with `n` random trials, some failed. */
async function twoObjectiveStudy(storage: Storage, n: number) {
  setVerbosity("error");
  const study = await createStudy({
    storage,
    studyName: "two",
    directions: ["minimize", "maximize"],
    sampler: new RandomSampler({ seed: 3 }),
  });
  await study.optimize(objective, { nTrials: n, catch: [Error] });
  return study;
}

let app: DashboardApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

function start(storage: Storage, importance: ImportanceCacheOptions): DashboardApp {
  app = createDashboardApp({
    storage,
    staticDir: "/nonexistent",
    allowedHosts: [HOST],
    cache: { refreshMs: 0 },
    importance,
  });
  return app;
}

async function get(a: DashboardApp, query: string): Promise<{ status: number; body: unknown }> {
  const res = await a.request(`/api/studies/two/importance${query}`, { headers: { host: HOST } });
  return { status: res.status, body: await res.json() };
}

async function importance(a: DashboardApp, query = ""): Promise<ImportanceResponse> {
  const { status, body } = await get(a, query);
  expect(status, JSON.stringify(body)).toBe(200);
  return body as ImportanceResponse;
}

describe("GET /api/studies/:name/importance", () => {
  it("scores the COMPLETE trials reduced to the chosen objective, most important first", async () => {
    const storage = new MemoryStorage();
    const study = await twoObjectiveStudy(storage, 30);
    const { compute, calls } = recorder();
    const a = start(storage, { compute });
    const answer = await importance(a, "?objective=1&evaluator=ped-anova");
    const complete = study.trials.filter((t) => t.state === "COMPLETE");
    expect(complete.length).toBeLessThan(30);
    expect(answer).toEqual({
      objective: 1,
      evaluator: "ped-anova",
      evaluators: IMPORTANCE_EVALUATOR_NAMES,
      importances: [
        { param: "y", importance: 0.75 },
        { param: "x", importance: 0.25 },
      ],
      used: complete.length,
      total: complete.length,
      sampled: false,
      note: null,
      stale: false,
      retryAfterMs: null,
    });
    expect(calls).toHaveLength(1);
    const call = calls[0] as Call;
    expect(call.evaluator).toBe("ped-anova");
    expect(call.directions).toEqual(["maximize"]);
    expect(call.trials.map((t) => [t.number, t.state, t.values, t.params])).toEqual(
      complete.map((t) => [t.number, "COMPLETE", [t.values?.[1]], t.params]),
    );
    expect(call.trials[0]?.distributions).toEqual(complete[0]?.distributions);
  });

  it("answers from the cache until the trial count moves, then recomputes at most once per interval", async () => {
    const storage = new MemoryStorage();
    const study = await twoObjectiveStudy(storage, 20);
    const { compute, calls } = recorder();
    let now = 0;
    const a = start(storage, { compute, now: () => now, minIntervalMs: 1000 });
    const first = await importance(a);
    expect(await importance(a)).toEqual(first);
    expect(calls).toHaveLength(1);
    // Another objective and another evaluator are other keys.
    await importance(a, "?objective=1");
    await importance(a, "?evaluator=mdi");
    expect(calls).toHaveLength(3);

    await study.optimize(objective, { nTrials: 5, catch: [Error] });
    now = 400;
    const throttled = await importance(a);
    expect(throttled).toEqual({ ...first, stale: true, retryAfterMs: 600 });
    expect(calls).toHaveLength(3);
    now = 1000;
    const fresh = await importance(a);
    expect(calls).toHaveLength(4);
    expect(fresh.stale).toBe(false);
    expect(fresh.total).toBe(study.trials.filter((t) => t.state === "COMPLETE").length);
    expect(fresh.total).toBeGreaterThan(first.total);
  });

  it("spaces recomputations by ten times the last computing time when that is longer", async () => {
    const storage = new MemoryStorage();
    const study = await twoObjectiveStudy(storage, 20);
    let now = 0;
    const slow: ImportanceFn = () => {
      now += 500;
      return { x: 1, y: 0 };
    };
    const a = start(storage, { compute: slow, now: () => now, minIntervalMs: 1000 });
    await importance(a);
    await study.optimize(objective, { nTrials: 3, catch: [Error] });
    now = 500 + 4000;
    expect(await importance(a)).toMatchObject({ stale: true, retryAfterMs: 1000 });
    now = 500 + 5000;
    expect(await importance(a)).toMatchObject({ stale: false });
  });

  it("gives an evaluator at most its cap of trials, evenly spread, and says so", async () => {
    const storage = new MemoryStorage();
    const study = await twoObjectiveStudy(storage, 60);
    const { compute, calls } = recorder();
    const a = start(storage, { compute, caps: { "ped-anova": 10 } });
    const complete = study.trials.filter((t) => t.state === "COMPLETE").map((t) => t.number);
    const answer = await importance(a, "?evaluator=ped-anova");
    expect(answer).toMatchObject({
      used: 10,
      total: complete.length,
      sampled: true,
      note: `Computed on 10 of ${complete.length} complete trials, evenly spread over trial numbers.`,
    });
    const given = (calls[0] as Call).trials.map((t) => t.number);
    expect(given).toHaveLength(10);
    expect(given[0]).toBe(complete[0]);
    expect(given[9]).toBe(complete.at(-1));
    expect(new Set(given).size).toBe(10);
    // Other evaluators keep their own (larger) caps.
    expect(await importance(a, "?evaluator=mdi")).toMatchObject({ used: complete.length, sampled: false });
  });

  it("answers an empty list without computing while fewer than two trials are complete", async () => {
    const storage = new MemoryStorage();
    await twoObjectiveStudy(storage, 1);
    const { compute, calls } = recorder();
    const a = start(storage, { compute });
    expect(await importance(a)).toMatchObject({ importances: [], used: 1, total: 1 });
    expect(calls).toHaveLength(0);
  });

  it("refuses an unknown evaluator or objective (400) and an unknown study (404)", async () => {
    const storage = new MemoryStorage();
    await twoObjectiveStudy(storage, 5);
    const { compute } = recorder();
    const a = start(storage, { compute });
    expect(await get(a, "?evaluator=shap")).toEqual({
      status: 400,
      body: {
        error: {
          code: "invalid-query",
          message: `Query parameter "evaluator" must be one of ${IMPORTANCE_EVALUATOR_NAMES.join(", ")}, but got "shap".`,
        },
      },
    });
    expect(await get(a, "?objective=2")).toMatchObject({
      status: 400,
      body: { error: { code: "invalid-query" } },
    });
    const missing = await a.request("/api/studies/nope/importance", { headers: { host: HOST } });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: "study-not-found" } });
  });

  it("computes with the real evaluators by default: the dummy parameter ranks last", async () => {
    const storage = new MemoryStorage();
    await twoObjectiveStudy(storage, 60);
    const a = start(storage, {});
    expect((await importance(a)).evaluator).toBe("fanova");
    // value 0 is x², value 1 is −y (maximised): each objective's dummy is the other parameter.
    for (const evaluator of ["ped-anova", "fanova", "mdi"]) {
      for (const [objective, order] of [
        [0, ["x", "y"]],
        [1, ["y", "x"]],
      ] as const) {
        const answer = await importance(a, `?objective=${objective}&evaluator=${evaluator}`);
        expect(answer.evaluator).toBe(evaluator);
        expect(
          answer.importances.map((i) => i.param),
          `${evaluator} ${objective}`,
        ).toEqual(order);
        expect(answer.importances.reduce((sum, i) => sum + i.importance, 0)).toBeCloseTo(1, 12);
      }
    }
  });

  it("gives the same answer for the same trials (the forests' seed is fixed)", async () => {
    const storage = new MemoryStorage();
    await twoObjectiveStudy(storage, 40);
    const first = await importance(start(storage, {}), "?evaluator=fanova");
    await app?.close();
    const second = await importance(start(storage, {}), "?evaluator=fanova");
    expect(second.importances).toEqual(first.importances);
  });

  it("says why when there is nothing to score instead of failing", async () => {
    const storage = new MemoryStorage();
    setVerbosity("error");
    const study = await createStudy({ storage, studyName: "two", sampler: new RandomSampler({ seed: 1 }) });
    await study.optimize((t) => (t.suggestCategorical("only", ["one"]) === "one" ? t.number : 0), {
      nTrials: 5,
    });
    const answer = await importance(start(storage, {}));
    expect(answer.importances).toEqual([]);
    expect(answer.note).toMatch(/no parameter to score/);
  });
});
