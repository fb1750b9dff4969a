import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { createStudy, SuccessiveHalvingPruner, setVerbosity } from "../../src/index.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const run = promisify(execFile);

type Entry = [number, number];

/** The rule, restated: continue when fewer than max(1, ⌊n/η⌋) earlier arrivals are strictly better. */
function promoted(prefix: readonly Entry[], eta: number): boolean {
  const own = (prefix[prefix.length - 1] as Entry)[1];
  const better = prefix.slice(0, -1).filter(([, v]) => v < own).length;
  return better < Math.max(1, Math.floor(prefix.length / eta));
}

it("2 processes × 2 concurrent trials share successive-halving rungs on one SQLite study", async () => {
  setVerbosity("silent");
  const url = `sqlite:${join(mkdtempSync(join(tmpdir(), "tunekit-sh-")), "sh.db")}`;
  const study = await createStudy({
    studyName: "sh",
    storage: url,
    pruner: new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 3 }),
  });
  const outputs = await Promise.all(
    [1, 2].map((seed) =>
      run(
        process.execPath,
        ["--import", "tsx", resolve(HERE, "fixtures/sh-worker.ts"), url, "sh", "30", String(seed)],
        { cwd: resolve(HERE, "../..") },
      ),
    ),
  );
  for (const { stdout, stderr } of outputs) {
    expect(stderr).not.toMatch(/locked|busy/i);
    expect(JSON.parse(stdout.trim().split("\n").at(-1) as string)).toMatchObject({
      stopReason: "nTrials",
      trialsRun: 30,
      failed: 0,
      pruner: "successive-halving",
    });
  }
  const trials = await study.getTrials();
  expect(trials).toHaveLength(60);
  expect(new Set(trials.map((t) => t.workerId)).size).toBe(2);
  expect(trials.filter((t) => t.state === "PRUNED").length).toBeGreaterThan(20);

  const decisions = new Map<number, boolean[]>();
  const workersAtRung0 = new Set<string | null>();
  for (const step of [1, 3, 9]) {
    const record = await study.storage.getState(study.studyId, `successive-halving[0]@${step}`);
    const entries = ((record?.value as { entries: Entry[] } | undefined)?.entries ?? []) as Entry[];
    expect(new Set(entries.map((e) => e[0])).size).toBe(entries.length);
    entries.forEach(([number, value], i) => {
      expect(value).toBe(trials[number]?.intermediateValues[step]);
      if (step === 1) workersAtRung0.add(trials[number]?.workerId ?? null);
      decisions.set(number, [...(decisions.get(number) ?? []), promoted(entries.slice(0, i + 1), 3)]);
    });
  }
  // Both processes' trials compete in one rung, and every trial reached it.
  expect(workersAtRung0.size).toBe(2);
  expect(decisions.size).toBe(60);
  for (const t of trials) {
    const list = decisions.get(t.number) ?? [];
    expect(list.slice(0, -1).every(Boolean), `trial ${t.number}`).toBe(true);
    expect(list.at(-1), `trial ${t.number} (${t.state})`).toBe(t.state === "COMPLETE");
  }
});
