import {
  type FrozenTrial,
  formatSearchBudget,
  log,
  type OptimizeResult,
  paramsAtEdge,
  type SearchBudget,
  type Study,
  searchBudget,
} from "../index.js";
import { liveView, type RunCounts } from "./live-view.js";
import { cleanOrphans, type TrialProcess } from "./process/index.js";
import { parseDuration, type Sweep } from "./sweep/index.js";
import { formatNumber, printJson, printLines } from "./terminal.js";
import { sweepObjective } from "./trial-objective.js";

/** Overrides of the sweep given on the command line (`tunekit run` and `tunekit worker`). */
export interface RunFlags {
  /** Trials this invocation may start (still capped by the study's `budget.trials`). */
  readonly trials?: number;
  readonly parallel?: number;
  /** How long this invocation starts trials: seconds or a duration such as "90m"; replaces `budget.time`. */
  readonly timeout?: string;
  /** Print the summary as JSON, without the live view. */
  readonly json?: boolean;
}

/** How a run ended, for the summary, `--json` and the exit code. */
export interface RunSummary {
  readonly study: string;
  readonly stopReason: OptimizeResult["stopReason"] | "failures";
  readonly run: OptimizeResult;
  readonly budget: SearchBudget;
  readonly best: BestSummary | null;
  readonly paretoFront: readonly BestSummary[] | null;
  readonly warnings: readonly string[];
  readonly exitCode: number;
}

/** A best trial as the summary shows it. */
export interface BestSummary {
  readonly number: number;
  readonly values: readonly number[] | null;
  readonly params: FrozenTrial["params"];
  readonly logPath: string | null;
}

/**
 * Runs a sweep's trials on `study` until its budget, a timeout, Ctrl-C or the consecutive-failure limit
 * stops it, then reports the best trial and the search budget. Trial process groups left by a killed
 * tunekit on this host are cleaned up first. Ctrl-C (or SIGTERM) stops by the core's rule: no new trial,
 * running ones get SIGTERM then SIGKILL after `killGrace` and are re-run by the next run; a second Ctrl-C
 * kills them at once; a third exits.
 * @example
 * const summary = await runSweep({ study, sweep, flags: {}, baseDir: process.cwd() });
 */
export async function runSweep(args: {
  readonly study: Study;
  readonly sweep: Sweep;
  readonly flags: RunFlags;
  /** The folder the sweep's `workdir` and `logs` are relative to. */
  readonly baseDir: string;
}): Promise<RunSummary> {
  const { study, sweep, flags, baseDir } = args;
  const orphans = await cleanOrphans({ graceMs: sweep.killGrace * 1000 });
  for (const warning of orphans.warnings) log("warning", warning);
  if (orphans.killed.length > 0) {
    log(
      "warning",
      `Stopped ${orphans.killed.length} trial process group(s) left by a tunekit that died: ${orphans.killed.join(", ")}.`,
    );
  }
  const live = new Set<TrialProcess>();
  const controller = new AbortController();
  const stopSignals = handleSignals(controller, live);
  const counts: RunCounts = { done: 0, pruned: 0, failed: 0 };
  const timeout =
    flags.timeout === undefined ? (sweep.budget.time ?? undefined) : parseDuration(flags.timeout);
  const view = flags.json
    ? { update() {}, stop() {} }
    : liveView({
        study,
        counts,
        running: () => live.size,
        budgetTrials: sweep.budget.trials,
        timeoutSeconds: timeout ?? null,
      });
  let consecutiveFailures = 0;
  let failureStop: string | null = null;
  let result: OptimizeResult;
  try {
    result = await study.optimize(sweepObjective({ study, sweep, live, baseDir }), {
      ...(flags.trials === undefined ? {} : { nTrials: flags.trials }),
      ...(sweep.budget.trials === null ? {} : { maxTrials: sweep.budget.trials }),
      ...(timeout === undefined ? {} : { timeout }),
      ...(sweep.trialTimeout === null ? {} : { trialTimeout: sweep.trialTimeout }),
      concurrency: flags.parallel ?? sweep.parallel,
      signal: controller.signal,
      // The run handles SIGINT/SIGTERM itself (a second one kills the trials' process groups).
      handleSignals: false,
      catch: true,
      gracePeriod: sweep.killGrace + 5,
      callbacks: [
        ({ trial }) => {
          if (trial.failReason?.code === "forbidden") return;
          counts.done++;
          if (trial.state === "PRUNED") counts.pruned++;
          if (trial.state === "FAIL" && trial.failReason?.code !== "interrupted") {
            counts.failed++;
            consecutiveFailures++;
            if (consecutiveFailures >= sweep.budget.maxConsecutiveFailures && failureStop === null) {
              failureStop = `${consecutiveFailures} trials failed in a row (budget.maxConsecutiveFailures = ${sweep.budget.maxConsecutiveFailures}); the last one: ${trial.failReason?.message ?? "no reason recorded"}`;
              controller.abort();
            }
          } else if (trial.state !== "FAIL") consecutiveFailures = 0;
          view.update();
        },
      ],
    });
  } finally {
    view.stop();
    stopSignals();
  }
  if (failureStop !== null)
    log("error", `Stopped: ${failureStop}. Fix the program or the sweep, then run again to continue.`);
  // Other workers' trials reach this process's snapshot only on its own asks and tells: read them all
  // so the summary's best trial and budget are the study's, not this run's view of it.
  await study.refresh();
  return summarize(study, result, failureStop !== null, stopSignals.count() > 0);
}

