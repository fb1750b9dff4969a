import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { processStartTime } from "../../../src/cli/process/proc-stat.js";
import {
  cleanOrphans,
  type GroupRecord,
  registerGroup,
  registryDir,
  unregisterGroup,
} from "../../../src/cli/process/process-registry.js";
import { startTrialProcess } from "../../../src/cli/process/trial-process.js";
import { baseEnv, fixture, isRunning, startReady, tempDir } from "./helpers.js";

const root = tempDir("registry");
let count = 0;
const groups: ChildProcess[] = [];

/** A fresh registry folder. */
function freshDir(): string {
  const dir = join(root, `run-${count++}`);
  mkdirSync(dir, { mode: 0o700 });
  return dir;
}

/** A `sleep 60` leading its own group, as a trial whose tunekit died would leave behind. */
function sleepingGroup(): ChildProcess & { pid: number } {
  const child = spawn("sleep", ["60"], { detached: true, stdio: "ignore" });
  groups.push(child);
  return child as ChildProcess & { pid: number };
}

function exitOf(child: ChildProcess): Promise<NodeJS.Signals | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.signalCode);
  return new Promise((resolve) => child.once("exit", (_code, signal) => resolve(signal)));
}

/** The pid of a process that has exited (and been reaped). */
function deadPid(): number {
  return spawnSync(process.execPath, ["-e", ""]).pid;
}

function writeRecord(dir: string, record: GroupRecord): string {
  const path = join(dir, `${record.pgid}.json`);
  writeFileSync(path, JSON.stringify(record));
  return path;
}

function recordFor(group: { pid: number }, owner: Partial<GroupRecord>): GroupRecord {
  return {
    pgid: group.pid,
    pid: group.pid,
    ownerPid: deadPid(),
    ownerStart: null,
    leaderStart: processStartTime(group.pid),
    study: "s",
    trialNumber: 3,
    createdAt: Date.now(),
    ...owner,
  };
}

afterEach(async () => {
  for (const child of groups.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await exitOf(child);
    }
  }
});

describe("registerGroup and unregisterGroup", () => {
  it("write and delete <dir>/<pgid>.json with the owner's and the leader's start times", () => {
    const dir = join(freshDir(), "nested", "process-groups");
    const group = sleepingGroup();
    const record = registerGroup({ pgid: group.pid, pid: group.pid, study: "mnist", trialNumber: 7, dir });
    const path = join(dir, `${group.pid}.json`);
    expect(JSON.parse(readFileSync(path, "utf8"))).toEqual(record);
    expect(record).toMatchObject({ ownerPid: process.pid, study: "mnist", trialNumber: 7 });
    expect(record.ownerStart).toBe(processStartTime(process.pid));
    expect(record.leaderStart).toBe(processStartTime(group.pid));
    expect(readdirSync(dir)).toEqual([`${group.pid}.json`]);
    unregisterGroup(group.pid, { dir });
    unregisterGroup(group.pid, { dir });
    expect(existsSync(path)).toBe(false);
  });

  it("refuse pgids 0 and 1", () => {
    expect(() => registerGroup({ pgid: 0, pid: 0, study: "s", trialNumber: 0, dir: freshDir() })).toThrow(
      RangeError,
    );
  });

  it("default to $TUNEKIT_RUN_DIR", () => {
    const saved = process.env.TUNEKIT_RUN_DIR;
    process.env.TUNEKIT_RUN_DIR = join(root, "from-env");
    try {
      expect(registryDir()).toBe(join(root, "from-env"));
    } finally {
      if (saved === undefined) delete process.env.TUNEKIT_RUN_DIR;
      else process.env.TUNEKIT_RUN_DIR = saved;
    }
  });
});

