import { beforeAll, describe, expect, it } from "vitest";
import {
  contains,
  createStudy,
  type Distribution,
  type FrozenTrial,
  loadStudy,
  MemoryStorage,
  type ParamValue,
  type Sampler,
  samplerRegistry,
  setVerbosity,
  type Trial,
  TrialPruned,
} from "../../src/core.js";

/** Builds a fresh sampler with the given seed. */
export type SamplerFactory = (seed: number) => Sampler;

/** Options of {@link describeSampler}: tests to skip, each with its reason. */
export interface DescribeSamplerOptions {
  readonly skip?: Readonly<Record<string, string>>;
  /** Trials per run; model-based samplers may need more to leave their start-up phase. */
  readonly nTrials?: number;
}

/** Suggests one parameter of every kind; the objective value depends on all of them. */
function mixedObjective(trial: Trial): number {
  const x = trial.suggestFloat("x", -5, 5);
  const lr = trial.suggestFloat("lr", 1e-5, 1e-1, { log: true });
  const drop = trial.suggestFloat("drop", 0, 0.5, { step: 0.1 });
  const n = trial.suggestInt("n", 1, 9);
  const units = trial.suggestInt("units", 8, 512, { log: true });
  const k = trial.suggestInt("k", 2, 20, { step: 3 });
  const opt = trial.suggestCategorical("opt", ["adam", "sgd", null, 3, true] as const);
  const bonus = opt === "adam" ? 0 : 1;
  return x * x + Math.log10(lr) ** 2 / 10 + drop + (n - 3) ** 2 + Math.log2(units) / 9 + k / 20 + bonus;
}

const MIXED_SPACE: Record<string, Distribution> = {
  x: { type: "float", low: -5, high: 5, log: false, step: null },
  lr: { type: "float", low: 1e-5, high: 1e-1, log: true, step: null },
  drop: { type: "float", low: 0, high: 0.5, log: false, step: 0.1 },
  n: { type: "int", low: 1, high: 9, log: false, step: 1 },
  units: { type: "int", low: 8, high: 512, log: true, step: 1 },
  k: { type: "int", low: 2, high: 20, log: false, step: 3 },
  opt: { type: "categorical", choices: ["adam", "sgd", null, 3, true] },
};

function conditionalObjective(trial: Trial): number {
  const model = trial.suggestCategorical("model", ["linear", "tree"] as const);
  if (model === "linear") return (Math.log10(trial.suggestFloat("C", 1e-3, 1e3, { log: true })) - 1) ** 2;
  return ((trial.suggestInt("depth", 1, 16) - 8) / 8) ** 2;
}

async function run(sampler: Sampler, nTrials: number, objective: (t: Trial) => number = mixedObjective) {
  const study = await createStudy({ sampler });
  await study.optimize(objective, { nTrials });
  return study;
}

function paramsOf(trials: readonly FrozenTrial[]): Record<string, ParamValue>[] {
  return trials.map((t) => t.params);
}

/**
 * The sampler conformance suite: every sampler tunekit exports runs it (STYLE.md). It checks that
 * values respect bounds, log scales, steps, integer and categorical domains; conditional parameters;
 * determinism by seed, including a run resumed from storage; failed and pruned trials in the history;
 * several objectives when the sampler claims them; concurrency; enqueued trials; and that `toJSON()`
 * rebuilds the same sampler through the registry.
 * @example
 * describeSampler("random", (seed) => new RandomSampler({ seed }));
 */