function summarize(study: Study, run: OptimizeResult, failed: boolean, interrupted: boolean): RunSummary {
  const trials = study.trials;
  const budget = searchBudget(trials);
  const warnings: string[] = [];
  let best: BestSummary | null = null;
  let paretoFront: BestSummary[] | null = null;
  if (study.directions.length === 1) {
    if (budget.complete > 0) {
      try {
        const trial = study.bestTrial;
        best = bestSummary(trial);
        for (const p of paramsAtEdge(trial)) {
          warnings.push(
            `The best trial's ${p.name} = ${formatNumber(p.value)} lies at the ${p.edge} edge of its range [${p.distribution.type === "categorical" ? "" : `${p.distribution.low}, ${p.distribution.high}`}]: the optimum may lie outside; consider widening it.`,
          );
        }
      } catch {
        best = null;
      }
    }
  } else {
    paretoFront = study.bestTrials.map(bestSummary);
  }
  return {
    study: study.studyName,
    stopReason: failed ? "failures" : run.stopReason,
    run,
    budget,
    best,
    paretoFront,
    warnings,
    exitCode: failed || run.stopReason === "error" ? 1 : interrupted ? 130 : 0,
  };
}

function bestSummary(trial: FrozenTrial): BestSummary {
  const logPath = trial.systemAttrs.logPath;
  return {
    number: trial.number,
    values: trial.values,
    params: trial.params,
    logPath: typeof logPath === "string" ? logPath : null,
  };
}

/**
 * Prints a run's summary (as JSON with `--json`) on stdout; returns the exit code.
 * @example
 * return reportRun(summary, { metrics: sweep.metrics, storage: redact(url), json: false });
 */
export function reportRun(
  summary: RunSummary,
  args: { readonly metrics: readonly string[]; readonly storage: string; readonly json?: boolean },
): number {
  if (args.json) printJson({ storage: args.storage, ...summary });
  else printLines(summaryLines(summary, args.metrics));
  return summary.exitCode;
}

/** The lines `tunekit run` prints at the end: the best trial (or Pareto front), warnings and the budget. */
export function summaryLines(summary: RunSummary, metrics: readonly string[]): string[] {
  const lines: string[] = [];
  const describe = (b: BestSummary) =>
    `trial ${b.number}: ${metrics.map((m, i) => `${m} = ${formatNumber(b.values?.[i])}`).join(", ")}  params ${JSON.stringify(b.params)}`;
  if (summary.best !== null) lines.push(`Best ${describe(summary.best)}`);
  else if (summary.paretoFront !== null && summary.paretoFront.length > 0) {
    lines.push(`Pareto front (${summary.paretoFront.length} trials):`);
    for (const b of summary.paretoFront) lines.push(`  ${describe(b)}`);
  } else lines.push("No trial completed yet.");
  if (summary.best?.logPath) lines.push(`  log: ${summary.best.logPath}`);
  for (const w of summary.warnings) lines.push(`Warning: ${w}`);
  lines.push(`Search budget of study "${summary.study}": ${formatSearchBudget(summary.budget)}.`);
  return lines;
}

/**
 * SIGINT/SIGTERM: the first stops the run by the usual rule, the second kills running trial process
 * groups at once, the third exits. Returns the remover, which also tells how many signals arrived.
 */
function handleSignals(
  controller: AbortController,
  live: ReadonlySet<TrialProcess>,
): (() => void) & { count(): number } {
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals++;
    if (signals === 1) {
      log(
        "warning",
        `${signal}: stopping. No new trial starts; running trials are stopped and re-run by the next run. Press Ctrl-C again to kill them now.`,
      );
      controller.abort();
    } else if (signals === 2) {
      log("warning", `${signal}: killing ${live.size} running trial(s) now.`);
      for (const proc of live) void proc.stop("interrupted", 0);
    } else process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const remove = () => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  };
  return Object.assign(remove, { count: () => signals });
}
