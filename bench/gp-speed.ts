/**
 * GPSampler speed benchmark (issue 9): the sampler's time per trial — `await study.ask()` plus every
 * `suggest*` of the trial, `tell` excluded — after 50, 100, 200 and 500 finished trials of 2, 6 and 20
 * float parameters.
 *   npx tsx bench/gp-speed.ts              all cases
 *   npx tsx bench/gp-speed.ts 100 6        one history size and dimension
 * The history is written straight to the storage (a shifted sphere over uniform points), then `timed`
 * trials are asked, suggested and told in a row: the first GP trial after the synthetic history fits its
 * hyperparameters from scratch (no earlier fit to warm-start from), so it is reported apart ("cold"),
 * and the median and mean of the following (warm-started) trials are printed. A 40-trial GP study runs
 * first so the timings see JIT-compiled code, as trial 50 of a real run would. Copy the lines into
 * bench/RESULTS.md.
 */
import { cpus, totalmem } from "node:os";
import { createStudy, type Distribution, GPSampler, MemoryStorage, Rng, setVerbosity } from "../src/index.js";

setVerbosity("warning");

const FLOAT: Distribution = { type: "float", low: -5, high: 5, log: false, step: null };

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

/** Cold first trial, then median and mean ms per trial of ask + suggests over `timed` warm trials. */
async function measure(history: number, dims: number, timed: number) {
  const storage = new MemoryStorage();
  const study = await createStudy({ storage, sampler: new GPSampler({ seed: 1 }) });
  const names = Array.from({ length: dims }, (_, i) => `x${i}`);
  const distributions = Object.fromEntries(names.map((n) => [n, FLOAT]));
  const rng = new Rng(2);
  const objective = (values: readonly number[]) => values.reduce((s, v, i) => s + (v - 1 + 0.1 * i) ** 2, 0);
  for (let i = 0; i < history; i++) {
    const values = names.map(() => rng.uniform(-5, 5));
    const params = Object.fromEntries(names.map((n, k) => [n, values[k] as number]));
    await storage.createTrial(study.studyId, {
      state: "COMPLETE",
      params,
      distributions,
      values: [objective(values)],
    });
  }
  await study.refresh();
  const times: number[] = [];
  for (let i = 0; i < timed + 1; i++) {
    const start = performance.now();
    const trial = await study.ask();
    const values = names.map((n) => trial.suggestFloat(n, -5, 5));
    times.push(performance.now() - start);
    await study.tell(trial, objective(values));
  }
  const warm = times.slice(1);
  return {
    cold: times[0] as number,
    median: median(warm),
    mean: warm.reduce((a, b) => a + b, 0) / warm.length,
  };
}

/** A short GP run, so the hot loops are compiled before anything is timed. */
async function warmUp(): Promise<void> {
  const study = await createStudy({ sampler: new GPSampler({ seed: 0 }) });
  await study.optimize(
    (t) =>
      Array.from({ length: 4 }, (_, i) => (t.suggestFloat(`x${i}`, -5, 5) - 1) ** 2).reduce((a, b) => a + b),
    { nTrials: 40 },
  );
}

const [onlyHistory, onlyDims] = process.argv.slice(2).map(Number);
await warmUp();
console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, ${new Date().toISOString().slice(0, 10)}`,
);
for (const history of onlyHistory ? [onlyHistory] : [50, 100, 200, 500]) {
  for (const dims of onlyDims ? [onlyDims] : [2, 6, 20]) {
    const timed = history >= 500 ? 6 : 15;
    const r = await measure(history, dims, timed);
    console.log(
      `${history} trials × ${dims} params: ${r.median.toFixed(1)} ms/trial median, ${r.mean.toFixed(1)} mean of ${timed} (first, cold fit: ${r.cold.toFixed(0)} ms)`,
    );
  }
}
