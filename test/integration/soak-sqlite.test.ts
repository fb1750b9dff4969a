import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { type Study, setVerbosity } from "../../src/index.js";
import {
  checkSoak,
  createSoakStudy,
  finishedCount,
  runWithKills,
  SOAK_LEASE,
  SOAK_RETRIES,
  type SoakWorker,
} from "./soak/soak-harness.js";

setVerbosity("silent");
const lease = SOAK_LEASE;

/**
 * SIGSTOPs `worker` while it runs a trial, for longer than its lease, then resumes it; returns the
 * trial it held, or null (after resuming it) when it was between trials.
 */
async function stopPastLease(study: Study, worker: SoakWorker): Promise<number | null> {
  const pid = worker.child.pid as number;
  worker.child.kill("SIGSTOP");
  const held = (await study.getTrials({ states: ["RUNNING"] })).find((t) => t.workerId?.includes(`:${pid}:`));
  if (held !== undefined)
    await new Promise((ok) => setTimeout(ok, (lease.graceSeconds + 3 * lease.heartbeatSeconds) * 1000));
  worker.child.kill("SIGCONT");
  return held?.number ?? null;
}

it("soak on SQLite: 4 processes, 1,500 trials, 15 random SIGKILLs and one worker stopped past its lease — nothing lost, duplicated or left RUNNING", async () => {
  const url = `sqlite:${join(mkdtempSync(join(tmpdir(), "tunekit-soak-")), "soak.db")}`;
  const maxTrials = 1500;
  const started = Date.now();
  const study = await createSoakStudy(url, 6);
  let stopped: { pid: number; trial: number } | null = null;
  const run = await runWithKills({
    url,
    studyName: "soak",
    maxTrials,
    workers: 4,
    kills: 15,
    seed: 23,
    progress: finishedCount(study),
    pause: async (worker) => {
      const trial = await stopPastLease(study, worker);
      if (trial !== null) stopped = { pid: worker.child.pid as number, trial };
      return trial !== null;
    },
  });
  const figures = await checkSoak(study, { maxTrials, maxRetries: SOAK_RETRIES });
  console.log(
    `soak sqlite: ${JSON.stringify({ kills: run.kills, restarts: run.restarts, ...figures, seconds: (Date.now() - started) / 1000 })}`,
  );
  expect(run.kills).toBe(15);
  // The stopped worker's trial was taken for lost; its late result was refused, and its retry ran instead.
  expect(stopped).not.toBeNull();
  const { pid, trial } = stopped as unknown as { pid: number; trial: number };
  const trials = await study.getTrials();
  expect(trials[trial]?.state).toBe("STALE");
  expect(trials.filter((t) => t.retryOf === trial)).toHaveLength(1);
  const result = JSON.parse((run.outputs.get(pid) as string).trim().split("\n").at(-1) as string);
  expect(result.lost).toBeGreaterThanOrEqual(1);
}, 180_000);
