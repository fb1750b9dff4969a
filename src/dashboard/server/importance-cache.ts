/**
 * Parameter importances for the dashboard, computed on the cached columns and kept per (study,
 * objective, evaluator) with the trial count they cover. The computation runs on the server's thread,
 * so its cost is bounded twice: by a per-evaluator cap on the trials it sees, and by a throttle that
 * recomputes a key at most once per `max(minIntervalMs, 10 × its last computing time)` — at most about
 * a tenth of the event loop per panel however fast trials arrive. Between recomputations the last
 * answer is served, marked stale.
 */
import {
  type Direction,
  type FrozenTrial,
  IMPORTANCE_EVALUATOR_NAMES,
  type ImportanceEvaluatorName,
  NoCompletedTrialsError,
  NothingToScoreError,
  rankedImportances,
} from "../../core.js";
import type { ImportanceResponse } from "../api-types.js";
import { importanceRows, importanceTrials } from "./importance-trials.js";
import type { StudyColumns } from "./study-columns.js";

/** What computes importances: the public `paramImportances` with the evaluator named, or a test's fake. */
export type ImportanceFn = (
  trials: readonly FrozenTrial[],
  directions: readonly Direction[],
  options: { readonly evaluator: ImportanceEvaluatorName },
) => Record<string, number>;

/** Options of {@link ImportanceCache}. */
export interface ImportanceCacheOptions {
  /** The computation (default: `paramImportances` with the named evaluator). */
  readonly compute?: ImportanceFn;
  /** Most trials each evaluator is given (defaults: {@link IMPORTANCE_CAPS}). */
  readonly caps?: Readonly<Partial<Record<ImportanceEvaluatorName, number>>>;
  /** Shortest time between two computations of one key, ms (default 1,000). */
  readonly minIntervalMs?: number;
  /** How many keys are kept; the least recently used goes first (default 64). */
  readonly maxEntries?: number;
  /** The clock, ms (tests pass their own). */
  readonly now?: () => number;
}

/**
 * Default caps: the most trials each evaluator gets, so that an answer stays under 0.3 s on a
 * 100,000-trial study on the loaded 2-core machine of bench/dashboard.ts, the first (not yet compiled)
 * run included. With 10 parameters, measured there: PED-ANOVA 20–70 ms on 5,000 trials; fANOVA (64
 * trees) 95–280 ms on 500; impurity importance (the same forest) 90–190 ms on 1,000.
 */
export const IMPORTANCE_CAPS: Readonly<Record<ImportanceEvaluatorName, number>> = {
  "ped-anova": 5000,
  fanova: 300,
  mdi: 600,
};

interface Entry {
  readonly response: ImportanceResponse;
  readonly computedAt: number;
  readonly tookMs: number;
}

/**
 * Importances per (study, objective, evaluator), recomputed when the trial count moved and the throttle
 * allows.
 * @example
 * const importance = new ImportanceCache((trials, directions, { evaluator }) => ...);
 * importance.get(columns, 0, "ped-anova").importances;
 */
export class ImportanceCache {
  private readonly compute: ImportanceFn;
  private readonly caps: Readonly<Partial<Record<ImportanceEvaluatorName, number>>>;
  private readonly minIntervalMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  private readonly entries = new Map<string, Entry>();

  constructor(compute: ImportanceFn, options: Omit<ImportanceCacheOptions, "compute"> = {}) {
    this.compute = compute;
    this.caps = { ...IMPORTANCE_CAPS, ...options.caps };
    this.minIntervalMs = options.minIntervalMs ?? 1000;
    this.maxEntries = options.maxEntries ?? 64;
    this.now = options.now ?? (() => performance.now());
  }

  /** The importances of `objective` by `evaluator`, from the cache when still current or throttled. */
  get(columns: StudyColumns, objective: number, evaluator: ImportanceEvaluatorName): ImportanceResponse {
    const key = JSON.stringify([columns.study.studyId, objective, evaluator]);
    const { rows, total } = importanceRows(
      columns,
      objective,
      this.caps[evaluator] ?? IMPORTANCE_CAPS[evaluator],
    );
    const entry = this.entries.get(key);
    if (entry !== undefined) {
      // Re-inserted so the map's order is the order of use.
      this.entries.delete(key);
      this.entries.set(key, entry);
      if (entry.response.total === total) return entry.response;
      const wait = entry.computedAt + Math.max(this.minIntervalMs, 10 * entry.tookMs) - this.now();
      if (wait > 0) return { ...entry.response, stale: true, retryAfterMs: Math.ceil(wait) };
    }
    const start = this.now();
    const { scores, problem } = this.scores(columns, rows, objective, evaluator);
    const end = this.now();
    const response: ImportanceResponse = {
      objective,
      evaluator,
      evaluators: IMPORTANCE_EVALUATOR_NAMES,
      importances: rankedImportances(scores),
      used: rows.length,
      total,
      sampled: rows.length < total,
      note: problem ?? (rows.length < total ? capNote(rows.length, total) : null),
      stale: false,
      retryAfterMs: null,
    };
    this.entries.delete(key);
    this.entries.set(key, { response, computedAt: end, tookMs: end - start });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    return response;
  }

  /** The scores, or none and why when there is nothing to score yet (a study's usual early state). */
  private scores(
    columns: StudyColumns,
    rows: readonly number[],
    objective: number,
    evaluator: ImportanceEvaluatorName,
  ): { scores: Record<string, number>; problem: string | null } {
    if (rows.length < 2) return { scores: {}, problem: null };
    const trials = importanceTrials(columns, rows, objective);
    const directions = [columns.directions[objective] as Direction];
    try {
      return { scores: this.compute(trials, directions, { evaluator }), problem: null };
    } catch (error) {
      if (error instanceof NothingToScoreError || error instanceof NoCompletedTrialsError)
        return { scores: {}, problem: error.message };
      throw error;
    }
  }
}

function capNote(used: number, total: number): string {
  return `Computed on ${used.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} complete trials, evenly spread over trial numbers.`;
}
