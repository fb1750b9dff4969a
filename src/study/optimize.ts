import {
  InvalidArgumentError,
  SearchSpaceError,
  StorageError,
  TrialFailed,
  TrialInterrupted,
  TrialPruned,
  TrialRejected,
} from "../errors.js";
import { log } from "../logging/logger.js";
import { checkOptionKeys, type KnownKeys } from "../options/option-keys.js";
import {
  createProgressReporter,
  type ProgressReporter,
  type ProgressSnapshot,
} from "../progress/progress.js";
import type { LeaseSettings } from "../storage/storage.js";
import type { FailReason, FrozenTrial } from "../trial/frozen-trial.js";
import type { Trial } from "../trial/trial.js";
import { budgetMessage } from "./budget.js";
import { LeaseSession, resolveLease } from "./lease-session.js";
import { listenForStop } from "./stop-signals.js";
import type { Study } from "./study.js";

/** An objective: returns one number per direction (or a promise of it). */
export type ObjectiveFunction = (trial: Trial) => unknown;

/** Called after each trial `optimize` finishes, in order; may call `study.stop()`. */
export type OptimizeCallback = (args: {
  readonly study: Study;
  readonly trial: FrozenTrial;
}) => void | Promise<void>;

/** Which objective errors `optimize` records and goes on from (the rest stop it). */
export type CatchOption =
  | boolean
  | readonly (abstract new (
      ...args: never[]
    ) => unknown)[]
  | ((error: unknown) => boolean);

/** Options of `study.optimize`. Without any limit the loop runs until `stop()` or `signal`. */
export interface OptimizeOptions {
  /** Trials this call starts (forbidden ones are not counted). */
  readonly nTrials?: number;
  /** Study-wide cap on started trials, shared by every process and worker. */
  readonly maxTrials?: number;
  /** Seconds after which no new trial starts and running ones are interrupted. */
  readonly timeout?: number;
  /** Seconds one trial may run; then its signal aborts, and after the grace period it is FAIL "timeout". */
  readonly trialTimeout?: number;
  /** Objectives in flight at once in this process (for I/O-bound objectives). Default 1. */
  readonly concurrency?: number;
  /** Aborting it stops the loop as `stop()` does. */
  readonly signal?: AbortSignal;
  /** Objective errors to record and go on from: true (all), a list of error classes, or a predicate. */
  readonly catch?: CatchOption;
  readonly callbacks?: readonly OptimizeCallback[];
  /**
   * Leases for the trials this call runs: a heartbeat every `heartbeatSeconds`; a trial silent for
   * `graceSeconds` is marked STALE by any live worker (and re-enqueued when the study has `retry`).
   * Default: the study's setting, else 10 s / 60 s on storages several processes share; false: none.
   */
  readonly lease?: LeaseSettings | false;
  /** Show progress (done / running / pruned / failed, best, elapsed): a bar on a terminal, plain lines elsewhere. */
  readonly showProgressBar?: boolean;
  /** Seconds an interrupted objective has to settle before it is recorded as FAIL. Default 5. */
  readonly gracePeriod?: number;
  /**
   * Under Node: while this call runs, the first SIGINT or SIGTERM stops it as `stop()` does (running
   * trials get `gracePeriod`, the rest FAIL "interrupted", params written) and a second exits at once;
   * the handlers are removed when it returns. Default true; false leaves signals to you. The
   * platform-free core (`tunekit/core`) listens to no signal.
   */
  readonly handleSignals?: boolean;
}

/** The keys of {@link OptimizeOptions}, checked at runtime (JavaScript callers have no types). */
export const OPTIMIZE_KEYS = {
  nTrials: true,
  maxTrials: true,
  timeout: true,
  trialTimeout: true,
  concurrency: true,
  signal: true,
  catch: true,
  callbacks: true,
  lease: true,
  showProgressBar: true,
  gracePeriod: true,
  handleSignals: true,
} satisfies KnownKeys<OptimizeOptions>;

/** Why `optimize` stopped. */
export const STOP_REASONS = [
  "nTrials",
  "maxTrials",
  "timeout",
  "signal",
  "stopped",
  "exhausted",
  "error",
] as const;

/** One of {@link STOP_REASONS}. */
export type StopReason = (typeof STOP_REASONS)[number];

