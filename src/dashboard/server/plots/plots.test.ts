import { describe, expect, it } from "vitest";
import {
  type Direction,
  type FrozenTrial,
  type IntermediateValue,
  type ParamValue,
  paretoFront,
  type TrialState,
} from "../../../core.js";
import { toApiJson } from "../api-json.js";
import { StudyColumns } from "../study-columns.js";
import { encodeTrials } from "../trial-batch.js";
import { contourPlot } from "./contour.js";
import { edfPlot } from "./edf.js";
import { historyPlot } from "./history.js";
import { intermediatePlot, resolveSeries } from "./intermediate.js";
import { parallelPlot } from "./parallel.js";
import { paretoPlot } from "./pareto.js";
import { slicePlot } from "./slice.js";
import { timelinePlot } from "./timeline.js";

interface Spec {
  state?: TrialState;
  values?: number[] | null;
  params?: Record<string, ParamValue>;
  constraints?: Record<string, number>;
  reports?: Record<number, IntermediateValue>;
}

const FLOAT = { type: "float", low: 0, high: 10, log: false, step: null } as const;
const CAT = { type: "categorical", choices: ["a", "b", "c"] } as const;

function trial(number: number, s: Spec): FrozenTrial {
  const params = s.params ?? { x: number % 10 };
  return {
    trialId: 1000 + number,
    number,
    state: s.state ?? "COMPLETE",
    values: s.values === undefined ? [number] : s.values,
    params,
    distributions: Object.fromEntries(Object.keys(params).map((k) => [k, k === "c" ? CAT : FLOAT])),
    intermediateValues: s.reports ?? {},
    constraints: s.constraints ?? {},
    userAttrs: {},
    systemAttrs: {},
    startedAt: 1000 * number,
    completedAt: s.state === "RUNNING" ? null : 1000 * number + 500,
    workerId: `w${number % 3}`,
    leaseExpiresAt: null,
    retryOf: null,
    failReason: null,
    seq: number + 1,
  };
}

function columnsOf(
  trials: FrozenTrial[],
  directions: Direction[] = ["minimize"],
  metricNames: string[] | null = null,
) {
  const columns = new StudyColumns({
    studyId: 1,
    name: "s",
    directions,
    metricNames,
    samplerConfig: null,
    prunerConfig: null,
    lease: null,
    retry: null,
    userAttrs: {},
    systemAttrs: {},
    schemaVersion: 1,
    createdAt: 0,
    lastActivity: 0,
  });
  columns.apply(encodeTrials(trials, directions.length), trials.length);
  return columns;
}

const many = (n: number, f: (i: number) => Spec = () => ({})) =>
  Array.from({ length: n }, (_, i) => trial(i, f(i)));

describe("history", () => {
  it("keeps exactly the cap, every improvement, and says it sampled", () => {
    const values = many(1000).map((t, i) => ({ ...t, values: [(i * 7919) % 1000] }));
    const plot = historyPlot(columnsOf(values), { objective: 0, cap: 50 });
    expect(plot.points).toHaveLength(50);
    expect(plot.sampled).toBe(true);
    expect(plot.total).toBe(1000);
    const numbers = new Set(plot.points.map((p) => p.number));
    for (const b of plot.best) expect(numbers.has(b.number)).toBe(true);
    const atCap = historyPlot(columnsOf(many(50)), { objective: 0, cap: 50 });
    expect(atCap.points).toHaveLength(50);
    expect(atCap.sampled).toBe(false);
  });

  it("follows the direction, skips infeasible trials for the best and non-finite values", () => {
    const trials = [
      trial(0, { values: [5] }),
      trial(1, { values: [1], constraints: { c: 1 } }),
      trial(2, { values: [Number.NaN] }),
      trial(3, { values: [Number.NEGATIVE_INFINITY] }),
      trial(4, { values: [3] }),
      trial(5, { values: [9] }),
      trial(6, { state: "FAIL", values: null }),
    ];
    const min = historyPlot(columnsOf(trials), { objective: 0 });
    expect(min.points.map((p) => p.number)).toEqual([0, 1, 4, 5]);
    expect(min.points[1]?.feasible).toBe(false);
    expect(min.best).toEqual([
      { number: 0, value: 5 },
      { number: 4, value: 3 },
    ]);
    const max = historyPlot(columnsOf(trials, ["maximize"]), { objective: 0 });
    expect(max.best.map((b) => b.value)).toEqual([5, 9]);
  });

  it("plots the objective asked for in a multi-objective study", () => {
    const trials = many(5, (i) => ({ values: [i, -i - 1] }));
    const plot = historyPlot(columnsOf(trials, ["minimize", "minimize"]), { objective: 1 });
    expect(plot.points.map((p) => p.value)).toEqual([-1, -2, -3, -4, -5]);
    expect(plot.best.at(-1)).toEqual({ number: 4, value: -5 });
  });
});

