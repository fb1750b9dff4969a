import { log } from "../logging/logger.js";

/** What a progress display shows of a running `optimize`. */
export interface ProgressSnapshot {
  readonly studyName: string;
  /** Trials finished by this call (forbidden ones aside). */
  readonly done: number;
  /** `nTrials`, when the call has one. */
  readonly total: number | null;
  readonly running: number;
  readonly pruned: number;
  readonly failed: number;
  /** Best value of a single-objective study so far, or null. */
  readonly best: number | null;
  readonly elapsedSeconds: number;
}

/** Receives progress while `optimize` runs with `showProgressBar`. */
export interface ProgressReporter {
  update(progress: ProgressSnapshot): void;
  /** The loop ended; draw the last state and release the terminal. */
  stop(progress: ProgressSnapshot): void;
}

/** Makes a reporter for one `optimize` call. */
export type ProgressFactory = (args: {
  readonly studyName: string;
  readonly total: number | null;
}) => ProgressReporter;

/**
 * One line of progress text: "37/100 done · 2 running · 5 pruned · 1 failed · best 0.0123 · 12.4 s".
 * @example
 * formatProgress({ studyName: "s", done: 1, total: 10, running: 0, pruned: 0, failed: 0, best: null, elapsedSeconds: 1 });
 */
export function formatProgress(p: ProgressSnapshot): string {
  const done = p.total === null ? `${p.done} done` : `${p.done}/${p.total} done`;
  const best = p.best === null ? "" : ` · best ${Number(p.best.toPrecision(6))}`;
  return `${done} · ${p.running} running · ${p.pruned} pruned · ${p.failed} failed${best} · ${p.elapsedSeconds.toFixed(1)} s`;
}

/**
 * The platform-free reporter: a plain log line at most every `everySeconds` and at the end, for logs and
 * pipes where a redrawn bar would be noise.
 * @example
 * setProgressFactory(() => plainProgress(10));
 */
export function plainProgress(everySeconds = 10): ProgressReporter {
  let last = -Infinity;
  return {
    update(p) {
      if (p.elapsedSeconds - last < everySeconds) return;
      last = p.elapsedSeconds;
      log("info", `Study "${p.studyName}": ${formatProgress(p)}`);
    },
    stop(p) {
      log("info", `Study "${p.studyName}": ${formatProgress(p)}`);
    },
  };
}

let factory: ProgressFactory = () => plainProgress();

/**
 * Sets how `optimize({ showProgressBar: true })` shows progress. The Node entry installs a redrawn bar on
 * terminals and plain lines elsewhere; the core default is plain lines.
 * @example
 * setProgressFactory(({ total }) => myReporter(total));
 */
export function setProgressFactory(next: ProgressFactory): void {
  factory = next;
}

/**
 * A reporter from the current factory.
 * @example
 * const reporter = createProgressReporter({ studyName: "s", total: 100 });
 */
export function createProgressReporter(args: {
  readonly studyName: string;
  readonly total: number | null;
}): ProgressReporter {
  return factory(args);
}
