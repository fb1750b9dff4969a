/**
 * Dashboard server benchmark (issue targets: with 100,000 trials every API response < 300 ms and < 2 MB,
 * the study page's first data within 2 s, the event loop never blocked for long).
 *   npx tsx bench/dashboard.ts [--reuse] [--page N]
 * Builds a 100,000-trial SQLite study in bench/.tmp (10 params, every 10th trial with 20 intermediate
 * values, a twentieth pruned, some failed), starts `startDashboard` on it (the cache reading N trials per
 * page, default the cache's 2,500) and measures: the first /api/studies/:name (first data), the time until
 * the study is fully loaded (its `loading` turns null), the event-loop delay and /api/studies latency
 * during that load, and each endpoint cold and warm once loaded.
 */
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { startDashboard } from "../src/dashboard/server/index.js";
import { type Distribution, IMPORTANCE_EVALUATOR_NAMES, openStorage, setVerbosity } from "../src/index.js";

setVerbosity("warning");
const N = 100_000;
const DIR = join(import.meta.dirname, ".tmp");
const PATH = join(DIR, "dashboard.db");
const URL_ = `sqlite:${PATH}`;
const NAME = "big study/100k";

const FLOAT: Distribution = { type: "float", low: -10, high: 10, log: false, step: null };
const DISTRIBUTIONS: Record<string, Distribution> = {
  ...Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`x${i}`, FLOAT])),
  layers: { type: "int", low: 1, high: 8, log: false, step: 1 },
  optimizer: { type: "categorical", choices: ["adam", "sgd", "rmsprop"] },
};