describe("intermediate", () => {
  const curves = many(300, (i) => ({
    state: i % 4 === 0 ? "PRUNED" : "COMPLETE",
    values: i % 4 === 0 ? null : [i === 123 ? -1 : i],
    reports: Object.fromEntries(Array.from({ length: 100 }, (_, s) => [s, i + 1 / (s + 1)])),
  }));

  it("stays under the cap, keeps the best and pruned curves, thins long ones", () => {
    const columns = columnsOf(curves);
    const plot = intermediatePlot(columns, { series: resolveSeries(columns, "0"), cap: 1000 });
    const points = plot.curves.reduce((s, c) => s + c.steps.length, 0);
    expect(points).toBeLessThanOrEqual(1000);
    expect(plot.sampled).toBe(true);
    expect(plot.total).toBe(300);
    expect(plot.curves.some((c) => c.number === 123)).toBe(true);
    expect(plot.curves.some((c) => c.state === "PRUNED")).toBe(true);
    for (const c of plot.curves) {
      expect(c.steps[0]).toBe(0);
      expect(c.steps.at(-1)).toBe(99);
    }
  });

  it("finds named metrics by name or by their objective index, and skips non-finite reports", () => {
    const trials = many(3, (i) => ({
      reports: { 0: { loss: i, acc: 1 }, 1: { loss: Number.NaN, acc: 2 }, 2: { loss: i / 2, acc: 3 } },
    }));
    const columns = columnsOf(trials, ["minimize"], ["loss"]);
    expect(resolveSeries(columns, "loss").key).toBe("m:loss");
    expect(resolveSeries(columns, "0").key).toBe("m:loss");
    const plot = intermediatePlot(columns, { series: resolveSeries(columns, "acc") });
    expect(plot.curves[0]).toEqual({ number: 0, state: "COMPLETE", steps: [0, 1, 2], values: [1, 2, 3] });
    const loss = intermediatePlot(columns, { series: resolveSeries(columns, "loss") });
    expect(loss.curves[2]?.steps).toEqual([0, 2]);
    expect(() => resolveSeries(columns, "nope")).toThrow(/acc, loss/);
  });
});

describe("edf", () => {
  it("gives sorted quantiles with the extremes at the cap", () => {
    const columns = columnsOf(many(10_001, (i) => ({ values: [(i * 7919) % 10_001] })));
    const plot = edfPlot(columns, { objective: 0, cap: 5000 });
    expect(plot.values).toHaveLength(5000);
    expect(plot.values[0]).toBe(0);
    expect(plot.values.at(-1)).toBe(10_000);
    expect([...plot.values].sort((a, b) => a - b)).toEqual(plot.values);
    expect(plot.sampled).toBe(true);
  });
});

describe("parallel, slice, timeline", () => {
  const trials = many(
    200,
    (i): Spec => ({
      params: i % 5 === 0 ? { x: i % 10 } : { x: i % 10, c: ["a", "b", "c"][i % 3] as string },
      state: i === 199 ? "RUNNING" : "COMPLETE",
      values: i === 199 ? null : [i],
    }),
  );
  const columns = columnsOf(trials);

  it("parallel rows carry null for missing params and keep the best when sampling", () => {
    const plot = parallelPlot(columns, { objective: 0, cap: 20 });
    expect(plot.params.map((p) => p.name)).toEqual(["c", "x"]);
    expect(plot.rows).toHaveLength(20);
    expect(plot.rows[0]).toEqual({ number: 0, value: 0, params: [null, 0] });
    expect(plot.rows.filter((r) => r.number < 2)).toHaveLength(2);
  });

  it("slice skips trials without the param", () => {
    const plot = slicePlot(columns, { param: columns.params.get("c") as never, objective: 0 });
    expect(plot.total).toBe(199 - 40);
    expect(plot.points.every((p) => typeof p.x === "string")).toBe(true);
  });

  it("timeline keeps running trials with a null end", () => {
    const plot = timelinePlot(columns, { cap: 10 });
    expect(plot.bars).toHaveLength(10);
    expect(plot.bars.find((b) => b.number === 199)).toMatchObject({
      state: "RUNNING",
      end: null,
      workerId: "w1",
    });
  });
});

describe("contour", () => {
  it("interpolates on at most 50×50 cells; categorical axes use their choices", () => {
    const trials = many(400, (i) => ({
      params: { x: (i * 37) % 11, c: ["a", "b", "c"][i % 3] as string },
      values: [(i * 37) % 11],
    }));
    const columns = columnsOf(trials);
    const plot = contourPlot(columns, {
      x: columns.params.get("x") as never,
      y: columns.params.get("c") as never,
      objective: 0,
    });
    expect(plot.grid?.xs).toHaveLength(50);
    expect(plot.grid?.ys).toEqual(["a", "b", "c"]);
    expect(plot.grid?.z).toHaveLength(3);
    const z = plot.grid?.z[0] as (number | null)[];
    expect(z[0]).toBeCloseTo(0, 0);
    expect(z.at(-1)).toBeCloseTo(10, 0);
  });
});

describe("pareto", () => {
  it("matches paretoFront, never puts infeasible trials on the front", () => {
    const trials = many(300, (i) => ({
      values: [Math.cos(i) * 10, Math.sin(i * 1.7) * 10],
      constraints: { c: i % 10 === 0 ? 1 : -1 },
    }));
    const directions: Direction[] = ["minimize", "maximize"];
    const plot = paretoPlot(columnsOf(trials, directions), {});
    expect(plot.front.map((p) => p.number)).toEqual(paretoFront(trials, directions).map((t) => t.number));
    expect(plot.front.every((p) => p.feasible)).toBe(true);
    expect(plot.front.length + plot.others.length).toBe(300);
    const capped = paretoPlot(columnsOf(trials, directions), { cap: 30 });
    expect(capped.front.length + capped.others.length).toBe(30);
    expect(capped.front.length).toBe(plot.front.length);
  });
});

describe("toApiJson", () => {
  it("encodes non-finite numbers as the contract's strings", () => {
    expect(toApiJson({ v: [1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY] })).toBe(
      '{"v":[1,"NaN","Infinity","-Infinity"]}',
    );
  });
});
