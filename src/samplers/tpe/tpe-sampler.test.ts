import { beforeAll, describe, expect, it } from "vitest";
import {
  createStudy,
  InvalidArgumentError,
  RandomSampler,
  type Sampler,
  samplerRegistry,
  setVerbosity,
  type Trial,
  TrialPruned,
} from "../../core.js";
import { readQmcCounter } from "../qmc/qmc-counter.js";
import { QMCSampler } from "../qmc/qmc-sampler.js";
import { TPESampler } from "./tpe-sampler.js";

beforeAll(() => setVerbosity("silent"));

/** Branin on [−5, 10] × [0, 15]; minimum 0.397887. */
function branin(trial: Trial): number {
  const x = trial.suggestFloat("x", -5, 10);
  const y = trial.suggestFloat("y", 0, 15);
  const b = 5.1 / (4 * Math.PI ** 2);
  const c = 5 / Math.PI;
  return (y - b * x * x + c * x - 6) ** 2 + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x) + 10;
}

async function bestAfter(sampler: Sampler, nTrials: number, objective = branin): Promise<number> {
  const study = await createStudy({ sampler });
  await study.optimize(objective, { nTrials });
  return study.bestValue;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

describe("TPESampler", () => {
  it("beats random search on Branin: median regret at 60 trials over 10 seeds, by a wide margin", async () => {
    const tpe: number[] = [];
    const random: number[] = [];
    for (let seed = 0; seed < 10; seed++) {
      tpe.push((await bestAfter(new TPESampler({ seed }), 60)) - 0.397887);
      random.push((await bestAfter(new RandomSampler({ seed }), 60)) - 0.397887);
    }
    // Measured: TPE's median regret is a few times smaller than random's (about 0.1 against 0.6); a
    // factor of 2 would take most of ten independent seeds going the wrong way.
    expect(median(tpe)).toBeLessThan(median(random) / 2);
    expect(tpe.filter((r, i) => r < (random[i] as number)).length).toBeGreaterThanOrEqual(7);
  });

  it("univariate TPE also beats random search there", async () => {
    const tpe: number[] = [];
    const random: number[] = [];
    for (let seed = 0; seed < 10; seed++) {
      tpe.push(await bestAfter(new TPESampler({ seed, multivariate: false }), 60));
      random.push(await bestAfter(new RandomSampler({ seed }), 60));
    }
    expect(median(tpe) - 0.397887).toBeLessThan((median(random) - 0.397887) / 2);
  });

  it("start-up trials are exactly RandomSampler's; later ones differ", async () => {
    const params = async (sampler: Sampler) => {
      const study = await createStudy({ sampler });
      await study.optimize(branin, { nTrials: 14 });
      return study.trials.map((t) => t.params);
    };
    const tpe = await params(new TPESampler({ seed: 3 }));
    const random = await params(new RandomSampler({ seed: 3 }));
    expect(tpe.slice(0, 10)).toEqual(random.slice(0, 10));
    expect(tpe.slice(10)).not.toEqual(random.slice(10));
  });

  it("same seed, same run, in every mode (multivariate, group, univariate, liar, several objectives)", async () => {
    const modes = [
      {},
      { multivariate: false },
      { group: true },
      { constantLiar: true },
      { gamma: "hyperopt" as const, weights: "uniform" as const },
    ];
    for (const options of modes) {
      const run = async () => {
        const study = await createStudy({ sampler: new TPESampler({ seed: 11, ...options }) });
        await study.optimize(
          (t) => {
            const kind = t.suggestCategorical("kind", ["a", "b"] as const);
            const n = t.suggestInt("n", 1, 8);
            const lr = t.suggestFloat("lr", 1e-4, 1, { log: true });
            return kind === "a" ? n + Math.log10(lr) ** 2 : t.suggestFloat("z", 0, 1, { step: 0.1 }) + n / 2;
          },
          { nTrials: 25 },
        );
        return study.trials.map((t) => t.params);
      };
      expect(await run()).toEqual(await run());
    }
    const mo = async () => {
      const study = await createStudy({
        sampler: new TPESampler({ seed: 2 }),
        directions: ["minimize", "minimize"],
      });
      await study.optimize(
        (t) => {
          const x = t.suggestFloat("x", 0, 1);
          const y = t.suggestFloat("y", 0, 1);
          return [x, (1 + 9 * y) * (1 - Math.sqrt(x / (1 + 9 * y)))];
        },
        { nTrials: 30 },
      );
      return study.trials.map((t) => t.params);
    };
    expect(await mo()).toEqual(await mo());
  });

  it("group: conditional branches are modelled jointly and stay in their branch", async () => {
    const study = await createStudy({ sampler: new TPESampler({ seed: 4, group: true }) });
    await study.optimize(
      (t) => {
        const model = t.suggestCategorical("model", ["linear", "tree"] as const);
        if (model === "linear") return (Math.log10(t.suggestFloat("C", 1e-3, 1e3, { log: true })) - 1) ** 2;
        return ((t.suggestInt("depth", 1, 16) - 8) / 8) ** 2 + t.suggestFloat("leaf", 0, 1) ** 2;
      },
      { nTrials: 60 },
    );
    const late = study.trials.slice(30);
    expect(late.every((t) => (t.params.model === "linear") === "C" in t.params)).toBe(true);
    expect(study.bestValue).toBeLessThan(0.05);
  });

  it("constant liar: concurrent trials spread out instead of piling onto one point", async () => {
    // Four trials asked at once after start-up, each flushing its params (as distributed workers do).
    const spread = async (constantLiar: boolean) => {
      const study = await createStudy({ sampler: new TPESampler({ seed: 9, constantLiar }) });
      await study.optimize((t) => (t.suggestFloat("x", -10, 10) - 3) ** 2, { nTrials: 20 });
      const xs: number[] = [];
      for (let i = 0; i < 4; i++) {
        const trial = await study.ask();
        xs.push(trial.suggestFloat("x", -10, 10));
        await trial.flush();
      }
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      return { xs, sd: Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length) };
    };
    const liar = await spread(true);
    const plain = await spread(false);
    expect(new Set(liar.xs).size).toBe(4);
    expect(liar.sd).toBeGreaterThan(plain.sd);
  });

  it("constant liar within one process: optimize with concurrency sees its own unflushed proposals", async () => {
    const run = async (constantLiar: boolean) => {
      const study = await createStudy({ sampler: new TPESampler({ seed: 5, constantLiar }) });
      await study.optimize(
        async (t) => {
          const x = t.suggestFloat("x", -10, 10);
          await new Promise((r) => setTimeout(r, 1));
          return (x - 3) ** 2;
        },
        { nTrials: 40, concurrency: 4 },
      );
      return study.trials.slice(12).map((t) => t.params.x as number);
    };
    const distinct = (xs: number[]) => new Set(xs.map((x) => x.toFixed(3))).size;
    expect(distinct(await run(true))).toBe(28);
  });

  it("pruned and infeasible trials shape the split: later trials seek the feasible optimum", async () => {
    let feasibleLate = 0;
    let prunedLate = 0;
    for (const seed of [6, 7, 8]) {
      const study = await createStudy({ sampler: new TPESampler({ seed }) });
      await study.optimize(
        (t) => {
          const x = t.suggestFloat("x", -5, 5);
          t.report(x * x, 0);
          if (x < -3) throw new TrialPruned();
          t.setConstraint("x_at_least_1", 1 - x); // feasible for x ≥ 1: 40% of the range
          return x * x;
        },
        { nTrials: 60 },
      );
      const late = study.trials.slice(30);
      feasibleLate += late.filter((t) => t.state === "COMPLETE" && (t.params.x as number) >= 1).length;
      prunedLate += late.filter((t) => t.state === "PRUNED").length;
      expect(study.bestTrial.params.x as number).toBeGreaterThanOrEqual(1);
    }
    // Uniform draws would make 36 of the 90 late trials feasible (sd ≈ 4.6) and prune 18.
    expect(feasibleLate).toBeGreaterThanOrEqual(48);
    expect(prunedLate).toBeLessThanOrEqual(9);
  });

  it("toJSON records every option and rebuilds through the registry; custom functions are refused there", () => {
    const sampler = new TPESampler({ seed: 1, group: true, nStartupTrials: 5, constantLiar: true });
    const config = sampler.toJSON();
    expect(config).toEqual({
      name: "tpe",
      options: {
        seed: 1,
        multivariate: true,
        group: true,
        nStartupTrials: 5,
        startup: "random",
        nEiCandidates: 24,
        gamma: "default",
        weights: "default",
        priorWeight: 1,
        considerMagicClip: true,
        considerEndpoints: false,
        constantLiar: true,
        avoidDuplicates: true,
        warnIndependentSampling: true,
        approximateAbove: 2000,
      },
    });
    expect(samplerRegistry.create(config).toJSON()).toEqual(config);
    const custom = new TPESampler({ seed: 1, gamma: (n) => Math.ceil(n / 4) }).toJSON();
    expect(custom.options.gamma).toBe("custom");
    expect(() => samplerRegistry.create(custom)).toThrow(InvalidArgumentError);
  });

  it("rejects bad options with the rule and the value", () => {
    expect(() => new TPESampler({ group: true, multivariate: false })).toThrow(/group/);
    expect(() => new TPESampler({ nEiCandidates: 0 })).toThrow(/nEiCandidates must be an integer ≥ 1/);
    expect(() => new TPESampler({ priorWeight: 0 })).toThrow(/priorWeight/);
    expect(() => new TPESampler({ gamma: "nope" as "default" })).toThrow(/gamma must be one of/);
    expect(() => new TPESampler({ seed: 1.5 })).toThrow(/seed must be an integer/);
    expect(() => new TPESampler({ approximateAbove: 100 })).toThrow(/approximateAbove/);
    expect(new TPESampler({ approximateAbove: null }).toJSON().options.approximateAbove).toBeNull();
  });
});

