import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
/** The built command (`npm test` builds before the integration suite). */
export const CLI = join(ROOT, "dist", "cli", "main.js");
export const TRIAL_FIXTURE = join(ROOT, "test", "integration", "cli", "fixtures", "trial.mjs");

/** A fresh folder with a SQLite file, a run directory for the orphan registry and pid files. */
export interface Workspace {
  readonly dir: string;
  readonly storage: string;
  readonly env: NodeJS.ProcessEnv;
  readonly pidsDir: string;
  readonly runsDir: string;
  write(name: string, text: string): string;
}

export function workspace(): Workspace {
  const dir = mkdtempSync(join(tmpdir(), "tunekit-cli-"));
  const pidsDir = join(dir, "pids");
  const runsDir = join(dir, "runs");
  mkdirSync(pidsDir);
  mkdirSync(runsDir);
  return {
    dir,
    storage: `sqlite:${join(dir, "t.db")}`,
    pidsDir,
    runsDir,
    env: {
      ...process.env,
      TUNEKIT_STORAGE: `sqlite:${join(dir, "t.db")}`,
      TUNEKIT_RUN_DIR: join(dir, "run-registry"),
      PIDS_DIR: pidsDir,
      RUNS_DIR: runsDir,
      NO_COLOR: "1",
    },
    write(name, text) {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
  };
}

/** The sweep command line running the fixture with node, as a YAML flow list. */
export function fixtureCommand(extra: readonly string[] = []): string {
  return JSON.stringify([process.execPath, TRIAL_FIXTURE, ...extra]);
}

/** A started `tunekit` process with its output collected. */
export interface CliProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<CliResult>;
  stderrSoFar(): string;
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<void>;
}

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Starts the built CLI with node directly (not npx), so signals reach tunekit itself. */
export function startCli(args: readonly string[], ws: Workspace, cwd = ws.dir): CliProcess {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd,
    env: ws.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const waiters = new Set<() => void>();
  child.stdout?.on("data", (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
    for (const w of waiters) w();
  });
  const exited = new Promise<CliResult>((res) => {
    child.on("close", (code, signal) => res({ code, signal, stdout, stderr }));
  });
  return {
    child,
    exited,
    stderrSoFar: () => stderr,
    waitForStderr(pattern, timeoutMs = 60_000) {
      return new Promise((res, rej) => {
        const check = () => {
          if (pattern.test(stderr)) {
            waiters.delete(check);
            clearTimeout(timer);
            res();
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          rej(new Error(`timed out waiting for ${pattern} in stderr:\n${stderr}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}

/** Runs the CLI to its end. */
export function runCli(args: readonly string[], ws: Workspace, cwd = ws.dir): Promise<CliResult> {
  return startCli(args, ws, cwd).exited;
}

/** Whether a process is alive (a zombie waiting to be reaped counts as dead). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/** Waits until `check` holds, polling. */
export async function until(check: () => boolean, timeoutMs = 30_000, what = "condition"): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
