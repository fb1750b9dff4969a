import type { ChildProcess } from "node:child_process";
import type { Readable } from "node:stream";
import { setTimeout as delay } from "node:timers/promises";
import { LineSplitter } from "./line-splitter.js";
import type { OutputLog } from "./output-log.js";
import { GROUP_POLL_MS, groupIsAlive, KILL_SETTLE_MS, signalGroup } from "./process-group.js";
import { registerGroup, unregisterGroup } from "./process-registry.js";
import { describeSpawnError } from "./spawn-error.js";
import type { ExitInfo, TrialProcess, TrialProcessOptions } from "./trial-process.js";

const DEFAULT_LEFTOVER_GRACE_MS = 5000;
const DEFAULT_DRAIN_MS = 2000;
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Settles when the stream closes; "close" also comes when the stream is destroyed or fails. */
function closed(stream: Readable): Promise<void> {
  return new Promise((resolve) => stream.once("close", () => resolve()));
}

/**
 * The {@link TrialProcess} of a child `startTrialProcess` spawned: it logs and splits the output, stops
 * the group on request or once the leader has exited, and settles `exited` when all is done. The
 * leader's pid stays reserved as the group id until the leader is reaped and the last member is gone;
 * after that the id may name another group, so once the group is seen empty nothing is signalled again.
 * @example
 * new TrialRun(spawn(cmd, args, { detached: true }), OutputLog.open(logPath), options, cmd);
 */
export class TrialRun implements TrialProcess {
  readonly pid: number | null;
  readonly pgid: number | null;
  readonly exited: Promise<ExitInfo>;
  readonly #child: ChildProcess;
  readonly #log: OutputLog;
  readonly #options: TrialProcessOptions;
  readonly #splitters: LineSplitter[] = [];
  readonly #outputClosed: Promise<unknown>;
  readonly #warnings: string[] = [];
  #settle: (info: ExitInfo) => void = () => undefined;
  #stoppedBy: string | null = null;
  #done = false;
  #groupGone = false;
  #killAt = Number.POSITIVE_INFINITY;
  #killTimer: NodeJS.Timeout | undefined;
  #registered = false;

  constructor(child: ChildProcess, log: OutputLog, options: TrialProcessOptions, command: string) {
    this.#child = child;
    this.#log = log;
    this.#options = options;
    this.pid = child.pid ?? null;
    this.pgid = this.pid;
    this.exited = new Promise((resolve) => {
      this.#settle = resolve;
    });
    const streams = [child.stdout, child.stderr].filter((s): s is Readable => s !== null);
    this.#outputClosed = Promise.all(streams.map(closed));
    child.on("error", (error) => {
      if (this.pid === null) this.#finish(null, null, describeSpawnError(error, command, options.cwd));
      else this.#warnings.push(`the trial process reported: ${error.message}`);
    });
    if (this.pid === null) return;
    this.#register(this.pid);
    this.#read(child.stdout, "stdout");
    this.#read(child.stderr, "stderr");
    child.once("exit", (code, signal) => {
      this.#afterExit(code, signal).catch((error: Error) => {
        this.#warnings.push(`cleaning up after the program failed: ${error.message}`);
        this.#finish(code, signal, null);
      });
    });
  }

  stop(reason: string, graceMs: number): Promise<ExitInfo> {
    if (this.#done) return this.exited;
    this.#stoppedBy ??= reason;
    if (this.pid !== null) this.#terminate(this.pid, graceMs);
    return this.exited;
  }

  #register(pid: number): void {
    const registry = this.#options.registry;
    if (registry === undefined) return;
    try {
      registerGroup({ pgid: pid, pid, ...registry });
      this.#registered = true;
    } catch (error) {
      this.#warnings.push(`could not record the process group for cleanup: ${(error as Error).message}`);
    }
  }

  #read(stream: Readable | null, name: "stdout" | "stderr"): void {
    if (stream === null) return;
    const onLine = this.#options.onLine;
    const splitter = new LineSplitter((line) => onLine?.(line, name));
    this.#splitters.push(splitter);
    stream.on("data", (chunk: Buffer) => {
      this.#log.write(chunk);
      if (onLine !== undefined) splitter.push(chunk);
    });
    stream.on("error", (error) => this.#warnings.push(`reading ${name} failed: ${error.message}`));
  }

  /** SIGTERM to the group now, and SIGKILL at `graceMs` from now unless one is already due sooner. */
  #terminate(pgid: number, graceMs: number): void {
    if (this.#groupGone) return;
    signalGroup(pgid, "SIGTERM");
    // NaN counts as no grace; setTimeout would fire at once for anything past its 32-bit limit.
    const at = Date.now() + (Number.isNaN(graceMs) ? 0 : Math.min(Math.max(0, graceMs), MAX_TIMER_MS));
    if (at >= this.#killAt) return;
    this.#killAt = at;
    clearTimeout(this.#killTimer);
    this.#killTimer = setTimeout(() => {
      if (!this.#groupGone && groupIsAlive(pgid)) signalGroup(pgid, "SIGKILL");
    }, at - Date.now());
  }

  /**
   * The leader is gone; processes it left in the group are stopped too (a trial is over when its
   * program is, and a leftover would hold the output pipe, memory or a GPU). Then the output is read to
   * its end — for a bounded time, since a process that left the group (setsid) may hold the pipe.
   */
  async #afterExit(code: number | null, signal: NodeJS.Signals | null): Promise<void> {
    const pgid = this.pgid as number;
    let alive = groupIsAlive(pgid);
    if (alive) this.#terminate(pgid, this.#options.leftoverGraceMs ?? DEFAULT_LEFTOVER_GRACE_MS);
    while (alive && Date.now() < this.#killAt + KILL_SETTLE_MS) {
      await delay(GROUP_POLL_MS);
      alive = groupIsAlive(pgid);
    }
    this.#groupGone = true;
    clearTimeout(this.#killTimer);
    if (alive) this.#warnings.push(`processes of group ${pgid} survived SIGKILL`);
    else if (this.#registered) unregisterGroup(pgid, { dir: this.#options.registry?.dir });
    const drainMs = this.#options.drainMs ?? DEFAULT_DRAIN_MS;
    const timeout = delay(drainMs, "timeout" as const, { ref: false });
    if ((await Promise.race([this.#outputClosed, timeout])) === "timeout") {
      this.#warnings.push(
        `stopped reading the output ${drainMs} ms after the program ended: a process outside its group still holds it open`,
      );
    }
    this.#finish(code, signal, null);
  }

  #finish(code: number | null, signal: string | null, spawnError: string | null): void {
    if (this.#done) return;
    this.#done = true;
    this.#child.stdout?.destroy();
    this.#child.stderr?.destroy();
    for (const splitter of this.#splitters) splitter.end();
    this.#log.close();
    if (this.#log.error !== null) this.#warnings.push(this.#log.error);
    this.#settle({ code, signal, stoppedBy: this.#stoppedBy, spawnError, warnings: [...this.#warnings] });
  }
}
