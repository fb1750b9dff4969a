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

it("3 processes × 2 concurrent trials run each of 48 grid points exactly once on one SQLite study", async () => {
  setVerbosity("silent");
  const url = `sqlite:${join(mkdtempSync(join(tmpdir(), "tunekit-grid-")), "grid.db")}`;
  const study = await createStudy({ studyName: "grid", storage: url });
  const outputs = await Promise.all(
    [1, 2, 3].map(() =>
      run(process.execPath, ["--import", "tsx", resolve(HERE, "fixtures/grid-worker.ts"), url, "grid"], {
        cwd: resolve(HERE, "../.."),
      }),
    ),
  );
  for (const { stdout } of outputs)
    expect(JSON.parse(stdout.trim().split("\n").at(-1) as string).stopReason).toBe("exhausted");
  const complete = await study.getTrials({ states: ["COMPLETE"] });
  const points = complete.map((t) => `${t.params.a}/${t.params.b}/${t.params.c}`);
  expect(points).toHaveLength(48);
  expect(new Set(points).size).toBe(48);
  const others = (await study.getTrials()).filter((t) => t.state !== "COMPLETE");
  expect(others.every((t) => t.state === "PRUNED" && Object.keys(t.params).length === 0)).toBe(true);
});
