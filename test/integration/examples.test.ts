import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const run = promisify(execFile);

/** Every example runs to completion in a fresh process, as a user would run it. */
describe("examples", () => {
  const examples = readdirSync(resolve(ROOT, "examples")).filter((f) => f.endsWith(".ts"));
  const dir = mkdtempSync(join(tmpdir(), "tunekit-examples-"));

  it("there are examples", () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  for (const file of examples) {
    it(`${file} runs`, async () => {
      const { stdout } = await run(process.execPath, ["--import", "tsx", resolve(ROOT, "examples", file)], {
        cwd: ROOT,
        env: {
          ...process.env,
          TUNEKIT_DEMO_TRIALS: "12",
          TUNEKIT_STORAGE: `sqlite:${join(dir, `${file}.db`)}`,
        },
      });
      expect(stdout).toMatch(/best/i);
    });
  }
});
