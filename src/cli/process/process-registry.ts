import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { processStartTime, readProcStat } from "./proc-stat.js";
import { groupIsAlive, terminateGroup } from "./process-group.js";

/**
 * The record of one running trial's process group, kept on disk while it runs so that the next tunekit
 * can find and stop a group whose tunekit was killed (a SIGKILLed parent runs no cleanup code).
 */
export interface GroupRecord {
  readonly pgid: number;
  /** The group leader's pid (equal to pgid for a trial process). */
  readonly pid: number;
  /** The tunekit process that started the group. */
  readonly ownerPid: number;
  /** The owner's start time (clock ticks since boot; null without /proc): tells a reused pid apart. */
  readonly ownerStart: number | null;
  /** The leader's start time: tells a reused pgid apart. */
  readonly leaderStart: number | null;
  readonly study: string;
  readonly trialNumber: number;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
}

/** Where a group is registered. */
export interface RegisterGroupArgs {
  readonly pgid: number;
  readonly pid: number;
  readonly study: string;
  readonly trialNumber: number;
  /** Defaults to {@link registryDir}. */
  readonly dir?: string;
}

/** What {@link cleanOrphans} did. */
export interface CleanOrphansResult {
  /** The groups it signalled. */
  readonly killed: number[];
  /** How many record files it deleted (orphans' records and corrupt files). */
  readonly removed: number;
  /** Records it could not use and groups it could not stop, as sentences to show the user. */
  readonly warnings: string[];
}

const RECORD_NAME = /^(\d+)\.json$/;
const DEFAULT_CLEAN_GRACE_MS = 5000;
const isCount = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;
const isStart = (v: unknown) => v === null || isCount(v);
// Pids 0 and 1 are never a trial's: signalling group 0 or -1 would reach tunekit's group or everything.
const isPid = (v: unknown) => Number.isSafeInteger(v) && (v as number) > 1;

/**
 * The folder of group records: `$TUNEKIT_RUN_DIR` when set, else `<tmp>/tunekit-<uid>/process-groups`
 * (per user, since one user's tunekit cannot stop another user's processes anyway).
 * @example
 * registryDir(); // "/tmp/tunekit-1000/process-groups"
 */
export function registryDir(): string {
  const fromEnv = process.env.TUNEKIT_RUN_DIR;
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
  const user = process.getuid?.() ?? userInfo().username;
  return join(tmpdir(), `tunekit-${user}`, "process-groups");
}

let ownStart: number | null | undefined;

/** This process's start time, read once: it never changes. */
function ownerStart(): number | null {
  if (ownStart === undefined) ownStart = processStartTime(process.pid);
  return ownStart;
}

/**
 * Records a trial's process group (synchronously, so the record exists before anything else can run).
 * The file appears whole or not at all (written aside, then renamed), so a cleaner never reads half a
 * record. Throws when the folder cannot be written.
 * @example
 * registerGroup({ pgid: child.pid, pid: child.pid, study: "mnist", trialNumber: 7 });
 */
export function registerGroup(args: RegisterGroupArgs): GroupRecord {
  if (![args.pgid, args.pid].every(isPid)) {
    throw new RangeError(
      `registerGroup: pgid and pid must be integers > 1, but got ${args.pgid} and ${args.pid}`,
    );
  }
  const dir = args.dir ?? registryDir();
  const record: GroupRecord = {
    pgid: args.pgid,
    pid: args.pid,
    ownerPid: process.pid,
    ownerStart: ownerStart(),
    leaderStart: processStartTime(args.pid),
    study: args.study,
    trialNumber: args.trialNumber,
    createdAt: Date.now(),
  };
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, `${args.pgid}.json`);
  const aside = `${path}.${process.pid}.tmp`;
  writeFileSync(aside, `${JSON.stringify(record)}\n`, { mode: 0o600 });
  renameSync(aside, path);
  return record;
}

/**
 * Deletes a group's record once the group is fully stopped; a missing record is fine.
 * @example
 * unregisterGroup(record.pgid);
 */
export function unregisterGroup(pgid: number, options: { readonly dir?: string } = {}): void {
  rmSync(join(options.dir ?? registryDir(), `${pgid}.json`), { force: true });
}

