import { beforeAll, describe, expect, it } from "vitest";
import {
  createStudy,
  loadStudy,
  MemoryStorage,
  type Pruner,
  prunerRegistry,
  RandomSampler,
  setVerbosity,
  TrialPruned,
} from "../../src/core.js";

/** Builds a fresh pruner. */
export type PrunerFactory = () => Pruner;

/** Options of {@link describePruner}: tests to skip, each with its reason. */
export interface DescribePrunerOptions {
  readonly skip?: Readonly<Record<string, string>>;
}

/** A learning curve that improves with `quality` in [0, 1]. */
function curve(quality: number, step: number): number {
  return 1 - quality + 1 / (step + 1);
}

/**
 * The pruner conformance suite, run for every pruner tunekit exports. It checks the contract's
 * generic clauses: a boolean answer for trials with no reports, NaN, vector and named reports handled
 * without throwing, consistent answers under concurrency and across two study objects sharing one
 * storage, pruned trials recorded as PRUNED, and `toJSON()` rebuilding the pruner through the registry.
 * Each pruner's own rules (rungs, percentiles) are tested beside it with hand-computed cases.
 * @example
 * describePruner("nop", () => new NopPruner());
 */
export function describePruner(
  name: string,
  factory: PrunerFactory,
  options: DescribePrunerOptions = {},
): void {
  const test = (title: string, fn: () => Promise<void>) => {
    const reason = options.skip?.[title];
    if (reason === undefined) it(title, fn);
    else it.skip(`${title} (skipped: ${reason})`, fn);
  };

  describe(`pruner conformance: ${name}`, () => {
    beforeAll(() => setVerbosity("silent"));

    test("answers a boolean for a trial with no reports", async () => {
      const study = await createStudy({ pruner: factory() });
      const trial = await study.ask();
      expect(typeof (await trial.shouldPrune())).toBe("boolean");
      await study.tell(trial, 1);
    });

    test("NaN, vector and named reports do not throw", async () => {
      const study = await createStudy({ pruner: factory(), sampler: new RandomSampler({ seed: 1 }) });
      await study.optimize(
        async (trial) => {
          const q = trial.suggestFloat("q", 0, 1);
          for (let step = 0; step < 6; step++) {
            const v = curve(q, step);
            const kind = trial.number % 3;
            trial.report(
              kind === 0 ? (step === 2 ? Number.NaN : v) : kind === 1 ? [v, -v] : { loss: v, acc: 1 - v },
              step,
            );
            if (await trial.shouldPrune()) throw new TrialPruned();
          }
          return curve(q, 6);
        },
        { nTrials: 24 },
      );
      expect(study.trials).toHaveLength(24);
      expect(study.trials.every((t) => t.state === "COMPLETE" || t.state === "PRUNED")).toBe(true);
    });

    test("works under concurrency and with two study objects on one storage", async () => {
      const storage = new MemoryStorage();
      const a = await createStudy({
        storage,
        studyName: "shared",
        pruner: factory(),
        sampler: new RandomSampler({ seed: 2 }),
      });
      const b = await loadStudy({
        storage,
        studyName: "shared",
        pruner: factory(),
        sampler: new RandomSampler({ seed: 2 }),
      });
      const objective = async (trial: import("../../src/core.js").Trial) => {
        const q = trial.suggestFloat("q", 0, 1);
        for (let step = 0; step < 8; step++) {
          trial.report(curve(q, step), step);
          await new Promise((r) => setTimeout(r, 0));
          if (await trial.shouldPrune()) throw new TrialPruned();
        }
        return curve(q, 8);
      };
      await Promise.all([
        a.optimize(objective, { nTrials: 20, concurrency: 3 }),
        b.optimize(objective, { nTrials: 20, concurrency: 3 }),
      ]);
      const trials = await a.getTrials();
      expect(trials).toHaveLength(40);
      expect(trials.every((t) => t.state === "COMPLETE" || t.state === "PRUNED")).toBe(true);
      for (const t of trials.filter((x) => x.state === "PRUNED")) {
        expect(Object.keys(t.intermediateValues).length).toBeGreaterThan(0);
      }
    });

    test("toJSON() rebuilds an equivalent pruner through the registry", async () => {
      const pruner = factory();
      const config = pruner.toJSON();
      expect(config.name).toBe(pruner.name);
      const rebuilt = prunerRegistry.create(JSON.parse(JSON.stringify(config)));
      expect(rebuilt.toJSON()).toEqual(config);
      expect(rebuilt.readsStudy).toBe(pruner.readsStudy);
    });
  });
}
