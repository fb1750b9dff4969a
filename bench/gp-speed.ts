/**
 * GPSampler speed benchmark (issue 9): the sampler's time per trial — `await study.ask()` plus every
 * `suggest*` of the trial, `tell` excluded — after 50, 100, 200 and 500 finished trials of 2, 6 and 20
 * float parameters.
 *   npx tsx bench/gp-speed.ts                        all cases
 *   npx tsx bench/gp-speed.ts 100 6                  one history size and dimension
 *   npx tsx bench/gp-speed.ts --baseline /tmp/old    the same, against another checkout, interleaved
 * The history is written straight to the storage (a shifted sphere over uniform points), then `timed`
 * trials are asked, suggested and told in a row: the first GP trial after the synthetic history fits its
 * hyperparameters from scratch (no earlier fit to warm-start from), so it is reported apart ("cold"),
 * and the median and mean wall time of the following (warm-started) trials are printed, with the median
 * CPU time of this process (less disturbed by other jobs on a shared machine). A 40-trial GP study runs
 * first so the timings see JIT-compiled code, as trial 50 of a real run would.
 *
 * `--baseline DIR` loads a second copy of tunekit from DIR (a checkout with the same layout, e.g.
 * `git archive HEAD | tar -x -C /tmp/old` plus a `node_modules` link) and runs its trials alternately
 * with this checkout's, so both see the same machine load; the ratio is this checkout's median over the
 * baseline's. Copy the lines into bench/RESULTS.md.
 */
import { cpus, loadavg, totalmem } from "node:os";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type * as Tunekit from "../src/index.js";

type Lib = typeof Tunekit;

/** One study with a synthetic history: each `next()` times one trial (ask + suggests) and tells it. */
interface Runner {
  next(): Promise<{ wall: number; cpu: number }>;
}

async function prepare(lib: Lib, history: number, dims: number): Promise<Runner> {
  const FLOAT: Tunekit.Distribution = { type: "float", low: -5, high: 5, log: false, step: null };
  const storage = new lib.MemoryStorage();
  const study = await lib.createStudy({ storage, sampler: new lib.GPSampler({ seed: 1 }) });
  const names = Array.from({ length: dims }, (_, i) => `x${i}`);
  const distributions = Object.fromEntries(names.map((n) => [n, FLOAT]));
  const rng = new lib.Rng(2);
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
  return {
    async next() {
      const cpu0 = process.cpuUsage();
      const start = performance.now();
      const trial = await study.ask();
      const values = names.map((n) => trial.suggestFloat(n, -5, 5));
      const wall = performance.now() - start;
      const used = process.cpuUsage(cpu0);
      await study.tell(trial, objective(values));
      return { wall, cpu: (used.user + used.system) / 1000 };
    },
  };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

/** A short GP run, so the hot loops are compiled before anything is timed. */
async function warmUp(lib: Lib): Promise<void> {
  lib.setVerbosity("warning");
  const study = await lib.createStudy({ sampler: new lib.GPSampler({ seed: 0 }) });
  await study.optimize(
    (t) =>
      Array.from({ length: 4 }, (_, i) => (t.suggestFloat(`x${i}`, -5, 5) - 1) ** 2).reduce((a, b) => a + b),
    { nTrials: 40 },
  );
}

function summary(times: readonly { wall: number; cpu: number }[]): string {
  const warm = times.slice(1);
  const walls = warm.map((t) => t.wall);
  const mean = walls.reduce((a, b) => a + b, 0) / walls.length;
  return `${median(walls).toFixed(1)} ms/trial median, ${mean.toFixed(1)} mean, cpu ${median(warm.map((t) => t.cpu)).toFixed(1)} median of ${warm.length} (first, cold fit: ${(times[0]?.wall ?? 0).toFixed(0)} ms)`;
}

const args = process.argv.slice(2);
const at = args.indexOf("--baseline");
const baselineDir = at >= 0 ? args[at + 1] : undefined;
const [onlyHistory, onlyDims] = (at >= 0 ? args.slice(0, at) : args).map(Number);
const current: Lib = await import("../src/index.js");
const baseline: Lib | null =
  baselineDir === undefined ? null : await import(pathToFileURL(resolve(baselineDir, "src/index.js")).href);
await warmUp(current);
if (baseline !== null) await warmUp(baseline);
console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, ${new Date().toISOString().slice(0, 16)}, load ${loadavg()[0]?.toFixed(1)}`,
);
for (const history of onlyHistory ? [onlyHistory] : [50, 100, 200, 500]) {
  for (const dims of onlyDims ? [onlyDims] : [2, 6, 20]) {
    const timed = history >= 500 ? 6 : 15;
    const mine = await prepare(current, history, dims);
    const theirs = baseline === null ? null : await prepare(baseline, history, dims);
    const a: { wall: number; cpu: number }[] = [];
    const b: { wall: number; cpu: number }[] = [];
    for (let i = 0; i < timed + 1; i++) {
      // Alternate which goes first, so neither always runs right after the other's garbage.
      if (theirs !== null && i % 2 === 0) b.push(await theirs.next());
      a.push(await mine.next());
      if (theirs !== null && i % 2 === 1) b.push(await theirs.next());
    }
    const label = `${history} trials × ${dims} params`;
    if (theirs === null) {
      console.log(`${label}: ${summary(a)}`);
    } else {
      const ratio = median(a.slice(1).map((t) => t.wall)) / median(b.slice(1).map((t) => t.wall));
      console.log(
        `${label}: ${summary(a)}; baseline ${summary(b)}; ratio ${ratio.toFixed(2)} (load ${loadavg()[0]?.toFixed(1)})`,
      );
    }
  }
}
