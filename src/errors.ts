/**
 * Every error tunekit throws is a {@link TunekitError} with a stable `code`, so callers can branch on
 * `err.code` instead of on message text. Messages say what must hold, what was received and how to fix it.
 */

/** Stable error codes. New codes are appended; existing ones never change meaning. */
export const ERROR_CODES = [
  "invalid-argument",
  "search-space",
  "incompatible-distribution",
  "objective-result",
  "trial-not-running",
  "trial-not-found",
  "study-not-found",
  "duplicated-study",
  "no-completed-trials",
  "multi-objective",
  "storage",
  "storage-url",
  "unknown-plugin",
  "trial-pruned",
  "trial-rejected",
  "interrupted",
  "timeout",
  "invalid-sweep",
  "sweep-changed",
  "trial-failed",
  "storage-not-found",
  "nothing-to-score",
] as const;

/** One of {@link ERROR_CODES}. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Extra structured facts about an error: the offending name and value, where there is one. */
export interface ErrorDetails {
  readonly name?: string;
  readonly value?: unknown;
  readonly cause?: unknown;
}

/**
 * Base class of every tunekit error.
 * @example
 * try { trial.suggestFloat("lr", 0, 1, { log: true }); }
 * catch (e) { if (e instanceof TunekitError && e.code === "search-space") console.error(e.message); }
 */
export class TunekitError extends Error {
  readonly code: ErrorCode;
  readonly paramName: string | undefined;
  readonly value: unknown;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.code = code;
    this.paramName = details.name;
    this.value = details.value;
  }
}

/** A bad argument to a tunekit function (not a search-space definition). */
export class InvalidArgumentError extends TunekitError {
  constructor(message: string, details?: ErrorDetails) {
    super("invalid-argument", message, details);
  }
}

/**
 * A parameter's distribution is malformed (low > high, log with low ≤ 0, a step that does not divide the
 * range, no choices) or conflicts with the distribution the same name has elsewhere in the study. Always
 * stops `optimize`: it is a bug in the objective, not a property of one trial.
 */
export class SearchSpaceError extends TunekitError {
  constructor(
    message: string,
    details?: ErrorDetails,
    code: "search-space" | "incompatible-distribution" = "search-space",
  ) {
    super(code, message, details);
  }
}

/** An objective returned something that is not one finite-or-NaN number per objective. Stops `optimize`. */
export class ObjectiveResultError extends TunekitError {
  constructor(message: string, details?: ErrorDetails) {
    super("objective-result", message, details);
  }
}

/** A write to a trial that is no longer RUNNING (told twice, or finished elsewhere). */
export class TrialNotRunningError extends TunekitError {
  constructor(message: string, details?: ErrorDetails) {
    super("trial-not-running", message, details);
  }
}

/** A trial number or id that the study does not have. */
export class TrialNotFoundError extends TunekitError {
  constructor(message: string, details?: ErrorDetails) {
    super("trial-not-found", message, details);
  }
}

/** `loadStudy` or `deleteStudy` named a study that the storage does not hold. */
export class StudyNotFoundError extends TunekitError {
  constructor(message: string, details?: ErrorDetails) {
    super("study-not-found", message, details);
  }
}

/** `createStudy` named a study that exists, without `loadIfExists`. */
export class DuplicatedStudyError extends TunekitError {
  constructor(message: string, details?: ErrorDetails) {
    super("duplicated-study", message, details);
  }
}

/** `bestTrial`/`bestValue`/`bestParams` on a study with no complete (feasible) trial. */
export class NoCompletedTrialsError extends TunekitError {
  constructor(message: string, details?: ErrorDetails) {
    super("no-completed-trials", message, details);
  }
}

/** A single-objective accessor (`bestValue`, `bestTrial`) used on a multi-objective study. */
export class MultiObjectiveError extends TunekitError {
  constructor(message: string, details?: ErrorDetails) {
    super("multi-objective", message, details);
  }
}

/** A storage back-end failed, or its data is not what this version of tunekit can read. */
export class StorageError extends TunekitError {
  constructor(message: string, details?: ErrorDetails) {
    super("storage", message, details);
  }
}

/**
 * A read-only open found no tunekit storage at the URL: no such SQLite file, or a PostgreSQL schema
 * without tunekit's tables. Readers never create one; a study run creates it.
 */
export class StorageNotFoundError extends TunekitError {
  constructor(message: string, details?: ErrorDetails) {
    super("storage-not-found", message, details);
  }
}

