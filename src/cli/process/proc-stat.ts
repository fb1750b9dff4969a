import { readdirSync, readFileSync } from "node:fs";

/** The fields of Linux's `/proc/<pid>/stat` that process bookkeeping needs. */
export interface ProcStat {
  /** One letter: R, S, D, T, Z (zombie), X (dead), ... */
  readonly state: string;
  /** The process group id. */
  readonly pgrp: number;
  /** When the process started, in clock ticks since boot: with the pid, it identifies one process. */
  readonly startTime: number;
}

/**
 * Parses the text of `/proc/<pid>/stat`, or returns null when it does not have the expected shape. The
 * command name (field 2) sits in parentheses and may itself hold spaces and parentheses, so the fixed
 * fields are read after the last ")".
 * @example
 * parseProcStat("42 (my (odd) cmd) S 1 42 42 0 -1 ..."); // { state: "S", pgrp: 42, startTime: ... }
 */
export function parseProcStat(text: string): ProcStat | null {
  const close = text.lastIndexOf(")");
  if (close === -1) return null;
  // Fields from 3 (state) on: field n is at index n - 3.
  const fields = text
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  const state = fields[0];
  const pgrp = Number(fields[2]);
  const startTime = Number(fields[19]);
  if (state === undefined || !Number.isSafeInteger(pgrp) || !Number.isSafeInteger(startTime)) return null;
  return { state, pgrp, startTime };
}

/**
 * Reads a process's stat, or null when there is no such process or no readable /proc (not Linux,
 * or /proc mounted with hidepid).
 * @example
 * readProcStat(process.pid)?.startTime;
 */
export function readProcStat(pid: number): ProcStat | null {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return null;
  }
}

/**
 * The start time of a process (clock ticks since boot), or null when it cannot be read.
 * @example
 * processStartTime(process.pid); // 123456
 */
export function processStartTime(pid: number): number | null {
  return readProcStat(pid)?.startTime ?? null;
}

/**
 * The pids of the group's processes that are not zombies, from /proc; null when /proc cannot be listed.
 * Zombies are left out because a process whose parent died is reaped by pid 1, which in containers may
 * take seconds or never happen: a zombie runs no code and holds no pipe, so it does not keep a group alive.
 * @example
 * liveGroupMembers(pgid)?.length === 0; // the group has nothing left running
 */
export function liveGroupMembers(pgid: number): number[] | null {
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return null;
  }
  const members: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProcStat(Number(entry));
    if (stat !== null && stat.pgrp === pgid && stat.state !== "Z" && stat.state !== "X") {
      members.push(Number(entry));
    }
  }
  return members;
}
