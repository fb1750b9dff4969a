import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, vi } from "vitest";
import { readProcStat } from "../../../src/cli/process/proc-stat.js";
import {
  startTrialProcess,
  type TrialProcess,
  type TrialProcessOptions,
} from "../../../src/cli/process/trial-process.js";

const HERE = dirname(fileURLToPath(import.meta.url));

/** The path of a fixture script. */
export function fixture(name: string): string {
  return resolve(HERE, "fixtures", name);
}

/** A fresh folder, deleted after the file's tests. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `tunekit-${prefix}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The environment to give a child: this one's, minus undefined values. */
export function baseEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined),
  );
}

/** Whether the pid names a process that still runs code (a zombie waiting for pid 1 does not). */
export function isRunning(pid: number): boolean {
  const stat = readProcStat(pid);
  if (stat !== null) return stat.state !== "Z" && stat.state !== "X";
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Waits until the pid is gone altogether: signal 0 fails with ESRCH. An orphan lingers as a zombie until
 * pid 1 reaps it, which some container inits do only every few seconds.
 */
export async function expectGone(pid: number): Promise<void> {
  await vi.waitFor(
    () => expect(() => process.kill(pid, 0)).toThrow(expect.objectContaining({ code: "ESRCH" })),
    {
      timeout: 15_000,
      interval: 100,
    },
  );
}

/** Starts a fixture that prints "ready" once set up, and waits for that line. */
export async function startReady(
  options: TrialProcessOptions,
): Promise<{ proc: TrialProcess; lines: string[] }> {
  const lines: string[] = [];
  let ready: () => void = () => undefined;
  const isReady = new Promise<void>((r) => {
    ready = r;
  });
  const proc = startTrialProcess({
    ...options,
    onLine: (line, stream) => {
      lines.push(`${stream}: ${line}`);
      if (line === "ready") ready();
    },
  });
  await Promise.race([
    isReady,
    proc.exited.then((info) =>
      Promise.reject(new Error(`exited early: ${JSON.stringify(info)} ${lines.join("\n")}`)),
    ),
  ]);
  return { proc, lines };
}
