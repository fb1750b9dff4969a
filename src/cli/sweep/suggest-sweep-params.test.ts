import { describe, expect, it } from "vitest";
import { silenceLogs } from "../../../test/helpers.js";
import { createStudy, type ParamValue, prunerRegistry, samplerRegistry } from "../../core.js";
import { parseSweep } from "./parse-sweep.js";
import { suggestSweepParams } from "./suggest-sweep-params.js";

silenceLogs();

const SWEEP = parseSweep(
  `command: run
metric: loss
sampler: {name: random, seed: 7}
pruner: none
parameters:
  opt: [adam, sgd]
  batch: {type: int, low: 16, high: 256, step: 16}
  lr: {type: float, low: 1.0e-4, high: 0.1, log: true}
  momentum: {type: float, low: 0, high: 0.99, when: {opt: sgd}}
  nesterov: {choices: [true, false], when: {momentum: {gt: 0.5}}}
  epochs: 20
  warmup: {value: 3, when: {opt: adam}}
forbidden:
  - {opt: sgd, batch: {gt: 128}}
`,
  "s.yaml",
);

async function run(nTrials: number) {
  const study = await createStudy({
    sampler: samplerRegistry.create(SWEEP.sampler),
    pruner: prunerRegistry.create(SWEEP.pruner),
  });
  const returned = new Map<number, Record<string, ParamValue>>();
  const result = await study.optimize(
    (trial) => {
      returned.set(trial.number, suggestSweepParams(trial, SWEEP));
      return 0;
    },
    { nTrials },
  );
  return { study, returned, result };
}

describe("suggestSweepParams", () => {
  it("suggests conditional parameters only when active and returns constants without suggesting them", async () => {
    const { study, returned } = await run(40);
    const complete = study.trials.filter((t) => t.state === "COMPLETE");
    expect(complete).toHaveLength(40);
    for (const t of complete) {
      const sgd = t.params.opt === "sgd";
      expect(Object.keys(t.params).sort()).toEqual(
        [
          "batch",
          "lr",
          "opt",
          ...(sgd ? ["momentum"] : []),
          ...(sgd && (t.params.momentum as number) > 0.5 ? ["nesterov"] : []),
        ].sort(),
      );
      expect(returned.get(t.number)).toEqual({
        ...t.params,
        epochs: 20,
        ...(sgd ? {} : { warmup: 3 }),
      });
      // File order is kept, constants in place: the order ${args} expands in.
      const order = Object.keys(returned.get(t.number) ?? {});
      expect(order).toEqual(
        ["opt", "batch", "lr", "momentum", "nesterov", "epochs", "warmup"].filter((k) => order.includes(k)),
      );
    }
    expect(complete.some((t) => t.params.opt === "sgd")).toBe(true);
    expect(complete.some((t) => t.params.opt === "adam")).toBe(true);
    expect(complete.some((t) => "nesterov" in t.params)).toBe(true);
  });

  it("records forbidden combinations as FAIL with reason forbidden, outside nTrials", async () => {
    const { study, result } = await run(30);
    const forbidden = study.trials.filter((t) => t.state === "FAIL");
    expect(result.forbidden).toBe(forbidden.length);
    expect(forbidden.length).toBeGreaterThan(0);
    for (const t of forbidden) {
      expect(t.failReason?.code).toBe("forbidden");
      expect(t.failReason?.message).toBe("forbidden by rule 1 of the sweep: {opt: sgd, batch > 128}");
      expect(t.params.opt).toBe("sgd");
      expect(t.params.batch as number).toBeGreaterThan(128);
    }
    const complete = study.trials.filter((t) => t.state === "COMPLETE");
    expect(complete).toHaveLength(30);
    for (const t of complete) expect(t.params.opt === "sgd" && (t.params.batch as number) > 128).toBe(false);
  });

  it("works through ask and tell", async () => {
    const study = await createStudy({ sampler: samplerRegistry.create(SWEEP.sampler) });
    const trial = await study.ask();
    const params = suggestSweepParams(trial, { ...SWEEP, forbidden: [] });
    await study.tell(trial, 1);
    expect(params.epochs).toBe(20);
    const { epochs: _, warmup: __, ...suggested } = params;
    expect(study.trials[0]?.params).toEqual(suggested);
    expect(study.trials[0]?.state).toBe("COMPLETE");
  });

  it("rejects through trial.forbid on the first matching rule", async () => {
    const study = await createStudy();
    const trial = await study.ask();
    const sweep = parseSweep(
      "command: run\nmetric: m\nparameters:\n  a: [x]\n  b: [y]\n  c: 1\nforbidden:\n  - {b: y, c: 2}\n  - {a: x, b: {in: [y]}}\n  - {a: x}\n",
      "s.yaml",
    );
    expect(() => suggestSweepParams(trial, sweep)).toThrow(
      "forbidden by rule 2 of the sweep: {a: x, b in [y]}",
    );
  });
});
