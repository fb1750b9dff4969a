import { describe, expect, it } from "vitest";
import type { ProtocolMessage } from "./protocol.js";
import { ReportCollector } from "./report-collector.js";

function line(fields: Partial<ProtocolMessage>): ProtocolMessage {
  return { step: null, final: false, metrics: {}, constraints: {}, attrs: {}, ...fields };
}

function collector(metrics: string[], constraints: string[] = []): ReportCollector {
  return new ReportCollector({ metrics, constraints });
}

describe("ReportCollector.result", () => {
  it("takes each metric's last reported value, step lines included", () => {
    const c = collector(["loss", "acc"]);
    c.add(line({ step: 0, metrics: { loss: 3, acc: 0.1 } }));
    c.add(line({ step: 1, metrics: { loss: 2 } }));
    c.add(line({ metrics: { acc: 0.5 } }));
    expect(c.result()).toEqual({ ok: true, values: [2, 0.5], constraints: {}, attrs: {} });
  });

  it("lets the last final line win over any later non-final value", () => {
    const c = collector(["loss"]);
    c.add(line({ metrics: { loss: 5 } }));
    c.add(line({ final: true, metrics: { loss: 1 } }));
    c.add(line({ final: true, metrics: { loss: 0.8 } }));
    c.add(line({ step: 9, metrics: { loss: 0.1 } }));
    expect(c.result()).toMatchObject({ ok: true, values: [0.8] });
  });

  it("applies final per metric: a final line without a metric keeps that metric's last value", () => {
    const c = collector(["loss", "acc"]);
    c.add(line({ metrics: { loss: 5, acc: 0.2 } }));
    c.add(line({ final: true, metrics: { loss: 1 } }));
    c.add(line({ metrics: { loss: 9, acc: 0.3 } }));
    expect(c.result()).toMatchObject({ ok: true, values: [1, 0.3] });
  });

  it("fails with missing-metric, naming the metric and the line to print", () => {
    const c = collector(["loss", "val_loss"]);
    c.add(line({ metrics: { loss: 1, other: 2 } }));
    expect(c.result()).toEqual({
      ok: false,
      code: "missing-metric",
      message:
        'the program never reported the metric "val_loss"; print a line such as tunekit: {"val_loss": 0.42}',
    });
  });

  it("fails with nan-metric for a NaN result but not for an earlier NaN", () => {
    const c = collector(["loss"]);
    c.add(line({ metrics: { loss: Number.NaN } }));
    expect(c.result()).toMatchObject({ ok: false, code: "nan-metric" });
    expect(c.result().ok ? "" : (c.result() as { message: string }).message).toContain('"loss"');
    c.add(line({ metrics: { loss: 2 } }));
    expect(c.result()).toMatchObject({ ok: true, values: [2] });
  });

  it("accepts ±Infinity as a result", () => {
    const c = collector(["a", "b"]);
    c.add(line({ metrics: { a: Number.POSITIVE_INFINITY, b: Number.NEGATIVE_INFINITY } }));
    expect(c.result()).toMatchObject({
      ok: true,
      values: [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY],
    });
  });

  it("requires every declared constraint and keeps every reported one, last (or final) value winning", () => {
    const c = collector(["loss"], ["mem", "time"]);
    c.add(line({ metrics: { loss: 1 }, constraints: { mem: 2 } }));
    expect(c.result()).toMatchObject({ ok: false, code: "missing-constraint" });
    expect((c.result() as { message: string }).message).toContain('"time"');
    c.add(line({ final: true, constraints: { mem: -1 } }));
    c.add(line({ constraints: { mem: 5, time: -2, extra: 0 } }));
    expect(c.result()).toEqual({
      ok: true,
      values: [1],
      constraints: { mem: -1, time: -2, extra: 0 },
      attrs: {},
    });
  });

  it("merges attrs across lines, later keys replacing earlier ones", () => {
    const c = collector(["loss"]);
    c.add(line({ metrics: { loss: 1 }, attrs: { a: 1, b: "x" } }));
    c.add(line({ attrs: { b: ["y"], c: null } }));
    expect(c.result()).toMatchObject({ ok: true, attrs: { a: 1, b: ["y"], c: null } });
  });

  it("with no metrics to collect, succeeds with no values", () => {
    expect(collector([]).result()).toEqual({ ok: true, values: [], constraints: {}, attrs: {} });
  });
});

describe("ReportCollector.intermediate", () => {
  it("puts the study's metrics first, in objective order, then the other metrics", () => {
    const c = collector(["val_loss", "acc"]);
    const value = c.intermediate(line({ step: 4, metrics: { lr: 0.1, acc: 0.9, val_loss: 0.4 } }));
    expect(value).toEqual({ step: 4, value: { val_loss: 0.4, acc: 0.9, lr: 0.1 } });
    expect(Object.keys(value?.value ?? {})).toEqual(["val_loss", "acc", "lr"]);
  });

  it("returns null for a line without step or without metrics", () => {
    const c = collector(["loss"]);
    expect(c.intermediate(line({ metrics: { loss: 1 } }))).toBeNull();
    expect(c.intermediate(line({ step: 2, attrs: { a: 1 } }))).toBeNull();
    expect(c.intermediate(line({ step: 0, metrics: { other: 1 } }))).toEqual({
      step: 0,
      value: { other: 1 },
    });
  });
});