/** What one `optimize` call did: the search budget it spent. */
export interface OptimizeResult {
  readonly stopReason: StopReason;
  /** Trials this call finished, forbidden ones aside. */
  readonly trialsRun: number;
  readonly completed: number;
  readonly pruned: number;
  readonly failed: number;
  /** Trials rejected as forbidden combinations (not in `trialsRun`). */
  readonly forbidden: number;
  /** Trials whose lease was lost (marked STALE by another worker) before their result was recorded. */
  readonly lost: number;
  /** Sum of the trials' wall-clock durations, seconds. */
  readonly computeSeconds: number;
  /** Wall-clock seconds of the whole call. */
  readonly elapsedSeconds: number;
}

const MAX_CONSECUTIVE_FORBIDDEN = 1000;

type Settled = { kind: "value"; value: unknown } | { kind: "error"; error: unknown } | { kind: "abandoned" };

class Loop {
  stopReason: StopReason | null = null;
  naturalReason: StopReason | null = null;
  fatal: { error: unknown } | null = null;
  started = 0;
  consecutiveForbidden = 0;
  readonly counts = { completed: 0, pruned: 0, failed: 0, forbidden: 0, lost: 0 };
  computeMs = 0;
  readonly stopController = new AbortController();
  /** Trials whose objective is in flight, so a stop can abort them. */
  readonly running = new Set<Trial>();
  readonly startedAt = Date.now();
  reporter: ProgressReporter | null = null;

  readonly leases: LeaseSession;

  constructor(
    readonly study: Study,
    readonly objective: ObjectiveFunction,
    readonly options: OptimizeOptions,
  ) {
    this.leases = new LeaseSession(study, resolveLease(study, options.lease));
  }

  progress(): ProgressSnapshot {
    const best = this.study.directions.length === 1 ? this.study.peekBest() : undefined;
    return {
      studyName: this.study.studyName,
      done: this.counts.completed + this.counts.pruned + this.counts.failed,
      total: this.options.nTrials ?? null,
      running: this.running.size,
      pruned: this.counts.pruned,
      failed: this.counts.failed,
      best: best?.values?.[0] ?? null,
      elapsedSeconds: (Date.now() - this.startedAt) / 1000,
    };
  }

  private report(): void {
    this.reporter?.update(this.progress());
  }

  requestStop(reason: StopReason): void {
    if (this.stopReason === null) this.stopReason = reason;
    this.stopController.abort();
    for (const trial of this.running) trial.abort(interruption());
  }

  fail(error: unknown): void {
    if (this.fatal === null) this.fatal = { error };
    this.requestStop("error");
  }

  async slot(): Promise<void> {
    const { nTrials, maxTrials } = this.options;
    while (!this.stopController.signal.aborted) {
      if (nTrials !== undefined && this.started >= nTrials) {
        this.naturalReason ??= "nTrials";
        return;
      }
      // Reserve the slot before any await, so concurrent slots never start more than nTrials.
      this.started++;
      if (await this.study.sampler.isExhausted?.({ study: this.study.fullView() })) {
        this.started--;
        this.naturalReason ??= "exhausted";
        return;
      }
      if (this.stopController.signal.aborted) {
        this.started--;
        return;
      }
      await this.leases.reap();
      const trial = await this.study.claimNext({
        workerId: this.study.workerId,
        maxTrials: maxTrials ?? null,
        leaseSeconds: this.leases.leaseSeconds,
      });
      if (trial === null) {
        this.started--;
        // A dead worker's trial may still hold a place under maxTrials: reap and retry it first.
        if (await this.leases.othersMayFinishShort(this.stopController.signal)) continue;
        this.naturalReason ??= "maxTrials";
        return;
      }
      const counted = await this.runTrial(trial);
      if (!counted) this.started--;
    }
  }

  /** Runs one trial to its record; returns false when it was forbidden (not counted). */
  private async runTrial(trial: Trial): Promise<boolean> {
    const startedAt = Date.now();
    this.leases.hold(trial);
    const settled = await this.settle(trial);
    const durationMs = Date.now() - startedAt;
    let record: FrozenTrial;
    try {
      record = await this.record(trial, settled);
      await this.leases.retryInterrupted(record);
    } catch (error) {
      if (await this.leases.lostLease(trial, error)) this.counts.lost++;
      else {
        await this.failAfterStorageError(trial, error);
        this.fail(error);
      }
      return true;
    } finally {
      this.leases.release(trial);
    }
    this.computeMs += durationMs;
    this.report();
    const forbidden = record.failReason?.code === "forbidden";
    if (forbidden) {
      this.counts.forbidden++;
      if (++this.consecutiveForbidden >= MAX_CONSECUTIVE_FORBIDDEN) {
        this.fail(
          new InvalidArgumentError(
            `${MAX_CONSECUTIVE_FORBIDDEN} trials in a row were forbidden: the sampler keeps proposing rejected combinations. Narrow the search space so most of it is allowed.`,
          ),
        );
      }
    } else {
      this.consecutiveForbidden = 0;
      if (record.state === "COMPLETE") this.counts.completed++;
      else if (record.state === "PRUNED") this.counts.pruned++;
      else this.counts.failed++;
    }
    try {
      for (const callback of this.options.callbacks ?? [])
        await callback({ study: this.study, trial: record });
    } catch (error) {
      this.fail(error);
    }
    return !forbidden;
  }