/** A storage URL with an unknown scheme or a malformed body. */
export class StorageUrlError extends TunekitError {
  constructor(message: string, details?: ErrorDetails) {
    super("storage-url", message, details);
  }
}

/** A sampler or pruner config names a plug-in that no registry knows. */
export class UnknownPluginError extends TunekitError {
  constructor(message: string, details?: ErrorDetails) {
    super("unknown-plugin", message, details);
  }
}

/**
 * Thrown by an objective (usually after `await trial.shouldPrune()` returned true) to stop the trial
 * early. The trial is recorded as PRUNED; this is never an error for `optimize`.
 * @example
 * if (await trial.shouldPrune()) throw new TrialPruned();
 */
export class TrialPruned extends TunekitError {
  constructor(message = "Trial was pruned.") {
    super("trial-pruned", message);
  }
}

/**
 * Thrown (or raised by `trial.forbid(reason)`) when the suggested combination is forbidden. The trial is
 * recorded as FAIL with reason code "forbidden" and does not count against `nTrials`.
 * @example
 * if (batch > 64 && model === "large") throw new TrialRejected("large models need batch ≤ 64");
 */
export class TrialRejected extends TunekitError {
  constructor(reason = "forbidden parameter combination") {
    super("trial-rejected", reason);
  }
}

/**
 * The reason a trial's `signal` aborts: the study stopped ("interrupted") or the trial ran past
 * `trialTimeout` ("timeout"). `trial.signal.throwIfAborted()` throws it.
 * @example
 * trial.signal.addEventListener("abort", () => console.log((trial.signal.reason as TrialInterrupted).code));
 */
export class TrialInterrupted extends TunekitError {
  declare readonly code: "interrupted" | "timeout";
  constructor(code: "interrupted" | "timeout", message: string) {
    super(code, message);
  }
}

/**
 * Thrown by an objective to record its trial as FAIL with a reason code of its own ("exit-code",
 * "missing-metric", ...) and go on (tunekit throws it too, from `suggest*`, for an enqueued value outside
 * the distribution: "invalid-enqueued-params"): `optimize` always catches it, whatever its `catch` option says, because
 * the objective has already decided this is a property of the trial, not a bug.
 * @example
 * if (exitCode !== 0) throw new TrialFailed("exit-code", `the program exited with code ${exitCode}`);
 */
export class TrialFailed extends TunekitError {
  /** The trial's `failReason.code`. */
  readonly reasonCode: string;
  constructor(reasonCode: string, message: string) {
    super("trial-failed", message);
    this.reasonCode = reasonCode;
  }
}

/** Where a sweep file is wrong: the file, the 1-based line and column, the field path and what must hold. */
export interface SweepIssue {
  readonly file: string;
  readonly line: number | null;
  readonly column: number | null;
  /** The field, dotted: `parameters.lr.low`; "" for the whole document. */
  readonly path: string;
  readonly message: string;
}

/**
 * A sweep file (or a sweep stored with a study) that does not validate. The message lists every issue as
 * `file:line:column: field: what must hold`; `issues` holds them as data.
 * @example
 * try { await loadSweepFile("sweep.yaml"); } catch (e) { if (e instanceof SweepError) console.error(e.message); }
 */
export class SweepError extends TunekitError {
  readonly issues: readonly SweepIssue[];
  constructor(issues: readonly SweepIssue[]) {
    super("invalid-sweep", issues.map(formatSweepIssue).join("\n"));
    this.issues = issues;
  }
}

/** One issue as `file:line:column: field: message`. */
export function formatSweepIssue(issue: SweepIssue): string {
  const where =
    issue.line === null
      ? issue.file
      : `${issue.file}:${issue.line}${issue.column === null ? "" : `:${issue.column}`}`;
  return `${where}: ${issue.path === "" ? "" : `${issue.path}: `}${issue.message}`;
}

/** A re-run with a sweep that differs from the study's stored sweep in a way that cannot apply to it. */
export class SweepChangedError extends TunekitError {
  constructor(message: string, details?: ErrorDetails) {
    super("sweep-changed", message, details);
  }
}

/**
 * Parameter importance has nothing to score: every parameter the scored trials share has a single possible
 * value, or the trials share no parameter at all (conditional search spaces: score each parameter over the
 * trials where it is active with `conditional: "active"`).
 */
export class NothingToScoreError extends TunekitError {
  constructor(message: string, details?: ErrorDetails) {
    super("nothing-to-score", message, details);
  }
}
