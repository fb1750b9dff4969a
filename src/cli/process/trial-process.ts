import { type ChildProcess, spawn } from "node:child_process";
import { statSync } from "node:fs";
import { OutputLog } from "./output-log.js";
import { describeSpawnError } from "./spawn-error.js";
import { TrialRun } from "./trial-run.js";

/** The program to run: an argv run as is (no shell, so arguments arrive literally), or a shell script. */
export type TrialCommand = { readonly argv: readonly string[] } | { readonly shell: string };

/** How to run one trial's program. */
export type TrialProcessOptions = TrialCommand & {
  readonly cwd: string;
  /** The whole environment of the program (merge `process.env` in yourself if you want it). */
  readonly env: Readonly<Record<string, string>>;
  /** Both output streams are appended here; its folders are created. */
  readonly logPath: string;
  /**
   * Called with each output line (without its "\n" or "\r\n"; lines over 1 MiB cut to their first
   * 1 MiB). Must not throw: it runs inside a stream event, where an exception is uncaught.
   */
  readonly onLine?: (line: string, stream: "stdout" | "stderr") => void;
  /** Grace before SIGKILL for processes still in the group once the leader exited (default 5000 ms). */
  readonly leftoverGraceMs?: number;
  /** How long to wait for the output pipes to close once the group is gone (default 2000 ms). */
  readonly drainMs?: number;
  /** When given, the group is recorded (see `cleanOrphans`) while it runs, so a killed tunekit's trial can be stopped later. */
  readonly registry?: { readonly study: string; readonly trialNumber: number; readonly dir?: string };
};

/** How a trial's process ended. */
export interface ExitInfo {
  /** The exit code; null when a signal ended it or it never started. */
  readonly code: number | null;
  /** The signal that ended it ("SIGTERM", "SIGKILL", ...). */
  readonly signal: string | null;
  /** The reason of the first {@link TrialProcess.stop} call, if one came before the end. */
  readonly stoppedBy: string | null;
  /** Why the program could not start ("command not found: foo"); null once it started. */
  readonly spawnError: string | null;
  /** Things that went wrong around the program (the log, the registry, lingering processes). */
  readonly warnings: readonly string[];
}

/** A running trial program: the leader of its own process group. */
export interface TrialProcess {
  /** The leader's pid; null when the program did not start. */
  readonly pid: number | null;
  /** The group's id (the leader's pid). */
  readonly pgid: number | null;
  /**
   * Settles (never rejects) once the leader exited, the rest of its group is gone, the output is read
   * and the log is closed.
   */
  readonly exited: Promise<ExitInfo>;
  /**
   * Stops the whole group: SIGTERM now, SIGKILL after `graceMs` to whatever is left, including
   * processes the leader left behind. The first reason is kept; a later call can only bring the
   * SIGKILL closer. Does nothing once the process has ended.
   */
  stop(reason: string, graceMs: number): Promise<ExitInfo>;
}

/** A process that never started: everything is settled from the start. */
function notStarted(spawnError: string): TrialProcess {
  const exited = Promise.resolve<ExitInfo>({
    code: null,
    signal: null,
    stoppedBy: null,
    spawnError,
    warnings: [],
  });
  return { pid: null, pgid: null, exited, stop: () => exited };
}

/** Why a command cannot even be handed to spawn, or null. */
function precheck(argv: readonly string[], cwd: string): string | null {
  if (argv[0] === undefined || argv[0] === "") return "no command to run: the argv is empty";
  try {
    if (!statSync(cwd).isDirectory()) return `the working directory is not a directory: ${cwd}`;
  } catch {
    return `the working directory does not exist: ${cwd}`;
  }
  return null;
}

/**
 * Starts a trial's program as the leader of a new process group (and session: it has no terminal, so
 * a Ctrl-C reaches tunekit alone, which then stops trials in order). An argv runs without a shell; a
 * `shell` script runs with `/bin/sh -c`. stdin is closed. Never throws: a program that cannot start
 * settles `exited` with a `spawnError`.
 * @example
 * const trial = startTrialProcess({
 *   argv: ["python", "train.py", "--lr", "0.01"],
 *   cwd: process.cwd(),
 *   env: { ...process.env, TUNEKIT_TRIAL: "7" } as Record<string, string>,
 *   logPath: "runs/7.log",
 *   onLine: (line) => console.log(line),
 * });
 * const { code, stoppedBy } = await trial.exited;
 */
export function startTrialProcess(options: TrialProcessOptions): TrialProcess {
  const argv = "argv" in options ? options.argv : ["/bin/sh", "-c", options.shell];
  const problem = precheck(argv, options.cwd);
  if (problem !== null) return notStarted(problem);
  const command = argv[0] as string;
  let log: OutputLog;
  try {
    log = OutputLog.open(options.logPath);
  } catch (error) {
    return notStarted(`cannot open the log file ${options.logPath}: ${(error as Error).message}`);
  }
  let child: ChildProcess;
  try {
    child = spawn(command, argv.slice(1), {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      shell: false,
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (error) {
    log.close();
    return notStarted(describeSpawnError(error, command, options.cwd));
  }
  return new TrialRun(child, log, options, command);
}
