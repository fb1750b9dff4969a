import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { createStudy, type FrozenTrial, type Study, setVerbosity } from "../../src/index.js";
import { dropTestSchemas, postgresAvailable, testSchemaUrl } from "../postgres.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, "../..");
const execFileAsync = promisify(execFile);
setVerbosity("silent");

/** Runs the lease worker; resolves with its exit code, signal and output (a killed worker does not throw). */
async function worker(
  args: string[],
): Promise<{ code: number | null; signal: string | null; stdout: string }> {
  try {
    const { stdout } = await execFileAsync(
      process.execPath,
      ["--import", "tsx", resolve(HERE, "fixtures/lease-worker.ts"), ...args],
      {
        cwd: ROOT,
      },
    );
    return { code: 0, signal: null, stdout };
  } catch (error) {
    const e = error as { code: number | null; signal: string | null; stdout: string; stderr: string };
    if (e.signal === "SIGKILL") return { code: null, signal: e.signal, stdout: e.stdout };
    throw new Error(`worker ${args.join(" ")} failed: ${e.stderr}`);
  }
}

const lastJson = (stdout: string) => JSON.parse(stdout.trim().split("\n").at(-1) as string);

function expectDense(trials: readonly FrozenTrial[]): void {
  expect(trials.map((t) => t.number)).toEqual(trials.map((_, i) => i));
}

const sqliteDir = mkdtempSync(join(tmpdir(), "tunekit-leases-"));
let files = 0;
const backends: { name: string; url: () => string }[] = [
  { name: "sqlite", url: () => `sqlite:${join(sqliteDir, `s${++files}.db`)}` },
];
if (await postgresAvailable()) backends.push({ name: "postgres", url: () => testSchemaUrl("lease") });

afterAll(async () => {
  if (backends.length > 1) await dropTestSchemas();
});

for (const backend of backends) {
  describe(`distributed workers on ${backend.name}`, () => {
    it("8 processes calling createStudy({ loadIfExists }) at once create exactly one study", async () => {
      const url = backend.url();
      const outputs = await Promise.all(Array.from({ length: 8 }, () => worker(["create", url, "race"])));
      const ids = new Set(outputs.map((o) => lastJson(o.stdout).studyId));
      expect(ids.size).toBe(1);
    });

    it("an objective blocking the event loop for 3× the heartbeat keeps its lease and completes", async () => {
      const url = backend.url();
      const study = await createStudy({
        studyName: "block",
        storage: url,
        lease: { heartbeatSeconds: 1, graceSeconds: 2 },
      });
      const [blocked, reaper] = await Promise.all([
        worker(["block", url, "block", "3000"]),
        worker(["reap", url, "block", "4500", "0"]),
      ]);
      expect(lastJson(blocked.stdout)).toMatchObject({ completed: 1, lost: 0 });
      expect(lastJson(reaper.stdout)).toEqual({ reaped: 0 });
      const trials = await study.getTrials();
      expect(trials.map((t) => t.state)).toEqual(["COMPLETE"]);
    });

    it("20 SIGKILLed workers lose nothing: stale trials are retried at most maxRetries times and the study completes", async () => {
      const url = backend.url();
      const maxTrials = 120;
      const maxRetries = 2;
      const study = await createStudy({
        studyName: "faults",
        storage: url,
        lease: { heartbeatSeconds: 1, graceSeconds: 5 },
        retry: { maxRetries },
      });
      const killAt = Array.from({ length: 20 }, (_, i) => 1 + (i % 5));
      const run = async () => {
        while (killAt.length > 0) {
          const k = killAt.shift() as number;
          const result = await worker(["kill", url, "faults", String(maxTrials), String(k)]);
          if (result.signal !== "SIGKILL") return;
        }
      };
      await Promise.all([run(), run(), run(), run()]);
      // Survivors: run until nothing is left RUNNING or WAITING (stale trials need the grace to pass).
      for (let round = 0; round < 10; round++) {
        await Promise.all([
          worker(["max", url, "faults", String(maxTrials)]),
          worker(["max", url, "faults", String(maxTrials)]),
        ]);
        const open = await study.getTrials({ states: ["RUNNING", "WAITING"] });
        if (open.length === 0) break;
        await new Promise((r) => setTimeout(r, 1500));
      }
      const trials = await study.getTrials();
      expectDense(trials);
      expect(trials.every((t) => t.state === "COMPLETE" || t.state === "STALE")).toBe(true);
      expect(trials.filter((t) => t.state === "STALE").length).toBe(20);
      expect(trials.filter((t) => t.state === "COMPLETE").length).toBe(maxTrials);
      expectRetryChains(study, trials, maxRetries);
    }, 240_000);

    if (backend.name === "postgres") {
      it("8 processes with maxTrials 4000 finish exactly 4,000 trials, numbers dense, enqueued ones run once", async () => {
        const url = backend.url();
        const study = await createStudy({ studyName: "many", storage: url });
        for (let i = 0; i < 50; i++) await study.enqueueTrial({ x: 0.25 }, { userAttrs: { enqueued: i } });
        const outputs = await Promise.all(
          Array.from({ length: 8 }, () => worker(["max", url, "many", "4000"])),
        );
        expect(outputs.reduce((n, o) => n + lastJson(o.stdout).trialsRun, 0)).toBe(4000);
        const trials = await study.getTrials();
        expect(trials).toHaveLength(4000);
        expectDense(trials);
        expect(trials.every((t) => t.state === "COMPLETE")).toBe(true);
        const enqueued = trials.map((t) => t.userAttrs.enqueued).filter((v) => v !== undefined);
        expect(enqueued.sort((x, y) => (x as number) - (y as number))).toEqual(
          Array.from({ length: 50 }, (_, i) => i),
        );
      }, 300_000);
    }
  });
}

/** Every retry chain (a trial and its retries, linked by retryOf) completed at most once, within maxRetries. */
function expectRetryChains(_study: Study, trials: readonly FrozenTrial[], maxRetries: number): void {
  const root = (t: FrozenTrial): number =>
    t.retryOf === null ? t.number : root(trials[t.retryOf] as FrozenTrial);
  const chains = new Map<number, FrozenTrial[]>();
  for (const t of trials) chains.set(root(t), [...(chains.get(root(t)) ?? []), t]);
  for (const chain of chains.values()) {
    expect(chain.length).toBeLessThanOrEqual(maxRetries + 1);
    expect(chain.filter((t) => t.state === "COMPLETE").length).toBeLessThanOrEqual(1);
    expect(new Set(chain.map((t) => t.params.x)).size).toBe(1);
    const last = chain.at(-1) as FrozenTrial;
    if (last.state === "STALE") expect(last.systemAttrs.retryCount ?? 0).toBe(maxRetries);
  }
}
