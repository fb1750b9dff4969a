import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { createStudy, loadStudy, samplerRegistry, setVerbosity } from "../../src/index.js";
import { EVOLUTION_CONFIG, evolutionObjective } from "./fixtures/evolution-objective.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const run = promisify(execFile);

function worker(...args: string[]) {
  return run(process.execPath, ["--import", "tsx", resolve(HERE, "fixtures/evolution-worker.ts"), ...args], {
    cwd: resolve(HERE, "../.."),
  });
}

it("evolution: a run split over two processes on SQLite, the second a runWorker rebuilding the sampler from the stored config, gives the in-process run's parameters", async () => {
  setVerbosity("silent");
  const local = await createStudy({ sampler: samplerRegistry.create(EVOLUTION_CONFIG) });
  await local.optimize(evolutionObjective, { nTrials: 24 });
  const url = `sqlite:${join(mkdtempSync(join(tmpdir(), "tunekit-evolution-")), "evo.db")}`;
  // 12 trials: the 6 random ones and 6 bred, then the worker breeds 12 more from the stored trials.
  await worker("create", url, "evo", "12");
  await worker("worker", url, "evo", "12");
  const stored = await loadStudy({ studyName: "evo", storage: url });
  expect(stored.sampler.toJSON()).toEqual({
    name: "evolution",
    options: { populationSize: 6, sampleSize: 2, mutationScale: 0.1, seed: 7 },
  });
  const trials = await stored.getTrials();
  expect(trials.map((t) => t.params)).toEqual(local.trials.map((t) => t.params));
});
