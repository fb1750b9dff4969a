/**
 * TPE speed benchmark (issue 4): the sampler's time per trial — `await study.ask()` plus every
 * `suggest*` of the trial, `tell` excluded — with 100, 1,000 and 10,000 finished trials of 10 and 40
 * float parameters, for the default (multivariate) TPE, its exact mode past 2,000 trials
 * (`approximateAbove: null`) and the univariate TPE.
 *   npx tsx bench/tpe-speed.ts              all cases
 *   npx tsx bench/tpe-speed.ts 1000 10      one history size and dimension
 * The finished trials are written straight to the storage (a sphere objective over uniform points), so
 * building a 10,000-trial history takes a second, not a TPE run. Prints the median over the timed trials
 * (after 20 untimed warm-up asks, 8 at 10,000) and the machine; copy the lines into bench/RESULTS.md.
 */
import { cpus, totalmem } from "node:os";
import {
  createStudy,
  type Distribution,
  MemoryStorage,
  Rng,
  setVerbosity,
  TPESampler,
  type TPESamplerOptions,
} from "../src/index.js";

setVerbosity("warning");

const FLOAT: Distribution = { type: "float", low: -5, high: 5, log: false, step: null };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

/**
 * Milliseconds per trial of ask + suggests over `timed` trials after `history` finished ones. The first
 * `warmup` asks are not timed: in a real study with this many finished trials the sampler's code was
 * JIT-compiled long before, while here the first asks at this history size compile it (~5 ms each).
 */
async function measure(
  history: number,
  dims: number,
  options: TPESamplerOptions,
  timed: number,
  warmup: number,
) {
  const storage = new MemoryStorage();
  const study = await createStudy({ storage, sampler: new TPESampler({ seed: 1, ...options }) });
  const names = Array.from({ length: dims }, (_, i) => `x${i}`);
  const distributions = Object.fromEntries(names.map((n) => [n, FLOAT]));
  const rng = new Rng(2);
  for (let i = 0; i < history; i++) {
    const params: Record<string, number> = {};
    let value = 0;
    for (const n of names) {
      const v = rng.uniform(-5, 5);
      params[n] = v;
      value += v * v;
    }
    await storage.createTrial(study.studyId, { state: "COMPLETE", params, distributions, values: [value] });
  }
  await study.refresh();
  const times: number[] = [];
  for (let i = 0; i < timed + warmup; i++) {
    const start = performance.now();
    const trial = await study.ask();
    let value = 0;
    for (const n of names) value += trial.suggestFloat(n, -5, 5) ** 2;
    const elapsed = performance.now() - start;
    await study.tell(trial, value);
    if (i >= warmup) times.push(elapsed);
  }
  return median(times);
}

const [onlyHistory, onlyDims] = process.argv.slice(2).map(Number);
console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, ${new Date().toISOString().slice(0, 10)}`,
);
const modes: [string, TPESamplerOptions][] = [
  ["multivariate (default)", {}],
  ["multivariate, exact g(x)", { approximateAbove: null }],
  ["univariate", { multivariate: false }],
];
for (const history of onlyHistory ? [onlyHistory] : [100, 1_000, 10_000]) {
  for (const dims of onlyDims ? [onlyDims] : [10, 40]) {
    for (const [label, options] of modes) {
      // Exact and approximate g(x) differ only past 2,000 "above" trials.
      if (options.approximateAbove === null && history < 2_000) continue;
      const timed = history >= 10_000 ? 15 : 40;
      const ms = await measure(history, dims, options, timed, history >= 10_000 ? 8 : 20);
      console.log(
        `${history} trials × ${dims} params, ${label}: ${ms.toFixed(3)} ms/trial (median of ${timed})`,
      );
    }
  }
}
