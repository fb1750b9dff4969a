import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadStudy, setVerbosity } from "../../src/index.js";

const HERE = dirname(fileURLToPath(import.meta.url));

/** Starts the script; resolves once both trials run, with the child and its collected output. */
function start(url: string, grace: number) {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", resolve(HERE, "fixtures/interrupted-script.ts"), url, String(grace)],
    { cwd: resolve(HERE, "../.."), stdio: ["ignore", "pipe", "pipe"] },
  );
  const out = { stdout: "", stderr: "" };
  child.stdout.on("data", (d: Buffer) => (out.stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out.stderr += d.toString()));
  const running = new Promise<void>((ok, fail) => {
    child.stdout.on("data", () => out.stdout.includes("running") && ok());
    child.once("exit", () => fail(new Error(`exited before running: ${out.stderr}`)));
  });
  const exited = new Promise<number | null>((ok) => child.once("exit", (code) => ok(code)));
  return { child, out, running, exited };
}

async function trialsOf(url: string) {
  setVerbosity("silent");
  const study = await loadStudy({ studyName: "interrupted", storage: url });
  return study.getTrials();
}

function tempUrl(): string {
  return `sqlite:${join(mkdtempSync(join(tmpdir(), "tunekit-sigint-")), "study.db")}`;
}

describe("Ctrl-C in a library script running optimize", () => {
  it("the first SIGINT stops by the usual rule: running trials end FAIL interrupted with their params, handlers removed", async () => {
    const url = tempUrl();
    const { child, out, running, exited } = start(url, 1);
    await running;
    child.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(out.stderr).toMatch(/SIGINT: stopping/);
    expect(JSON.parse(out.stdout.trim().split("\n").at(-1) as string)).toEqual({
      stopReason: "signal",
      listeners: 0,
    });
    const trials = await trialsOf(url);
    expect(trials).toHaveLength(2);
    for (const t of trials) {
      expect(t.state).toBe("FAIL");
      expect(t.failReason?.code).toBe("interrupted");
      expect(Object.keys(t.params).sort()).toEqual(["kind", "x"]);
    }
  });

  it("a second SIGINT exits at once with 130", async () => {
    const url = tempUrl();
    const { child, running, exited } = start(url, 30);
    await running;
    child.kill("SIGINT");
    await new Promise((ok) => setTimeout(ok, 300));
    const killedAt = Date.now();
    (child as ChildProcess).kill("SIGINT");
    expect(await exited).toBe(130);
    expect(Date.now() - killedAt).toBeLessThan(10_000);
  });
});
