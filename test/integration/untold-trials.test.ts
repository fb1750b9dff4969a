import { execFile } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const HERE = dirname(fileURLToPath(import.meta.url));

it("a process that exits normally leaves no trial RUNNING: untold trials become FAIL interrupted", async () => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--import", "tsx", resolve(HERE, "fixtures/untold-trial.ts")],
    {
      cwd: resolve(HERE, "../.."),
    },
  );
  expect(JSON.parse(stdout.trim())).toEqual({ state: "FAIL", code: "interrupted" });
});
