import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync } from "node:fs";
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

/** Every command-line example's sweep runs with the built `tunekit`, from a copy of its folder. */
describe("command-line examples", () => {
  const sweeps = readdirSync(resolve(ROOT, "examples", "cli"));
  const dir = mkdtempSync(join(tmpdir(), "tunekit-cli-examples-"));

  it("there are command-line examples", () => {
    expect(sweeps.length).toBeGreaterThanOrEqual(2);
  });

  for (const name of sweeps) {
    it(`${name} runs`, async () => {
      const copy = join(dir, name);
      cpSync(resolve(ROOT, "examples", "cli", name), copy, { recursive: true });
      const { stdout } = await run(
        process.execPath,
        [resolve(ROOT, "dist", "cli", "main.js"), "run", join(copy, "sweep.yaml"), "--trials", "6"],
        {
          cwd: dir,
          env: {
            ...process.env,
            TUNEKIT_STORAGE: `sqlite:${join(dir, `${name}.db`)}`,
            TUNEKIT_RUN_DIR: join(dir, "run"),
          },
        },
      );
      expect(stdout).toMatch(/^Best trial \d+: /m);
      expect(stdout).toMatch(/Search budget of study/);
    });
  }
});
