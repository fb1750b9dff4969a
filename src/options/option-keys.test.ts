import { describe, expect, it } from "vitest";
import { captureLogs, rejection, silenceLogs, thrown } from "../../test/helpers.js";
import { InvalidArgumentError } from "../errors.js";
import { exportStudy } from "../export/export-study.js";
import { runWorker } from "../node/run-worker.js";
import { HyperbandPruner } from "../pruners/hyperband/hyperband-pruner.js";
import { PatientPruner } from "../pruners/patient-pruner.js";
import { MedianPruner, PercentilePruner } from "../pruners/percentile-pruner.js";
import { prunerRegistry } from "../pruners/pruner.js";
import { SuccessiveHalvingPruner } from "../pruners/successive-halving/successive-halving-pruner.js";
import { ThresholdPruner } from "../pruners/threshold-pruner.js";
import { WilcoxonPruner } from "../pruners/wilcoxon-pruner.js";
import { GPSampler } from "../samplers/gp/gp-sampler.js";
import { GridSampler } from "../samplers/grid/grid-sampler.js";
import { QMCSampler } from "../samplers/qmc/qmc-sampler.js";
import { RandomSampler } from "../samplers/random/random-sampler.js";
import { samplerRegistry } from "../samplers/sampler.js";
import { TPESampler } from "../samplers/tpe/tpe-sampler.js";
import { MemoryStorage } from "../storage/memory/memory-storage.js";
import { PostgresDialect } from "../storage/postgres/postgres-dialect.js";
import { SqliteDialect } from "../storage/sqlite/sqlite-dialect.js";
import { createStudy, deleteStudy, listStudies, loadStudy } from "../study/create-study.js";
import { checkOptionKeys } from "./option-keys.js";

silenceLogs();

/** Options objects with a misspelt key, as JavaScript callers pass them. */
const typo = <T>(options: Record<string, unknown>): T => options as T;

function expectUnknown(error: unknown, key: string, near: string | null): void {
  expect(error).toBeInstanceOf(InvalidArgumentError);
  const e = error as InvalidArgumentError;
  expect(e.message).toContain(`unknown option "${key}"`);
  if (near !== null) expect(e.message).toContain(`Did you mean "${near}"?`);
  expect(e.paramName).toBe(key);
}

describe("checkOptionKeys", () => {
  const known = { seed: true, multivariate: true } as const;

  it("accepts known keys and undefined", () => {
    expect(() => checkOptionKeys("X", { seed: 1 }, known)).not.toThrow();
    expect(() => checkOptionKeys("X", undefined, known)).not.toThrow();
  });

  it("names the unknown key, the closest known one and every known one", () => {
    const e = thrown(() => checkOptionKeys("new TPESampler()", { seeed: 1 }, known));
    expectUnknown(e, "seeed", "seed");
    expect((e as Error).message).toMatch(/^new TPESampler\(\): unknown option "seeed"/);
    expect((e as Error).message).toContain("Known options: seed, multivariate.");
    expect((thrown(() => checkOptionKeys("X", { zzz: 1 }, known)) as Error).message).not.toContain(
      "Did you mean",
    );
  });

  it("refuses options that are not an object", () => {
    for (const bad of [null, 3, "seed", [1]]) {
      expect(() => checkOptionKeys("X", bad, known)).toThrow(/options must be an object/);
    }
  });
});