/** Whether the pid still names the same process: alive, not a zombie, and started when recorded. */
function sameProcessAlive(pid: number, start: number | null): "alive" | "dead" | "reused" {
  const stat = readProcStat(pid);
  if (stat !== null) {
    if (stat.state === "Z" || stat.state === "X") return "dead";
    return start !== null && stat.startTime !== start ? "reused" : "alive";
  }
  try {
    process.kill(pid, 0);
    return "alive";
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM" ? "alive" : "dead";
  }
}

/** The record in a file's text, or why it is not one. */
function parseRecord(text: string, pgid: number): GroupRecord | string {
  let value: Partial<Record<keyof GroupRecord, unknown>>;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `not JSON (${(error as Error).message})`;
  }
  const valid =
    typeof value === "object" &&
    value !== null &&
    value.pgid === pgid &&
    [value.pgid, value.pid, value.ownerPid].every(isPid) &&
    [value.trialNumber, value.createdAt].every(isCount) &&
    isStart(value.ownerStart) &&
    isStart(value.leaderStart) &&
    typeof value.study === "string";
  return valid ? (value as GroupRecord) : "not a process-group record of this tunekit version";
}

/**
 * Why records in the folder cannot be trusted, or null: a folder someone else can write to could hold
 * planted records naming our own unrelated processes, which a clean would then kill.
 */
function untrusted(dir: string): string | null {
  const stat = statSync(dir);
  const uid = process.getuid?.();
  if (uid !== undefined && stat.uid !== uid) return `${dir} belongs to another user`;
  if ((stat.mode & 0o002) !== 0) return `${dir} is writable by every user`;
  return null;
}

/** Stops one orphan's group (unless its pgid now names someone else's group); returns what happened. */
async function stopOrphan(record: GroupRecord, graceMs: number): Promise<"killed" | "survived" | "none"> {
  if (sameProcessAlive(record.pid, record.leaderStart) === "reused") return "none";
  if (!groupIsAlive(record.pgid)) return "none";
  const outcome = await terminateGroup(record.pgid, graceMs);
  return outcome === "absent" ? "none" : outcome === "ended" ? "killed" : "survived";
}

/**
 * Stops the process groups of trials whose tunekit died, and deletes their records. A record's owner is
 * dead when its pid is gone, a zombie, or names a process started at another time (a reused pid). An
 * orphan group with members left gets SIGTERM, then SIGKILL after `graceMs` (default 5 s) — unless its
 * leader pid is alive with another start time: then the pgid was reused by an unrelated program, which
 * is left alone. Records of live owners are kept; corrupt files are deleted with a warning. Call it when
 * tunekit starts, before running trials.
 * @example
 * const { killed, warnings } = await cleanOrphans();
 * for (const w of warnings) console.warn(w);
 */
export async function cleanOrphans(
  options: { readonly graceMs?: number; readonly dir?: string } = {},
): Promise<CleanOrphansResult> {
  const dir = options.dir ?? registryDir();
  const result = { killed: [] as number[], removed: 0, warnings: [] as string[] };
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return result;
    throw error;
  }
  const distrust = untrusted(dir);
  if (distrust !== null) {
    result.warnings.push(`left the process records in ${dir} alone: ${distrust}.`);
    return result;
  }
  const remove = (path: string) => {
    rmSync(path, { force: true });
    result.removed++;
  };
  const orphans: { record: GroupRecord; path: string }[] = [];
  for (const name of names) {
    const match = RECORD_NAME.exec(name);
    if (match === null) continue;
    const path = join(dir, name);
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch {
      continue; // Unregistered (or cleaned by another tunekit) since the listing.
    }
    const record = parseRecord(text, Number(match[1]));
    if (typeof record === "string") {
      result.warnings.push(`removed the corrupt process record ${path}: ${record}.`);
      remove(path);
    } else if (sameProcessAlive(record.ownerPid, record.ownerStart) !== "alive") {
      orphans.push({ record, path });
    }
  }
  const graceMs = options.graceMs ?? DEFAULT_CLEAN_GRACE_MS;
  await Promise.all(
    orphans.map(async ({ record, path }) => {
      const outcome = await stopOrphan(record, graceMs);
      if (outcome !== "none") result.killed.push(record.pgid);
      if (outcome === "survived") {
        // Kept, so that the next clean tries again (a process in uninterruptible I/O dies eventually).
        result.warnings.push(
          `process group ${record.pgid} (study ${JSON.stringify(record.study)}, trial ${record.trialNumber}) survived SIGKILL; its record stays for the next clean.`,
        );
      } else {
        remove(path);
      }
    }),
  );
  result.killed.sort((a, b) => a - b);
  return result;
}