describe("cleanOrphans", () => {
  it("kills the group of a dead owner and removes its record", async () => {
    const dir = freshDir();
    const group = sleepingGroup();
    const path = writeRecord(dir, recordFor(group, {}));
    const result = await cleanOrphans({ dir, graceMs: 5000 });
    expect(result).toEqual({ killed: [group.pid], removed: 1, warnings: [] });
    expect(await exitOf(group)).toBe("SIGTERM");
    expect(existsSync(path)).toBe(false);
  });

  it("treats an owner pid naming a process started at another time as dead", async () => {
    const dir = freshDir();
    const group = sleepingGroup();
    const ownStart = processStartTime(process.pid);
    writeRecord(
      dir,
      recordFor(group, { ownerPid: process.pid, ownerStart: ownStart === null ? null : ownStart + 1 }),
    );
    const result = await cleanOrphans({ dir, graceMs: 5000 });
    if (ownStart === null) expect(result.killed).toEqual([]);
    else expect(result.killed).toEqual([group.pid]);
  });

  it("keeps the record and the group of a live owner", async () => {
    const dir = freshDir();
    const group = sleepingGroup();
    registerGroup({ pgid: group.pid, pid: group.pid, study: "s", trialNumber: 1, dir });
    expect(await cleanOrphans({ dir })).toEqual({ killed: [], removed: 0, warnings: [] });
    expect(existsSync(join(dir, `${group.pid}.json`))).toBe(true);
    expect(isRunning(group.pid)).toBe(true);
  });

  it("leaves alone a group whose pgid now names another program (leader start time differs)", async () => {
    const dir = freshDir();
    const group = sleepingGroup();
    const start = processStartTime(group.pid);
    writeRecord(dir, recordFor(group, { leaderStart: (start ?? 0) + 1 }));
    const result = await cleanOrphans({ dir, graceMs: 100 });
    expect(result).toEqual({ killed: [], removed: 1, warnings: [] });
    expect(isRunning(group.pid)).toBe(start !== null);
  });

  it("removes the record of a dead owner whose group is already gone", async () => {
    const dir = freshDir();
    const gone = deadPid();
    writeRecord(dir, recordFor({ pid: gone }, { leaderStart: null }));
    expect(await cleanOrphans({ dir })).toEqual({ killed: [], removed: 1, warnings: [] });
  });

  it("SIGKILLs an orphan group that ignores SIGTERM after the grace", async () => {
    const dir = freshDir();
    const child = spawn("/bin/sh", ["-c", "trap '' TERM; echo ready; while :; do sleep 1; done"], {
      detached: true,
      stdio: ["ignore", "pipe", "ignore"],
    });
    groups.push(child);
    await new Promise((resolve) => child.stdout?.once("data", resolve));
    writeRecord(dir, recordFor(child as { pid: number }, {}));
    const result = await cleanOrphans({ dir, graceMs: 300 });
    expect(result.killed).toEqual([child.pid]);
    expect(await exitOf(child)).toBe("SIGKILL");
  });

  it("removes corrupt records with a warning and ignores other files", async () => {
    const dir = freshDir();
    writeFileSync(join(dir, "123.json"), "{");
    writeFileSync(join(dir, "124.json"), JSON.stringify({ pgid: 999 }));
    writeFileSync(join(dir, "1.json"), JSON.stringify({ ...recordFor({ pid: 1 }, {}), pgid: 1, pid: 1 }));
    writeFileSync(join(dir, "notes.txt"), "not a record");
    writeFileSync(join(dir, "125.json.77.tmp"), "{");
    const result = await cleanOrphans({ dir });
    expect(result.killed).toEqual([]);
    expect(result.removed).toBe(3);
    expect(result.warnings).toHaveLength(3);
    expect(result.warnings[0]).toMatch(/^removed the corrupt process record .*1\.json: /);
    expect(readdirSync(dir).sort()).toEqual(["125.json.77.tmp", "notes.txt"]);
  });

  it("returns nothing for a missing folder and refuses a folder every user can write to", async () => {
    expect(await cleanOrphans({ dir: join(root, "never-created") })).toEqual({
      killed: [],
      removed: 0,
      warnings: [],
    });
    const dir = freshDir();
    const group = sleepingGroup();
    writeRecord(dir, recordFor(group, {}));
    chmodSync(dir, 0o777);
    const result = await cleanOrphans({ dir });
    expect(result.killed).toEqual([]);
    expect(result.warnings).toEqual([expect.stringContaining("writable by every user")]);
    expect(isRunning(group.pid)).toBe(true);
  });
});

describe("startTrialProcess with a registry", () => {
  it("records the group while it runs and deletes the record once it is stopped", async () => {
    const dir = freshDir();
    const { proc } = await startReady({
      argv: [process.execPath, fixture("family.mjs"), join(dir, "pids.json")],
      cwd: dir,
      env: baseEnv(),
      logPath: join(dir, "t.log"),
      registry: { study: "mnist", trialNumber: 4, dir },
    });
    const path = join(dir, `${proc.pgid}.json`);
    expect(JSON.parse(readFileSync(path, "utf8"))).toMatchObject({
      pgid: proc.pgid,
      pid: proc.pid,
      ownerPid: process.pid,
      study: "mnist",
      trialNumber: 4,
    });
    await proc.stop("interrupted", 5000);
    expect(existsSync(path)).toBe(false);
  });

  it("reports a registry it cannot write as a warning, and runs the program anyway", async () => {
    const dir = freshDir();
    const blocked = join(dir, "a-file");
    writeFileSync(blocked, "");
    const exit = await startTrialProcess({
      argv: [process.execPath, "-e", ""],
      cwd: dir,
      env: baseEnv(),
      logPath: join(dir, "t.log"),
      registry: { study: "s", trialNumber: 0, dir: join(blocked, "groups") },
    }).exited;
    expect(exit.code).toBe(0);
    expect(exit.warnings).toEqual([expect.stringContaining("could not record the process group")]);
  });
});