describe("TPESampler with long histories", () => {
  it("past approximateAbove, g(x) thins old trials but proposes as the exact mode does here", async () => {
    // 2,400 finished trials of a 2-D sphere, written straight to the storage; the approximate and the
    // exact sampler must both propose points near the optimum (their proposals may differ).
    const proposals = async (approximateAbove: number | null) => {
      const { MemoryStorage } = await import("../../core.js");
      const storage = new MemoryStorage();
      const study = await createStudy({ storage, sampler: new TPESampler({ seed: 1, approximateAbove }) });
      const dist = { type: "float", low: -5, high: 5, log: false, step: null } as const;
      let state = 12345;
      const next = () => {
        state = (state * 1103515245 + 12345) % 2147483648;
        return (state / 2147483648) * 10 - 5;
      };
      for (let i = 0; i < 2400; i++) {
        const x = next();
        const y = next();
        await storage.createTrial(study.studyId, {
          state: "COMPLETE",
          params: { x, y },
          distributions: { x: dist, y: dist },
          values: [x * x + y * y],
        });
      }
      await study.refresh();
      const out: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t = await study.ask();
        const r2 = t.suggestFloat("x", -5, 5) ** 2 + t.suggestFloat("y", -5, 5) ** 2;
        out.push(r2);
        await study.tell(t, r2);
      }
      return out;
    };
    for (const r2 of [...(await proposals(2000)), ...(await proposals(null))]) expect(r2).toBeLessThan(1);
  });
});

describe("TPESampler startup: qmc", () => {
  const objective = (t: Trial) =>
    t.suggestFloat("x", -5, 5) ** 2 + t.suggestFloat("lr", 1e-5, 1, { log: true });

  it("draws its start-up trials from the study's shared Sobol sequence, as QMCSampler does", async () => {
    const tpe = await createStudy({
      sampler: new TPESampler({ seed: 5, startup: "qmc", nStartupTrials: 10 }),
    });
    await tpe.optimize(objective, { nTrials: 10 });
    const qmc = await createStudy({ sampler: new QMCSampler({ seed: 5 }) });
    await qmc.optimize(objective, { nTrials: 10 });
    expect(tpe.trials.map((t) => t.params)).toEqual(qmc.trials.map((t) => t.params));
    expect((await readQmcCounter(tpe.fullView().state, tpe.studyName))?.next).toBe(9);
  });

  it("rejects an unknown startup", () => {
    expect(() => new TPESampler({ startup: "sobol" as never })).toThrow(/startup/);
  });
});
