/**
 * Throughput of 1, 2, 4 and 8 worker processes on one study (issue: distributed studies), for a 10 ms
 * `await sleep(10)` objective (not CPU-bound) with the random sampler, on SQLite and PostgreSQL.
 *   npx tsx bench/distributed.ts            (PostgreSQL URL: TUNEKIT_BENCH_POSTGRES_URL, default local)
 * TUNEKIT_BENCH_ONLY=postgres skips SQLite; TUNEKIT_BENCH_WORKERS=1,8 picks the worker counts.
 * Throughput is counted from the trials' completion times while all N workers run (see `throughput`),
 * so process start-up is not measured.
 */
import { spawn } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { createStudy, setVerbosity } from "../src/index.js";

setVerbosity("error");
const DIR = join(import.meta.dirname, ".tmp");
const PG = process.env.TUNEKIT_BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const RUN_SECONDS = 14;
/** Worker counts to run, ascending from 1 (the baseline): TUNEKIT_BENCH_WORKERS="1,8", default 1, 2, 4, 8. */
const WORKERS = (process.env.TUNEKIT_BENCH_WORKERS ?? "1,2,4,8").split(",").map(Number);

function runWorker(url: string, studyName: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        join(import.meta.dirname, "distributed-worker.ts"),
        url,
        studyName,
        String(RUN_SECONDS),
      ],
      {
        stdio: ["ignore", "ignore", "inherit"],
      },
    );
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`worker exited ${code}`))));
  });
}

/**
 * Trials per second while every worker runs: from the moment the slowest-starting worker finished its
 * first trial to the moment the first worker stopped (each runs RUN_SECONDS after its own start-up,
 * which under load takes seconds for 8 processes compiling TypeScript), with half a second cut off at
 * each end.
 */
async function throughput(url: string, workers: number): Promise<number> {
  const study = await createStudy({ studyName: `w${workers}`, storage: url });
  await Promise.all(Array.from({ length: workers }, () => runWorker(url, study.studyName)));
  const done = await study.getTrials({ states: ["COMPLETE"] });
  const spans = new Map<string, [number, number]>();
  for (const t of done) {
    const at = t.completedAt as number;
    const span = spans.get(t.workerId as string);
    spans.set(
      t.workerId as string,
      span === undefined ? [at, at] : [Math.min(span[0], at), Math.max(span[1], at)],
    );
  }
  if (spans.size !== workers)
    throw new Error(`expected ${workers} workers in the trials, found ${spans.size}`);
  const from = Math.max(...[...spans.values()].map((s) => s[0])) + 500;
  const to = Math.min(...[...spans.values()].map((s) => s[1])) - 500;
  if (to - from < 4000) throw new Error(`the workers overlapped for only ${to - from} ms; raise RUN_SECONDS`);
  const inWindow = done.filter((t) => (t.completedAt as number) >= from && (t.completedAt as number) < to);
  return inWindow.length / ((to - from) / 1000);
}

async function backend(name: string, url: () => string): Promise<void> {
  const rates: number[] = [];
  for (const n of WORKERS) {
    const rate = await throughput(url(), n);
    rates.push(rate);
    const ideal = (rates[0] as number) * n;
    console.log(
      `${name}: ${n} worker(s): ${rate.toFixed(1)} trials/s (${((100 * rate) / ideal).toFixed(0)}% of ${n}× one worker)`,
    );
  }
}

rmSync(DIR, { recursive: true, force: true });
mkdirSync(DIR, { recursive: true });
let n = 0;
if (process.env.TUNEKIT_BENCH_ONLY !== "postgres")
  await backend("SQLite", () => `sqlite:${join(DIR, `distributed-${++n}.db`)}`);
const schema = `tk_bench_${Date.now().toString(36)}`;
const pgUrl = new URL(PG);
await backend("PostgreSQL", () => {
  pgUrl.searchParams.set("schema", `${schema}_${++n}`);
  return pgUrl.toString();
});
const client = new pg.Client({ connectionString: PG });
await client.connect();
const { rows } = await client.query("SELECT nspname FROM pg_namespace WHERE nspname LIKE $1", [`${schema}%`]);
for (const r of rows) await client.query(`DROP SCHEMA "${r.nspname}" CASCADE`);
await client.end();
rmSync(DIR, { recursive: true, force: true });
