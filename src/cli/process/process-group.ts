import { setTimeout as delay } from "node:timers/promises";
import { liveGroupMembers } from "./proc-stat.js";

/** How often a wait for a group to end looks again: no event reports the death of a non-child. */
export const GROUP_POLL_MS = 50;

/** How long to wait after SIGKILL for the group to vanish before giving up (a process in uninterruptible I/O). */
export const KILL_SETTLE_MS = 2000;

/**
 * Refuses ids that would reach far more than one group: kill(0) signals tunekit's own group and
 * kill(-1) every process the user owns.
 */
function checkGroupId(pgid: number): void {
  if (!Number.isSafeInteger(pgid) || pgid <= 1) {
    throw new RangeError(`a process group id must be an integer > 1, but got ${pgid}`);
  }
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

/**
 * Sends a signal to every process of a group; returns false when the group no longer exists (ESRCH).
 * EPERM (the group holds another user's processes, so it is not ours) also returns false.
 * @example
 * signalGroup(trial.pgid, "SIGTERM");
 */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  checkGroupId(pgid);
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (error) {
    if (errorCode(error) === "ESRCH" || errorCode(error) === "EPERM") return false;
    throw error;
  }
}

/**
 * Whether a group still has a process that is not a zombie. Signal 0 says whether the group exists at
 * all; /proc, where there is one, then leaves zombies out (see {@link liveGroupMembers}).
 * @example
 * if (groupIsAlive(pgid)) signalGroup(pgid, "SIGKILL");
 */
export function groupIsAlive(pgid: number): boolean {
  checkGroupId(pgid);
  try {
    process.kill(-pgid, 0);
  } catch (error) {
    if (errorCode(error) === "ESRCH") return false;
    if (errorCode(error) !== "EPERM") throw error;
  }
  const members = liveGroupMembers(pgid);
  return members === null || members.length > 0;
}

/**
 * Waits until the group has no live process, for at most `timeoutMs`; returns whether it ended.
 * @example
 * await waitForGroupEnd(pgid, 5000);
 */
export async function waitForGroupEnd(pgid: number, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (groupIsAlive(pgid)) {
    if (Date.now() >= until) return false;
    await delay(Math.min(GROUP_POLL_MS, Math.max(1, until - Date.now())));
  }
  return true;
}

/**
 * Stops a whole group: SIGTERM, then SIGKILL if anything is still running after `graceMs`. Resolves
 * "absent" when there was nothing to signal (no such group, or another user's), "ended" once the group
 * is gone, "survived" if a process outlived SIGKILL by {@link KILL_SETTLE_MS} (uninterruptible I/O).
 * @example
 * await terminateGroup(pgid, 5000); // "ended"
 */
export async function terminateGroup(
  pgid: number,
  graceMs: number,
): Promise<"absent" | "ended" | "survived"> {
  if (!signalGroup(pgid, "SIGTERM")) return "absent";
  if (await waitForGroupEnd(pgid, graceMs)) return "ended";
  signalGroup(pgid, "SIGKILL");
  return (await waitForGroupEnd(pgid, KILL_SETTLE_MS)) ? "ended" : "survived";
}