export function describeSampler(
  name: string,
  factory: SamplerFactory,
  options: DescribeSamplerOptions = {},
): void {
  const nTrials = options.nTrials ?? 30;
  const test = (title: string, fn: () => Promise<void>) => {
    const reason = options.skip?.[title];
    if (reason === undefined) it(title, fn);
    else it.skip(`${title} (skipped: ${reason})`, fn);
  };

  describe(`sampler conformance: ${name}`, () => {
    beforeAll(() => setVerbosity("silent"));

    test("every value lies in its distribution (bounds, log, step, int, categorical)", async () => {
      const study = await run(factory(1), nTrials);
      expect(study.trials).toHaveLength(nTrials);
      for (const t of study.trials) {
        expect(t.state).toBe("COMPLETE");
        for (const [p, dist] of Object.entries(MIXED_SPACE)) {
          expect(contains(dist, t.params[p] as ParamValue), `${p}=${String(t.params[p])}`).toBe(true);
        }
        expect(Number.isInteger(t.params.n)).toBe(true);
      }
    });

    test("explores: values are not all the same", async () => {
      const study = await run(factory(2), nTrials);
      expect(new Set(study.trials.map((t) => t.params.x)).size).toBeGreaterThan(nTrials / 3);
      expect(new Set(study.trials.map((t) => t.params.opt)).size).toBeGreaterThan(1);
    });

    test("conditional parameters appear only in their branch", async () => {
      const study = await run(factory(3), nTrials, conditionalObjective);
      const models = new Set<ParamValue>();
      for (const t of study.trials) {
        models.add(t.params.model as ParamValue);
        const keys = Object.keys(t.params).sort();
        expect(keys).toEqual(t.params.model === "linear" ? ["C", "model"] : ["depth", "model"]);
      }
      expect(models.size).toBe(2);
    });

    test("same seed gives the same parameters; a different seed different ones", async () => {
      const a = paramsOf((await run(factory(4), nTrials)).trials);
      const b = paramsOf((await run(factory(4), nTrials)).trials);
      const c = paramsOf((await run(factory(5), nTrials)).trials);
      expect(b).toEqual(a);
      expect(c).not.toEqual(a);
    });

    test("a run resumed from storage continues the same sequence", async () => {
      const whole = paramsOf((await run(factory(6), nTrials)).trials);
      const storage = new MemoryStorage();
      const first = await createStudy({ storage, studyName: "resume", sampler: factory(6) });
      const half = Math.floor(nTrials / 2);
      await first.optimize(mixedObjective, { nTrials: half });
      const resumed = await loadStudy({ storage, studyName: "resume", sampler: factory(6) });
      await resumed.optimize(mixedObjective, { nTrials: nTrials - half });
      expect(paramsOf(resumed.trials)).toEqual(whole);
    });

    test("toJSON() rebuilds an equivalent sampler through the registry", async () => {
      const sampler = factory(7);
      const config = sampler.toJSON();
      expect(config.name).toBe(sampler.name);
      const rebuilt = samplerRegistry.create(JSON.parse(JSON.stringify(config)));
      expect(rebuilt.toJSON()).toEqual(config);
      expect(paramsOf((await run(rebuilt, 5)).trials)).toEqual(paramsOf((await run(factory(7), 5)).trials));
    });

    test("failed and pruned trials in the history do not break sampling", async () => {
      const study = await createStudy({ sampler: factory(8) });
      await study.optimize(
        (trial) => {
          const value = mixedObjective(trial);
          trial.report(value, 0);
          if (trial.number % 3 === 1) throw new Error("flaky");
          if (trial.number % 3 === 2) throw new TrialPruned();
          return value;
        },
        { nTrials, catch: true },
      );
      const states = study.trials.map((t) => t.state);
      expect(states.filter((s) => s === "FAIL").length).toBeGreaterThan(0);
      expect(states.filter((s) => s === "PRUNED").length).toBeGreaterThan(0);
      for (const t of study.trials) {
        for (const [p, dist] of Object.entries(MIXED_SPACE))
          expect(contains(dist, t.params[p] as ParamValue)).toBe(true);
      }
    });

    test("several objectives, when the sampler supports them", async () => {
      const sampler = factory(9);
      if (!sampler.capabilities.multiObjective) return;
      const study = await createStudy({ sampler, directions: ["minimize", "maximize"] });
      await study.optimize(
        (t) => {
          const x = t.suggestFloat("x", 0, 1);
          const y = t.suggestFloat("y", 0, 1);
          return [x + y, x * y];
        },
        { nTrials },
      );
      expect(study.trials.every((t) => t.state === "COMPLETE" && t.values?.length === 2)).toBe(true);
      expect(study.bestTrials.length).toBeGreaterThan(0);
    });

    test("concurrent trials in one process all get valid parameters", async () => {
      const study = await createStudy({ sampler: factory(10) });
      await study.optimize(
        async (trial) => {
          const value = mixedObjective(trial);
          await new Promise((r) => setTimeout(r, 1));
          return value;
        },
        { nTrials, concurrency: 4 },
      );
      expect(study.trials).toHaveLength(nTrials);
      expect(new Set(study.trials.map((t) => t.number)).size).toBe(nTrials);
      for (const t of study.trials) expect(t.state).toBe("COMPLETE");
    });

    test("enqueued parameters are used as given", async () => {
      const study = await createStudy({ sampler: factory(11) });
      await study.enqueueTrial({ x: 1.25, opt: "sgd" });
      await study.optimize(mixedObjective, { nTrials: 3 });
      const first = study.trials[0] as FrozenTrial;
      expect(first.params.x).toBe(1.25);
      expect(first.params.opt).toBe("sgd");
    });
  });
}
