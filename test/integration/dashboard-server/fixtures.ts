/**
 * Studies for the dashboard server's tests, filled by real `createStudy` / `optimize` runs: one
 * single-objective study with pruned trials, failures, constraints and learning curves; a
 * three-objective one; one reporting named metrics; and names that must stay text.
 */
import {
  createStudy,
  MemoryStorage,
  NopPruner,
  RandomSampler,
  type Storage,
  setVerbosity,
  type Trial,
  TrialPruned,
} from "../../../src/index.js";

/** Study names the fixture creates. */
export const NAMES = {
  single: "single",
  multi: "multi objective/2",
  metrics: "metrics",
  hostile: `<script>alert(1)</script> ../"quoted" name`,
} as const;

/** Fills `storage` (a fresh MemoryStorage by default) with the fixture studies. */
export async function fillFixtureStorage(storage: Storage = new MemoryStorage()): Promise<Storage> {
  setVerbosity("error");
  const single = await createStudy({
    storage,
    studyName: NAMES.single,
    sampler: new RandomSampler({ seed: 1 }),
    pruner: new NopPruner(),
  });
  await single.optimize(
    (t: Trial) => {
      const x = t.suggestFloat("x", -5, 5);
      const n = t.suggestInt("n", 1, 8);
      const c = t.suggestCategorical("c", ["a", "b", "<b>c</b>"]);
      const lr = t.suggestFloat("lr", 1e-4, 1, { log: true });
      t.setConstraint("c0", x - 4);
      const value = x * x + n + (c === "a" ? 0 : 1) + lr;
      for (let step = 0; step < 5; step++) t.report(value + 5 - step, step);
      if (t.number % 7 === 3) throw new TrialPruned();
      if (t.number % 11 === 5) throw new Error("boom <img src=x onerror=alert(1)>");
      return value;
    },
    { nTrials: 60, catch: true },
  );
  const multi = await createStudy({
    storage,
    studyName: NAMES.multi,
    directions: ["minimize", "maximize", "minimize"],
    metricNames: ["loss", "accuracy", "latency"],
    sampler: new RandomSampler({ seed: 2 }),
  });
  await multi.optimize(
    (t: Trial) => {
      const a = t.suggestFloat("a", 0, 1);
      const b = t.suggestFloat("b", 0, 1);
      t.setConstraint("budget", a + b - 1.5);
      return [a, b, (a - b) ** 2];
    },
    { nTrials: 40 },
  );
  const metrics = await createStudy({
    storage,
    studyName: NAMES.metrics,
    metricNames: ["loss"],
    sampler: new RandomSampler({ seed: 3 }),
    pruner: new NopPruner(),
  });
  await metrics.optimize(
    (t: Trial) => {
      const w = t.suggestFloat("w", 0, 1);
      for (let step = 0; step < 4; step++) t.report({ loss: w + 1 / (step + 1), acc: 1 - w }, step);
      return w === 0.5 ? Number.POSITIVE_INFINITY : w;
    },
    { nTrials: 10 },
  );
  const hostile = await createStudy({
    storage,
    studyName: NAMES.hostile,
    sampler: new RandomSampler({ seed: 4 }),
  });
  await hostile.optimize(
    (t: Trial) => {
      t.setUserAttr("note", "<script>alert(2)</script>");
      return t.suggestFloat("y", 0, 1);
    },
    { nTrials: 3 },
  );
  return storage;
}