/** A deterministic pseudo-random stream (the benchmark's data, not a sampler). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

async function build(): Promise<number> {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  const storage = await openStorage(URL_);
  const study = await storage.createStudy({ name: NAME, directions: ["minimize"] });
  const rand = lcg(1);
  const start = performance.now();
  const BATCH = 200;
  for (let n = 0; n < N; n += BATCH) {
    const writes = [];
    for (let k = n; k < Math.min(N, n + BATCH); k++) {
      const params: Record<string, number | string> = {};
      let value = 0;
      for (let i = 0; i < 8; i++) {
        const x = rand() * 20 - 10;
        params[`x${i}`] = x;
        value += x * x;
      }
      params.layers = 1 + Math.floor(rand() * 8);
      params.optimizer = ["adam", "sgd", "rmsprop"][Math.floor(rand() * 3)] as string;
      const curve = k % 10 === 0;
      const intermediateValues: Record<number, number> = {};
      if (curve) for (let s = 0; s < 20; s++) intermediateValues[s] = value * (1 + 2 / (s + 1));
      const state = k % 997 === 1 ? "FAIL" : curve && k % 20 === 0 ? "PRUNED" : "COMPLETE";
      writes.push(
        storage.createTrial(study.studyId, {
          state,
          values: state === "COMPLETE" ? [value] : null,
          params,
          distributions: DISTRIBUTIONS,
          intermediateValues,
          ...(state === "FAIL" ? { failReason: { code: "exception", message: "synthetic failure" } } : {}),
        }),
      );
    }
    await Promise.all(writes);
  }
  const seconds = (performance.now() - start) / 1000;
  await storage.close();
  return seconds;
}

async function timed(url: string): Promise<{ ms: number; bytes: number; status: number; text: string }> {
  const t0 = performance.now();
  const res = await fetch(url);
  const body = await res.arrayBuffer();
  const text = Buffer.from(body).toString("utf8");
  if (res.status !== 200) console.error(`${url}: ${res.status} ${text.slice(0, 300)}`);
  return { ms: performance.now() - t0, bytes: body.byteLength, status: res.status, text };
}

type Loading = { loaded: number; total: number } | null;
const loadingOf = (text: string): Loading => (JSON.parse(text) as { loading: Loading }).loading;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function main(): Promise<void> {
  const loadAtStart = loadavg();
  const reuse = process.argv.includes("--reuse") && existsSync(PATH);
  const pageArg = process.argv.indexOf("--page");
  const pageSize = pageArg < 0 ? undefined : Number(process.argv[pageArg + 1]);
  const buildSeconds = reuse ? null : await build();
  if (buildSeconds !== null)
    console.log(`built ${N} trials in ${buildSeconds.toFixed(1)} s (createTrial, 200 in flight)`);

  // What a first load would cost on the main thread: one getTrialsSince(0) over the whole study.
  // Not the ro URL: storages are shared per URL in a process, and this one is closed below.
  const direct = await openStorage(URL_);
  const record = await direct.getStudy(NAME);
  const d0 = performance.now();
  const all = await direct.getTrialsSince(record?.studyId ?? 0, 0);
  const directMs = performance.now() - d0;
  const p0 = performance.now();
  const firstPage = await direct.getTrialsSince(record?.studyId ?? 0, 0, { limit: pageSize ?? 2500 });
  const pageMs = performance.now() - p0;
  const l0 = performance.now();
  await direct.listStudies();
  const listMs = performance.now() - l0;
  await direct.close();
  console.log(
    `in-process getTrialsSince(0): ${directMs.toFixed(0)} ms blocking for ${all.trials.length} trials; first page of ${firstPage.trials.length}: ${pageMs.toFixed(0)} ms; listStudies ${listMs.toFixed(0)} ms`,
  );

  const options = { storageUrl: URL_, port: 0, ...(pageSize === undefined ? {} : { cache: { pageSize } }) };
  const studyPath = `api/studies/${encodeURIComponent(NAME)}`;
  // A study page opened straight after the server starts: the worker starts, lists and reads a page.
  const fresh = await startDashboard(options);
  const coldFirst = await timed(`${fresh.url}${studyPath}`);
  await fresh.close();

  const server = await startDashboard(options);
  const base = server.url;
  const study = `${base}${studyPath}`;
  const cold: Record<string, { ms: number; bytes: number }> = {};
  cold.studies = await timed(`${base}api/studies`);
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  // /api/studies polled while the big study loads: the server must keep answering.
  const during: number[] = [];
  let loading = true;
  const poller = (async () => {
    while (loading) {
      during.push((await timed(`${base}api/studies`)).ms);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const t0 = performance.now();
  const first = await timed(study);
  cold.study = first;
  const firstLoading = loadingOf(first.text);
  // The study page while the rest loads: polled every 100 ms until `loading` is null.
  const studyDuring: number[] = [];
  let progress = firstLoading;
  while (progress !== null) {
    await new Promise((r) => setTimeout(r, 100));
    const r = await timed(study);
    studyDuring.push(r.ms);
    progress = loadingOf(r.text);
  }
  const fullMs = performance.now() - t0;
  loading = false;
  await poller;
  delay.disable();
  const coldMaxDelay = delay.max / 1e6;

  const endpoints: Record<string, string> = {
    "GET /api/studies": `${base}api/studies`,
    "GET /api/studies/:name": study,
    "trials (page 1, by number)": `${study}/trials?limit=100`,
    "trials (sort value:0 desc, limit 500)": `${study}/trials?sort=value:0&order=desc&limit=500`,
    "trials (sort param:x3, filter x0∈[0,5] + optimizer∈{adam}, COMPLETE)": `${study}/trials?state=COMPLETE&sort=param:x3&filter=${encodeURIComponent(JSON.stringify({ params: { x0: { min: 0, max: 5 }, optimizer: { in: ["adam"] } } }))}`,
    "trial detail": `${study}/trials/12345`,
    "plots/history": `${study}/plots/history`,
    "plots/intermediate": `${study}/plots/intermediate`,
    "plots/parallel": `${study}/plots/parallel`,
    "plots/slice?param=x0": `${study}/plots/slice?param=x0`,
    "plots/contour?x=x0&y=x1": `${study}/plots/contour?x=x0&y=x1`,
    "plots/contour?x=x0&y=optimizer": `${study}/plots/contour?x=x0&y=optimizer`,
    "plots/edf": `${study}/plots/edf`,
    "plots/timeline": `${study}/plots/timeline`,
    // Cold: computed on the capped sample; warm: the cached answer (the trial count has not moved).
    ...Object.fromEntries(
      IMPORTANCE_EVALUATOR_NAMES.map((e) => [
        `importance?evaluator=${e}`,
        `${study}/importance?evaluator=${e}`,
      ]),
    ),
  };
  const rows: string[] = [];
  const warmDelay = monitorEventLoopDelay({ resolution: 10 });
  warmDelay.enable();
  for (const [name, url] of Object.entries(endpoints)) {
    const first = await timed(url);
    const times: number[] = [];
    for (let r = 0; r < 5; r++) times.push((await timed(url)).ms);
    rows.push(
      `| ${name} | ${first.ms.toFixed(0)} | ${median(times).toFixed(1)} | ${(first.bytes / 1024).toFixed(0)} KB | ${first.status} |`,
    );
  }
  warmDelay.disable();
  await server.close();

  console.log(
    `cold: first /api/studies ${cold.studies?.ms.toFixed(0)} ms; first /api/studies/:name ${cold.study?.ms.toFixed(0)} ms (loading ${JSON.stringify(firstLoading)}); fully loaded after ${fullMs.toFixed(0)} ms`,
  );
  console.log(
    `/api/studies/:name as the very first request of a fresh server: ${coldFirst.ms.toFixed(0)} ms (loading ${JSON.stringify(loadingOf(coldFirst.text))})`,
  );
  console.log(
    `/api/studies/:name during the load: ${studyDuring.length} requests, max ${Math.max(0, ...studyDuring).toFixed(0)} ms, median ${(studyDuring.length === 0 ? 0 : median(studyDuring)).toFixed(0)} ms`,
  );
  console.log(
    `/api/studies during the load: ${during.length} requests, max ${Math.max(...during).toFixed(0)} ms, median ${median(during).toFixed(0)} ms`,
  );
  console.log(
    `event-loop delay: max ${coldMaxDelay.toFixed(0)} ms while the study loads; max ${(warmDelay.max / 1e6).toFixed(0)} ms over the endpoint runs`,
  );
  const loadAtEnd = loadavg();
  const fmt = (l: number[]) => l.map((x) => x.toFixed(2)).join(" / ");
  console.log(`load average (1/5/15 min): ${fmt(loadAtStart)} at start, ${fmt(loadAtEnd)} at end`);
  console.log("| endpoint | first (ms) | warm median of 5 (ms) | size | status |");
  console.log("|---|---|---|---|---|");
  for (const r of rows) console.log(r);
}

await main();
