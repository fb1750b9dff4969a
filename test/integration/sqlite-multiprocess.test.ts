import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { createStudy, setVerbosity } from "../../src/index.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const run = promisify(execFile);

it("4 processes × 250 trials on one SQLite study: no lock errors, no trial lost or duplicated, enqueued ones run once", async () => {
  setVerbosity("silent");
  const url = `sqlite:${join(mkdtempSync(join(tmpdir(), "tunekit-mp-")), "shared.db")}`;
  const study = await createStudy({ studyName: "shared", storage: url });
  for (let i = 0; i < 40; i++) await study.enqueueTrial({ x: 0.5 }, { userAttrs: { enqueued: i } });
  const workers = [1, 2, 3, 4].map((seed) =>
    run(
      process.execPath,
      ["--import", "tsx", resolve(HERE, "fixtures/sqlite-worker.ts"), url, "shared", "250", String(seed)],
      {
        cwd: resolve(HERE, "../.."),
      },
    ),
  );
  const outputs = await Promise.all(workers);
  for (const { stdout, stderr } of outputs) {
    expect(stderr).not.toMatch(/locked|busy/i);
    expect(JSON.parse(stdout.trim().split("\n").at(-1) as string)).toMatchObject({
      stopReason: "nTrials",
      trialsRun: 250,
      failed: 0,
    });
  }
  const trials = await study.getTrials();
  expect(trials).toHaveLength(1000);
  expect(trials.map((t) => t.number)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  expect(trials.every((t) => t.state === "COMPLETE" && t.intermediateValues[0] === t.params.x)).toBe(true);
  const enqueued = trials.map((t) => t.userAttrs.enqueued).filter((v) => v !== undefined);
  expect(enqueued.sort((a, b) => (a as number) - (b as number))).toEqual(
    Array.from({ length: 40 }, (_, i) => i),
  );
  expect(new Set(trials.map((t) => t.workerId)).size).toBe(4);
});
