/**
 * Helpers shared by the unit tests: capturing errors, silencing and capturing logs, building
 * studies and trial records, and a deterministic random stream. Test-only; never imported by src/.
 */
import { afterEach, beforeEach, expect } from "vitest";
import { SearchSpaceError } from "../src/errors.js";
import { setLogSink, setVerbosity, type Verbosity } from "../src/logging/logger.js";
import { RandomSampler } from "../src/samplers/random/random-sampler.js";
import { MemoryStorage } from "../src/storage/memory/memory-storage.js";
import { blankTrial } from "../src/storage/trial-record.js";
import { createStudy, loadStudy } from "../src/study/create-study.js";
import type { Study } from "../src/study/study.js";
import type { FrozenTrial } from "../src/trial/frozen-trial.js";

/**
 * Awaits `promise`, which must reject, and returns what it rejected with.
 * @example
 * const e = (await rejection(loadStudy({ storage, studyName: "nope" }))) as StudyNotFoundError;
 */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the promise to reject, but it resolved");
}

/**
 * Runs `fn`, which must throw, and returns what it threw.
 * @example
 * const e = thrown(() => trial.report(0.5, -1)) as InvalidArgumentError;
 */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to throw, but it returned");
}

/**
 * Asserts that `fn` throws a SearchSpaceError with `code`, naming `name` in its message and in
 * `paramName`, with a message matching `text`; returns the error for further checks.
 * @example
 * expectSpaceError(() => trial.suggestInt("x", 0, 1), "x", "incompatible-distribution", /float/);
 */
export function expectSpaceError(
  fn: () => unknown,
  name: string,
  code: "search-space" | "incompatible-distribution",
  text: RegExp,
): SearchSpaceError {
  const error = thrown(fn);
  expect(error).toBeInstanceOf(SearchSpaceError);
  const e = error as SearchSpaceError;
  expect(e.code).toBe(code);
  expect(e.paramName).toBe(name);
  expect(e.message).toContain(`"${name}"`);
  expect(e.message).toMatch(text);
  return e;
}

/**
 * Silences the library's logging in the calling test file: sets verbosity to "silent" before each
 * test, and after each test removes any log sink a test installed and silences again. Call it once,
 * at the top level of the file.
 */
export function silenceLogs(): void {
  beforeEach(() => setVerbosity("silent"));
  afterEach(() => {
    setLogSink(undefined);
    setVerbosity("silent");
  });
}

/** One line written to the log sink that `captureLogs` installs. */
export interface LogLine {
  level: string;
  message: string;
}

/**
 * Sends log lines at `verbosity` and above to the returned array, in order. Pair with `silenceLogs`,
 * which removes the sink after the test.
 * @example
 * const lines = captureLogs("warning");
 */
export function captureLogs(verbosity: Exclude<Verbosity, "silent">): LogLine[] {
  const lines: LogLine[] = [];
  setLogSink((level, message) => lines.push({ level, message }));
  setVerbosity(verbosity);
  return lines;
}

/** Asserts that no trial of `study` is left RUNNING or WAITING (listing any as `number:state`). */
export async function expectNoRunning(study: Study): Promise<void> {
  const stuck = await study.getTrials({ states: ["RUNNING", "WAITING"] });
  expect(stuck.map((t) => `${t.number}:${t.state}`)).toEqual([]);
}

/**
 * A study named "s" on a fresh MemoryStorage (seeded RandomSampler), and a second Study object on
 * the same storage, as another worker would hold.
 */
export async function studyPair(): Promise<{ study: Study; observer: Study }> {
  const storage = new MemoryStorage();
  const study = await createStudy({ storage, studyName: "s", sampler: new RandomSampler({ seed: 1 }) });
  const observer = await loadStudy({ storage, studyName: "s" });
  return { study, observer };
}

let uniqueCounter = 0;
/**
 * A name unique in this process, for the process-wide `memory:` storages.
 * @example
 * const name = uniqueName("shared"); // "test-shared-1-3f9c0a2b"
 */
export function uniqueName(label: string): string {
  uniqueCounter++;
  return `test-${label}-${uniqueCounter}-${globalThis.crypto.randomUUID().slice(0, 8)}`;
}

/**
 * A FrozenTrial record: trial 0 (id 0), COMPLETE with no values, empty content, no times, worker,
 * lease, retry or fail reason, seq 0; `fields` overrides any of that.
 * @example
 * frozenTrial({ number: 3, values: [1, 2] });
 */
export function frozenTrial(fields: Partial<FrozenTrial> = {}): FrozenTrial {
  return { ...blankTrial(0, 0, "COMPLETE"), ...fields };
}

/**
 * Numerical Recipes LCG, uniform in [0, 1); deterministic, unlike Math.random.
 * @example
 * const random = lcg(42);
 * random(); // the same number on every run
 */
export function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}
