import { mkdirSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  log,
  type ObjectiveFunction,
  type ParamValue,
  type Study,
  type Trial,
  TrialFailed,
  TrialPruned,
} from "../index.js";
import {
  type ExitInfo,
  LineProblems,
  overflowNote,
  parseProtocolLine,
  ReportCollector,
  startTrialProcess,
  type TrialProcess,
} from "./process/index.js";
import { sentence } from "./sentence.js";
import {
  paramEnvName,
  type Sweep,
  substituteArgs,
  substituteShell,
  suggestSweepParams,
} from "./sweep/index.js";

/** The folder of the Python and shell helpers shipped with tunekit (`helpers/` at the package root). */
export const HELPERS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "helpers");

const STDERR_TAIL = 5;

/** The trial processes running now, so a second Ctrl-C can kill them at once. */
export type LiveProcesses = Set<TrialProcess>;

/**
 * The objective that runs one trial of a sweep as a child process: suggests the parameters (conditional
 * ones only when active, forbidden combinations rejected before anything runs), starts the command in a
 * process group of its own with the parameters as arguments, environment variables and a JSON file, reads
 * its `tunekit:` lines as reports (asking the pruner after each step), and turns the exit into the trial's
 * result or failure. A pruned, timed-out or interrupted trial's whole process group is stopped: SIGTERM,
 * then SIGKILL after the sweep's `killGrace`.
 * @example
 * await study.optimize(sweepObjective({ study, sweep, live: new Set(), baseDir: "." }), { nTrials: 10 });
 */
export function sweepObjective(args: {
  readonly study: Study;
  readonly sweep: Sweep;
  readonly live: LiveProcesses;
  /** The folder `workdir` and `logs` are relative to: the sweep file's for `run`, the current one for `worker`. */
  readonly baseDir: string;
}): ObjectiveFunction {
  const { study, sweep, live, baseDir } = args;
  const cwd = resolve(baseDir, sweep.workdir ?? ".");
  const logDir = resolve(baseDir, sweep.logs, fileSafe(study.studyName));
  return async (trial: Trial) => {
    const params = suggestSweepParams(trial, sweep);
    const logPath = join(logDir, `trial-${trial.number}.log`);
    const paramsFile = join(logDir, `trial-${trial.number}.params.json`);
    mkdirSync(logDir, { recursive: true });
    writeFileSync(paramsFile, `${JSON.stringify(params, null, 2)}\n`);
    const context = { params, trialNumber: trial.number, study: study.studyName };
    const commandLine: string | string[] =
      sweep.command.kind === "argv"
        ? substituteArgs(sweep.command.argv, context)
        : substituteShell(sweep.command.script, context);
    const command = typeof commandLine === "string" ? { shell: commandLine } : { argv: commandLine };
    writeFileSync(
      logPath,
      `# tunekit: study "${study.studyName}", trial ${trial.number}, started ${new Date().toISOString()}\n# command: ${JSON.stringify(commandLine)}\n`,
    );
    const run = new TrialRun(trial, sweep, logPath);
    const proc = startTrialProcess({
      ...command,
      cwd,
      env: trialEnv(sweep, study.studyName, trial.number, params, paramsFile),
      logPath,
      onLine: (line, stream) => run.line(line, stream),
      registry: { study: study.studyName, trialNumber: trial.number },
    });
    run.proc = proc;
    live.add(proc);
    const onAbort = () => void proc.stop(abortCode(trial), sweep.killGrace * 1000);
    trial.signal.addEventListener("abort", onAbort);
    if (trial.signal.aborted) onAbort();
    try {
      await study.storage
        .updateTrial(trial.trialId, {
          systemAttrs: { logPath, host: hostname(), pid: proc.pid, pgid: proc.pgid, command: commandLine },
        })
        .catch(async (error: unknown) => {
          // The trial cannot be written (lost lease, storage down): its program must not run on unowned.
          await proc.stop("error", sweep.killGrace * 1000);
          throw error;
        });
      const exit = await proc.exited;
      for (const warning of exit.warnings) log("warning", `Trial ${trial.number}: ${warning}`);
      await run.settled();
      const summary = run.problems.summary();
      if (summary !== null) log("warning", `Trial ${trial.number}: ${summary}; the output is in ${logPath}.`);
      return run.outcome(exit);
    } finally {
      trial.signal.removeEventListener("abort", onAbort);
      live.delete(proc);
    }
  };
}

/** One trial's reading of its process: reports in arrival order, pruning, and the result at exit. */
class TrialRun {
  proc: TrialProcess | null = null;
  private readonly collector: ReportCollector;
  private chain: Promise<void> = Promise.resolve();
  private prunedAt: number | null = null;
  private error: unknown = null;
  /** The malformed `tunekit:` lines, counted as they come. */
  readonly problems = new LineProblems();
  private stdoutLines = 0;
  private readonly stderrTail: string[] = [];