describe("unknown option keys at the public entry points", () => {
  it("are refused by every sampler", () => {
    const cases: [() => unknown, string][] = [
      [() => new TPESampler(typo({ seeed: 1 })), "seed"],
      [() => new GPSampler(typo({ nStartupTrial: 5 })), "nStartupTrials"],
      [() => new RandomSampler(typo({ sed: 1 })), "seed"],
      [() => new QMCSampler(typo({ qmcTyp: "sobol" })), "qmcType"],
      [() => new GridSampler(typo({ searchSpace: { x: [1] }, sede: 2 })), "seed"],
    ];
    for (const [build, near] of cases) {
      const e = thrown(build);
      expect((e as Error).message).toContain(`Did you mean "${near}"?`);
      expect(e).toBeInstanceOf(InvalidArgumentError);
    }
  });

  it("are refused by every pruner", () => {
    const builds: (() => unknown)[] = [
      () => new MedianPruner(typo({ nWarmupStep: 1 })),
      () => new PercentilePruner(typo({ percentile: 25, nWarmupStep: 1 })),
      () => new HyperbandPruner(typo({ nWarmupStep: 1 })),
      () => new SuccessiveHalvingPruner(typo({ nWarmupStep: 1 })),
      () => new ThresholdPruner(typo({ upper: 1, nWarmupStep: 1 })),
      () => new WilcoxonPruner(typo({ nWarmupStep: 1 })),
      () => new PatientPruner(typo({ wrapped: null, patience: 1, nWarmupStep: 1 })),
    ];
    for (const build of builds) expectUnknown(thrown(build), "nWarmupStep", null);
    expectUnknown(
      thrown(() => new MedianPruner(typo({ percentile: 25 }))),
      "percentile",
      null,
    );
  });

  it("are refused by the storages", async () => {
    expectUnknown(
      thrown(() => new MemoryStorage(typo({ clok: Date.now }))),
      "clok",
      "clock",
    );
    expectUnknown(
      await rejection(SqliteDialect.open(typo({ path: ":memory:", readOnly: true }))),
      "readOnly",
      "readonly",
    );
    expectUnknown(
      await rejection(PostgresDialect.open(typo({ url: "postgres://x@127.0.0.1/db", poolsize: 2 }))),
      "poolsize",
      "poolSize",
    );
  });

  it("are refused by createStudy, loadStudy, listStudies, deleteStudy, optimize, runWorker, ask, enqueueTrial, suggest* and exportStudy", async () => {
    const storage = new MemoryStorage();
    expectUnknown(await rejection(createStudy(typo({ directon: "maximize" }))), "directon", "direction");
    const study = await createStudy({ studyName: "s", storage });
    expectUnknown(await rejection(listStudies(typo({ storage, verbose: true }))), "verbose", null);
    expectUnknown(
      await rejection(deleteStudy(typo({ studyName: "s", storage, force: true }))),
      "force",
      null,
    );
    expectUnknown(
      await rejection(loadStudy(typo({ studyName: "s", storage, sampeler: null }))),
      "sampeler",
      "sampler",
    );
    expectUnknown(await rejection(study.optimize(() => 0, typo({ ntrials: 5 }))), "ntrials", "nTrials");
    expectUnknown(
      await rejection(runWorker(typo({ studyName: "s", storage, objective: () => 0, ntrials: 5 }))),
      "ntrials",
      "nTrials",
    );
    expectUnknown(await rejection(study.ask(typo({ distribution: {} }))), "distribution", "distributions");
    expectUnknown(
      await rejection(study.enqueueTrial({ x: 1 }, typo({ skipIfExist: true }))),
      "skipIfExist",
      "skipIfExists",
    );
    const trial = await study.ask();
    trial.suggestFloat("x", 0, 1);
    // Also after the same distribution was suggested once (a shortcut skips rebuilding it).
    expectUnknown(
      thrown(() => trial.suggestFloat("x", 0, 1, typo({ lg: true }))),
      "lg",
      "log",
    );
    expectUnknown(
      thrown(() => trial.suggestInt("n", 1, 8, typo({ stp: 2 }))),
      "stp",
      "step",
    );
    await study.tell(trial, 0);
    expect(study.trials).toHaveLength(1);
    expectUnknown(await rejection(exportStudy(typo({ study, format: "csv", state: [] }))), "state", "states");
  });

  it("are ignored with a warning in a stored plug-in config (a study written by a newer tunekit opens)", () => {
    const lines = captureLogs("warning");
    const sampler = samplerRegistry.create({ name: "tpe", options: { seed: 3, futureOption: 1 } });
    expect(sampler.seed).toBe(3);
    prunerRegistry.create({ name: "median", options: { nStartupTrials: 2, futureOption: 1 } });
    expect(lines.map((l) => l.message)).toEqual([
      expect.stringContaining('"futureOption" that this version of tunekit does not know'),
      expect.stringContaining('"futureOption" that this version of tunekit does not know'),
    ]);
  });
});
