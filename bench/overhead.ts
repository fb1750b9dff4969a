/**
 * Overhead benchmark: the cost of tunekit itself with a trivial objective (issue: core speed targets).
 *   npm run bench            all cases
 * Prints one line per case (median of several runs) and the machine; copy them into bench/RESULTS.md.
 */
import { spawnSync } from "node:child_process";
import { cpus, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { createStudy, RandomSampler, setVerbosity, type Trial } from "../src/index.js";

setVerbosity("warning");

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

async function timeRun(nTrials: number, objective: (t: Trial) => number, seed: number): Promise<number> {
  const study = await createStudy({ sampler: new RandomSampler({ seed }) });
  const start = performance.now();
  await study.optimize(objective, { nTrials });
  return (performance.now() - start) / 1000;
}

const tenFloats = (t: Trial) => {
  let s = 0;
  for (let i = 0; i < 10; i++) s += t.suggestFloat(`x${i}`, -10, 10) ** 2;
  return s;
};

/** The trivial objective of shared/bench/README.md's overhead metric, as Optuna's figures used it. */
const threeParams = (t: Trial) =>
  t.suggestFloat("x", -10, 10) ** 2 +
  Math.log10(t.suggestFloat("y", 1e-3, 1e3, { log: true })) ** 2 +
  (t.suggestInt("n", 1, 10) - 3) ** 2;

async function bench(
  label: string,
  nTrials: number,
  objective: (t: Trial) => number,
  runs: number,
): Promise<void> {
  await timeRun(Math.min(nTrials, 1000), objective, 0); // warm-up: JIT
  const times: number[] = [];
  for (let r = 0; r < runs; r++) times.push(await timeRun(nTrials, objective, r + 1));
  const s = median(times);
  console.log(
    `${label}: ${s.toFixed(3)} s (${((1000 * s) / nTrials).toFixed(4)} ms/trial), median of ${runs}`,
  );
}

if (process.argv[2] === "--memory") {
  const n = Number(process.argv[3]);
  const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
  await study.optimize(tenFloats, { nTrials: n });
  (globalThis as { gc?: () => void }).gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  console.log(
    `memory after ${n} trials (10 float params, in memory): rss ${(rss / 2 ** 20).toFixed(0)} MB, heap ${(heapUsed / 2 ** 20).toFixed(0)} MB`,
  );
} else {
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, ${new Date().toISOString().slice(0, 10)}`,
  );
  await bench("10,000 trials, random, 10 float params, memory", 10_000, tenFloats, 5);
  await bench("1,000 trials, random, x/log-y/int objective, memory", 1_000, threeParams, 5);
  await bench("5,000 trials, random, x/log-y/int objective, memory", 5_000, threeParams, 5);
  const self = fileURLToPath(import.meta.url);
  const child = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", self, "--memory", "100000"], {
    encoding: "utf8",
  });
  process.stdout.write(child.stdout);
  if (child.status !== 0) {
    process.stderr.write(child.stderr);
    process.exit(1);
  }
}
