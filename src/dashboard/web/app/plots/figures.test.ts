import { describe, expect, it } from "vitest";
import type {
  ContourPlot,
  ImportanceResponse,
  ParallelPlot,
  SlicePlot,
  TimelinePlot,
} from "../../../api-types.js";
import { contourFigure } from "./contour-figure.js";
import { importanceFigure } from "./importance-figure.js";
import { parallelFigure } from "./parallel-figure.js";
import { sliceFigure } from "./slice-figure.js";
import { timelineFigure } from "./timeline-figure.js";

const EVIL = "<img src=x onerror=alert(1)>";
const choices = [EVIL, "plain"];

/** Every string anywhere in a figure. */
function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (typeof value === "object" && value !== null) return Object.values(value).flatMap(strings);
  return [];
}

function expectEscaped(figure: unknown): void {
  const all = strings(figure);
  expect(all.some((s) => s.includes("&lt;img src=x"))).toBe(true);
  expect(all.filter((s) => s.includes("<img"))).toEqual([]);
}

describe("figures escape user-supplied strings", () => {
  it("slice: parameter name, categorical ticks and hover text", () => {
    const plot: SlicePlot = {
      param: EVIL,
      distribution: { type: "categorical", choices },
      points: [{ number: 0, x: EVIL, y: 1 }],
      total: 1,
      sampled: false,
    };
    const figure = sliceFigure(plot, EVIL);
    expectEscaped(figure);
    expect(figure.data[0]).toMatchObject({ x: [0] });
  });

  it("contour: axis names and categorical grid", () => {
    const plot: ContourPlot = {
      x: { name: EVIL, distribution: { type: "categorical", choices } },
      y: { name: "lr", distribution: { type: "float", low: 1e-4, high: 1, log: true, step: null } },
      points: [{ number: 0, x: "plain", y: 0.01, z: 2 }],
      grid: {
        xs: choices,
        ys: [0.001, 0.1],
        z: [
          [1, null],
          [2, 3],
        ],
      },
      total: 1,
      sampled: false,
    };
    const figure = contourFigure(plot, "loss", true);
    expectEscaped(figure);
    expect(figure.layout.yaxis).toMatchObject({ type: "log" });
  });

  it("parallel coordinates: axis labels and choices; one trace per colour band", () => {
    const plot: ParallelPlot = {
      params: [
        { name: EVIL, distribution: { type: "categorical", choices } },
        { name: "lr", distribution: { type: "float", low: 1e-4, high: 1, log: true, step: null } },
      ],
      rows: [
        { number: 0, value: 1, params: [EVIL, 0.01] },
        { number: 1, value: 3, params: ["plain", null] },
      ],
      total: 2,
      sampled: false,
    };
    const figure = parallelFigure(plot, "loss", true);
    expectEscaped(figure);
    const drawn = figure.data.filter((t) => ((t as { x: unknown[] }).x ?? []).length > 0);
    expect(drawn).toHaveLength(2);
  });

  it("timeline: worker names", () => {
    const plot: TimelinePlot = {
      bars: [{ number: 0, workerId: EVIL, state: "RUNNING", start: 1000, end: null }],
      total: 1,
      sampled: false,
    };
    const figure = timelineFigure(plot, 5000);
    expectEscaped(figure);
    expect(figure.data[0]).toMatchObject({ x: [4000] });
  });

  it("importance: parameter and objective names; the most important bar on top", () => {
    const answer: ImportanceResponse = {
      objective: 0,
      evaluator: "fanova",
      evaluators: ["ped-anova", "fanova"],
      importances: [
        { param: EVIL, importance: 0.7 },
        { param: "lr", importance: 0.2 },
        { param: "dropout", importance: 0.1 },
      ],
      used: 40,
      total: 40,
      sampled: false,
      note: null,
      stale: false,
      retryAfterMs: null,
    };
    const figure = importanceFigure(answer, EVIL);
    expectEscaped(figure);
    // Plotly puts the first category at the bottom of a horizontal bar chart.
    expect(figure.data[0]).toMatchObject({
      orientation: "h",
      y: ["dropout", "lr", "&lt;img src=x onerror=alert(1)&gt;"],
      x: [0.1, 0.2, 0.7],
      text: ["10.0%", "20.0%", "70.0%"],
    });
    expect(JSON.stringify(figure.layout.title)).toContain("fanova");
  });
});
