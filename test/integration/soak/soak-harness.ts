import { type ChildProcess, spawn } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { createStudy, type FrozenTrial, RandomSampler, type Study } from "../../../src/index.js";
import { lcg } from "../../helpers.js";

/** The soak tests' lease: a heartbeat every second, a worker silent for 4 s is taken for dead. */
export const SOAK_LEASE = Object.freeze({ heartbeatSeconds: 1, graceSeconds: 4 });
/** Retries of a lost trial's params the soak studies allow. */
export const SOAK_RETRIES = 3;

/** The soak study "soak" at `url`: a seeded random sampler, {@link SOAK_LEASE}, {@link SOAK_RETRIES}. */
export function createSoakStudy(url: string, seed: number): Promise<Study> {
  return createStudy({
    studyName: "soak",
    storage: url,
    sampler: new RandomSampler({ seed }),
    lease: SOAK_LEASE,
    retry: { maxRetries: SOAK_RETRIES },
  });
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const WORKER = resolve(ROOT, "test/integration/fixtures/soak-worker.ts");

/** A worker process of a soak run. */
export interface SoakWorker {
  readonly child: ChildProcess;
  /** Whether it has started running trials (it printed "busy"). */
  readonly busy: () => boolean;
  readonly exited: Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>;
}

/** Starts one soak worker on `url`. */
export function startWorker(url: string, studyName: string, maxTrials: number): SoakWorker {
  const child = spawn(process.execPath, ["--import", "tsx", WORKER, url, studyName, String(maxTrials)], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>(
    (ok) => child.once("exit", (code, signal) => ok({ code, signal, stdout, stderr })),
  );
  return { child, exited, busy: () => stdout.startsWith("busy") };
}

/** What a soak run did, for the assertions and bench/RESULTS.md. */
export interface SoakFigures {
  kills: number;
  restarts: number;
  trials: number;
  counted: number;
  stale: number;
  retried: number;
  forbidden: number;
  duplicated: number;
  empty: number;
  running: number;
  seconds: number;
}

/**
 * Keeps `workers` processes on the study, SIGKILLing a random busy one (seeded) at moments spread over
 * the whole run, by the study's progress (the last kill with about 5 % of the trials left, so the last
 * live workers must reap the killed one's trial), restarting each killed one; then waits for every
 * worker to exit on its own.
 * `pause`, if given, is called with a busy worker to do something else to it (SIGSTOP, say) until it
 * returns true; that worker is then never killed, and its output is in `outputs` under its pid.
 */
export async function runWithKills(args: {
  readonly url: string;
  readonly studyName: string;
  readonly maxTrials: number;
  readonly workers: number;
  readonly kills: number;
  readonly seed: number;
  /** Trials of the study finished so far. */
  readonly progress: () => Promise<number>;
  readonly pause?: (worker: SoakWorker) => Promise<boolean>;
}): Promise<{ kills: number; restarts: number; outputs: Map<number, string> }> {
  const random = lcg(args.seed);
  const live = new Set<SoakWorker>();
  const outputs = new Map<number, string>();
  const spared = new Set<SoakWorker>();
  const failures: string[] = [];
  let kills = 0;
  let restarts = 0;
  const keep = (worker: SoakWorker) => {
    live.add(worker);
    void worker.exited.then((end) => {
      live.delete(worker);
      if (end.signal === "SIGKILL") {
        restarts++;
        keep(startWorker(args.url, args.studyName, args.maxTrials));
      } else {
        if (end.code === 0) outputs.set(worker.child.pid as number, end.stdout);
        else failures.push(`exit ${end.code} ${end.signal ?? ""}: ${end.stderr}`);
      }
    });
  };
  for (let i = 0; i < args.workers; i++) keep(startWorker(args.url, args.studyName, args.maxTrials));
  let paused = args.pause === undefined;
  // A pause comes first: before the kills, at about a third of the run.
  while (!paused && live.size > 0) {
    await new Promise((ok) => setTimeout(ok, 100));
    const busy = [...live].filter((w) => w.busy());
    if (busy.length === 0 || (await args.progress()) < args.maxTrials / 3) continue;
    const worker = busy[Math.floor(random() * busy.length)] as SoakWorker;
    // Once paused, that worker is spared the kills, so its own result can be read.
    paused = await (args.pause as (w: SoakWorker) => Promise<boolean>)(worker);
    if (paused) spared.add(worker);
  }
  while (kills < args.kills && live.size > 0) {
    const due = args.maxTrials * (0.05 + (0.9 * kills) / Math.max(1, args.kills - 1));
    await new Promise((ok) => setTimeout(ok, 20 + random() * 40));
    if ((await args.progress()) < due) continue;
    const candidates = [...live].filter((w) => w.busy() && !spared.has(w));
    if (candidates.length === 0) continue;
    const victim = candidates[Math.floor(random() * candidates.length)] as SoakWorker;
    // A worker that has just finished on its own is not a kill: count only deaths by the signal.
    if (victim.child.kill("SIGKILL") && (await victim.exited).signal === "SIGKILL") kills++;
  }
  // A killed worker's restart joins `live` in its exit handler, which runs before this loop looks again.
  while (live.size > 0) await Promise.race([...live].map((w) => w.exited));
  expect(failures).toEqual([]);
  return { kills, restarts, outputs };
}

/**
 * The soak tests' invariants over the stored study, returning its figures: COMPLETE + PRUNED +
 * non-forbidden FAIL = maxTrials, numbers dense, no trial left RUNNING or WAITING, every finished trial
 * with its params (and, when COMPLETE, its three reports and its user attribute), every STALE trial with
 * exactly one retry unless its chain reached maxRetries, and no chain completed twice.
 */
export async function checkSoak(
  study: Study,
  args: { readonly maxTrials: number; readonly maxRetries: number },
): Promise<Omit<SoakFigures, "kills" | "restarts" | "seconds">> {
  const trials = await study.getTrials();
  const byNumber = new Map(trials.map((t) => [t.number, t]));
  const forbidden = trials.filter((t) => t.state === "FAIL" && t.failReason?.code === "forbidden");
  const counted = trials.filter(
    (t) =>
      t.state === "COMPLETE" ||
      t.state === "PRUNED" ||
      (t.state === "FAIL" && t.failReason?.code !== "forbidden"),
  );
  const finished = trials.filter(
    (t) => t.state !== "RUNNING" && t.state !== "WAITING" && t.state !== "STALE",
  );
  const empty = finished.filter((t) => Object.keys(t.params).length !== 2);
  const incomplete = trials.filter(
    (t) =>
      t.state === "COMPLETE" &&
      (Object.keys(t.intermediateValues).length !== 3 || t.userAttrs.pid === undefined),
  );
  const stale = trials.filter((t) => t.state === "STALE");
  const successors = (t: FrozenTrial) => trials.filter((s) => s.retryOf === t.number);
  const chainDepth = (t: FrozenTrial): number =>
    t.retryOf === null ? 0 : 1 + chainDepth(byNumber.get(t.retryOf) as FrozenTrial);
  const root = (t: FrozenTrial): number =>
    t.retryOf === null ? t.number : root(byNumber.get(t.retryOf) as FrozenTrial);
  const completions = new Map<number, number>();
  for (const t of trials)
    if (t.state === "COMPLETE") completions.set(root(t), (completions.get(root(t)) ?? 0) + 1);
  const duplicated = [...completions.values()].filter((n) => n > 1).length;
  const figures = {
    trials: trials.length,
    counted: counted.length,
    stale: stale.length,
    retried: trials.filter((t) => t.retryOf !== null).length,
    forbidden: forbidden.length,
    duplicated,
    empty: empty.length,
    running: trials.filter((t) => t.state === "RUNNING" || t.state === "WAITING").length,
  };
  expect(trials.map((t) => t.number)).toEqual(trials.map((_, i) => i));
  expect(figures.running).toBe(0);
  expect(counted.length).toBe(args.maxTrials);
  expect(empty.map((t) => `${t.number}:${t.state}`)).toEqual([]);
  expect(incomplete.map((t) => t.number)).toEqual([]);
  expect(duplicated).toBe(0);
  for (const t of stale) {
    const expected = chainDepth(t) >= args.maxRetries ? 0 : 1;
    expect([t.number, successors(t).length]).toEqual([t.number, expected]);
  }
  return figures;
}

/** The `progress` of {@link runWithKills}: the study's COMPLETE, PRUNED and FAIL trials. */
export function finishedCount(study: Study): () => Promise<number> {
  return async () => (await study.getTrials({ states: ["COMPLETE", "PRUNED", "FAIL"] })).length;
}