  /**
   * When the storage refused to record a trial (a full disk, a read-only file), tries once more to record
   * it FAIL with the reason and the params it tried, leaving out its buffered reports and attributes (what
   * may have filled the disk), so the write is small and may still fit: the trial is not left RUNNING.
   * The storage error still stops the run.
   */
  private async failAfterStorageError(trial: Trial, error: unknown): Promise<void> {
    if (!(error instanceof StorageError)) return;
    const { params, distributions } = trial.takePending();
    trial.restorePending({ params, distributions });
    try {
      await this.study.tell(trial, {
        state: "FAIL",
        reason: { code: "storage", message: `Its result could not be stored: ${error.message}` },
      });
    } catch {
      log(
        "warning",
        `Trial ${trial.number} could not be recorded FAIL either; it stays RUNNING until its lease ends, when the next run marks it STALE (and retries it with retry settings).`,
      );
    }
  }

  /** Runs the objective; after an abort (stop or trial timeout) waits at most the grace period. */
  private settle(trial: Trial): Promise<Settled> {
    const run: Promise<Settled> = (async () => this.objective(trial))().then(
      (value) => ({ kind: "value", value }),
      (error: unknown) => ({ kind: "error", error }),
    );
    const graceMs = (this.options.gracePeriod ?? 5) * 1000;
    let graceTimer: ReturnType<typeof setTimeout> | undefined;
    let trialTimer: ReturnType<typeof setTimeout> | undefined;
    const abandoned = new Promise<Settled>((resolve) => {
      trial.onAbort(() => {
        graceTimer = setTimeout(() => resolve({ kind: "abandoned" }), graceMs);
      });
    });
    this.running.add(trial);
    this.report();
    if (this.stopController.signal.aborted) trial.abort(interruption());
    const { trialTimeout } = this.options;
    if (trialTimeout !== undefined) {
      trialTimer = setTimeout(
        () =>
          trial.abort(new TrialInterrupted("timeout", `The trial exceeded trialTimeout=${trialTimeout} s.`)),
        trialTimeout * 1000,
      );
    }
    return Promise.race([run, abandoned]).finally(() => {
      clearTimeout(graceTimer);
      clearTimeout(trialTimer);
      this.running.delete(trial);
    });
  }

  private async record(trial: Trial, settled: Settled): Promise<FrozenTrial> {
    const study = this.study;
    if (settled.kind === "value") {
      const { record, error } = await study.tellValue(trial, settled.value);
      if (error !== null) this.fail(error);
      return record;
    }
    if (settled.kind === "abandoned") {
      const reason = reasonOf(trial);
      return study.tell(trial, {
        state: "FAIL",
        reason: {
          code: reason.code,
          message: `${reason.message} It did not settle within the grace period.`,
        },
      });
    }
    const error = settled.error;
    if (error instanceof TrialPruned) return study.tell(trial, { state: "PRUNED" });
    if (error instanceof TrialRejected)
      return study.tell(trial, { state: "FAIL", reason: { code: "forbidden", message: error.message } });
    if (trial.abortState.aborted) {
      const reason = reasonOf(trial);
      return study.tell(trial, {
        state: "FAIL",
        reason: { code: reason.code, message: `${reason.message} ${messageOf(error)}` },
      });
    }
    if (error instanceof TrialFailed)
      return study.tell(trial, { state: "FAIL", reason: { code: error.reasonCode, message: error.message } });
    const searchSpace = error instanceof SearchSpaceError;
    const failReason: FailReason = {
      code: searchSpace ? "search-space" : "exception",
      message: messageOf(error),
      ...(error instanceof Error && error.stack !== undefined ? { stack: error.stack } : {}),
    };
    const told = await study.tell(trial, { state: "FAIL", reason: failReason });
    if (searchSpace || !this.catches(error)) this.fail(error);
    return told;
  }