  constructor(
    private readonly trial: Trial,
    private readonly sweep: Sweep,
    private readonly logPath: string,
  ) {
    this.collector = new ReportCollector({ metrics: sweep.metrics, constraints: sweep.constraints });
  }

  line(line: string, stream: "stdout" | "stderr"): void {
    if (stream === "stderr") {
      if (line.trim() === "") return;
      this.stderrTail.push(line.length > 300 ? `${line.slice(0, 300)}…` : line);
      if (this.stderrTail.length > STDERR_TAIL) this.stderrTail.shift();
      return;
    }
    const number = ++this.stdoutLines;
    const message = parseProtocolLine(line);
    if (message === null) return;
    if ("problem" in message) {
      if (this.problems.add(number, message.problem))
        log("warning", `Trial ${this.trial.number}: ignored stdout line ${number}: ${message.problem}`);
      return;
    }
    const overflow = overflowNote(line, message);
    if (overflow !== null) {
      const shown = line.length > 120 ? `${line.slice(0, 117)}…` : line;
      log("warning", `Trial ${this.trial.number}, stdout line ${number}: ${overflow}: ${shown.trim()}`);
    }
    this.collector.add(message);
    const point = this.collector.intermediate(message);
    if (point === null) return;
    this.chain = this.chain.then(async () => {
      if (this.prunedAt !== null || this.error !== null || this.trial.signal.aborted) return;
      try {
        this.trial.report(point.value, point.step);
        if (await this.trial.shouldPrune()) {
          this.prunedAt = point.step;
          void this.proc?.stop("pruned", this.sweep.killGrace * 1000);
        }
      } catch (error) {
        this.error = error;
        void this.proc?.stop("error", this.sweep.killGrace * 1000);
      }
    });
  }

  settled(): Promise<void> {
    return this.chain;
  }

  /** The trial's result, or the error that records how it ended. */
  outcome(exit: ExitInfo): number | number[] {
    if (this.error !== null) throw this.error;
    if (this.prunedAt !== null) throw new TrialPruned(`Pruned at step ${this.prunedAt}.`);
    const where = `(log: ${this.logPath})`;
    if (this.trial.signal.aborted) {
      throw new Error(`The program was stopped; it ${describeExit(exit)} ${where}.`);
    }
    if (exit.spawnError !== null)
      throw new TrialFailed("spawn", sentence(`Could not start the program: ${exit.spawnError}`));
    const result = this.collector.result();
    if (result.ok) {
      for (const [name, value] of Object.entries(result.constraints)) this.trial.setConstraint(name, value);
      for (const [key, value] of Object.entries(result.attrs)) this.trial.setUserAttr(key, value);
    }
    if (exit.code !== 0) {
      const tail = this.stderrTail.at(-1);
      throw new TrialFailed(
        exit.signal === null ? "exit-code" : "crash",
        `The program ${describeExit(exit)}${tail === undefined ? "" : `: ${tail}`} ${where}.`,
      );
    }
    if (!result.ok) {
      const note = result.code === "missing-metric" ? this.problems.note() : null;
      throw new TrialFailed(result.code, `${result.message}${note === null ? "" : `; ${note}`} ${where}.`);
    }
    return this.sweep.metrics.length === 1 ? (result.values[0] as number) : result.values;
  }
}

function describeExit(exit: ExitInfo): string {
  if (exit.signal !== null) return `was killed by ${exit.signal}`;
  return `exited with code ${exit.code}`;
}

function abortCode(trial: Trial): string {
  const reason = trial.signal.reason as { code?: unknown } | undefined;
  return typeof reason?.code === "string" ? reason.code : "interrupted";
}

/** The child's environment: tunekit's, the sweep's `env`, then the trial's parameters and helpers. */
function trialEnv(
  sweep: Sweep,
  studyName: string,
  trialNumber: number,
  params: Readonly<Record<string, ParamValue>>,
  paramsFile: string,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  Object.assign(env, sweep.env);
  for (const [name, value] of Object.entries(params)) env[paramEnvName(name)] = String(value);
  const pythonPath = env.PYTHONPATH;
  return Object.assign(env, {
    TUNEKIT_STUDY: studyName,
    TUNEKIT_TRIAL_NUMBER: String(trialNumber),
    TUNEKIT_PARAMS_FILE: paramsFile,
    TUNEKIT_SHELL_HELPER: join(HELPERS_DIR, "shell", "tunekit.sh"),
    PYTHONPATH:
      pythonPath === undefined || pythonPath === ""
        ? join(HELPERS_DIR, "python")
        : `${join(HELPERS_DIR, "python")}${delimiter}${pythonPath}`,
  });
}

/** A study name as one path segment: anything but letters, digits, dot, dash and underscore becomes "_". */
function fileSafe(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]/g, "_");
  return safe === "" || safe === "." || safe === ".." ? "_" : safe;
}