  private catches(error: unknown): boolean {
    const c = this.options.catch;
    if (c === undefined || c === false) return false;
    if (c === true) return true;
    if (typeof c === "function") return (c as (e: unknown) => boolean)(error);
    return c.some((cls) => error instanceof cls);
  }
}

function interruption(): TrialInterrupted {
  return new TrialInterrupted("interrupted", "The study was stopped while this trial ran.");
}

function reasonOf(trial: Trial): { code: string; message: string } {
  const r = trial.abortState.reason;
  return r instanceof TrialInterrupted
    ? { code: r.code, message: r.message }
    : { code: "interrupted", message: "The trial was aborted." };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function checkOptions(o: OptimizeOptions): void {
  checkOptionKeys("optimize()", o, OPTIMIZE_KEYS);
  const positiveInt = (name: keyof OptimizeOptions, min: number) => {
    const v = o[name];
    if (v !== undefined && (typeof v !== "number" || !Number.isInteger(v) || v < min)) {
      throw new InvalidArgumentError(
        `optimize(): ${name} must be an integer ≥ ${min}, but got ${String(v)}.`,
        { name, value: v },
      );
    }
  };
  const positive = (name: keyof OptimizeOptions) => {
    const v = o[name];
    if (v !== undefined && (typeof v !== "number" || !(v > 0))) {
      throw new InvalidArgumentError(
        `optimize(): ${name} must be a positive number of seconds, but got ${String(v)}.`,
        { name, value: v },
      );
    }
  };
  positiveInt("nTrials", 0);
  positiveInt("maxTrials", 0);
  positiveInt("concurrency", 1);
  positive("timeout");
  positive("trialTimeout");
  if (o.gracePeriod !== undefined && !(o.gracePeriod >= 0)) {
    throw new InvalidArgumentError(`optimize(): gracePeriod must be ≥ 0 seconds, but got ${o.gracePeriod}.`, {
      name: "gracePeriod",
      value: o.gracePeriod,
    });
  }
}

/**
 * The `optimize` loop: `concurrency` slots each claim a trial, run the objective and record the outcome,
 * until a limit is reached or a stop is requested. A stop (signal, timeout, `stop()`, an uncaught error)
 * starts no new trial and aborts running trials' signals; those that settle within the grace period are
 * recorded, the rest become FAIL "interrupted". Rejects with the first uncaught error once every trial
 * it started is recorded; no trial is left RUNNING.
 * @example
 * await runOptimize(study, objective, { nTrials: 10 });
 */
export async function runOptimize(
  study: Study,
  objective: ObjectiveFunction,
  options: OptimizeOptions,
): Promise<OptimizeResult> {
  checkOptions(options);
  if (typeof objective !== "function") {
    throw new InvalidArgumentError(
      `optimize(): objective must be a function (trial) => value, but got ${typeof objective}.`,
    );
  }
  const loop = new Loop(study, objective, options);
  const startedAt = loop.startedAt;
  if (options.showProgressBar === true) {
    loop.reporter = createProgressReporter({ studyName: study.studyName, total: options.nTrials ?? null });
  }
  const onSignal = () => loop.requestStop("signal");
  options.signal?.addEventListener("abort", onSignal, { once: true });
  if (options.signal?.aborted) onSignal();
  const removeStop = study.onStop(() => loop.requestStop("stopped"));
  const removeSignals =
    options.handleSignals === false ? () => undefined : listenForStop(() => loop.requestStop("signal"));
  const timeout =
    options.timeout === undefined
      ? undefined
      : setTimeout(() => loop.requestStop("timeout"), options.timeout * 1000);
  try {
    await loop.leases.ready();
    await Promise.all(
      Array.from({ length: options.concurrency ?? 1 }, () => loop.slot().catch((e: unknown) => loop.fail(e))),
    );
  } finally {
    clearTimeout(timeout);
    removeStop();
    removeSignals();
    options.signal?.removeEventListener("abort", onSignal);
    loop.reporter?.stop(loop.progress());
    await loop.leases.close();
  }
  const result: OptimizeResult = {
    stopReason: loop.stopReason ?? loop.naturalReason ?? "nTrials",
    trialsRun: loop.counts.completed + loop.counts.pruned + loop.counts.failed,
    ...loop.counts,
    computeSeconds: loop.computeMs / 1000,
    elapsedSeconds: (Date.now() - startedAt) / 1000,
  };
  log("info", budgetMessage(study.studyName, result));
  if (loop.fatal !== null) throw loop.fatal.error;
  return result;
}
