import { scalarReport } from "../../pruners/pruner.js";
import type { StudyView } from "../../study/study-view.js";
import type { TrialColumns } from "../../study/trial-columns.js";
import { type FrozenTrial, lastIntermediate } from "../../trial/frozen-trial.js";
import { SearchSpaceTracker } from "./search-space.js";
import { COMPLETE, PRUNED } from "./split.js";
import { TriedConfigurations } from "./tried-configurations.js";
import { TruncationMassCache } from "./truncation-cache.js";

const WAITING = 0;
const RUNNING = 1;

/**
 * What the TPE sampler keeps per study view, learned once per finished trial (finished trials never
 * change): each row's constraint violation and pruned score, and the search spaces seen so far. Updating
 * scans the state column only, so it costs O(rows) plus O(params) per newly finished trial.
 */
export class TrialHistory {
  readonly spaces = new SearchSpaceTracker();
  /** Truncation masses of joint kernels by row, reused across trials. */
  readonly truncation = new TruncationMassCache();
  /** Summed positive constraint values per row (0 = feasible; +Infinity for NaN). */
  violation = new Float64Array(0);
  /** Last reported step of a PRUNED row, −1 without reports. */
  prunedStep = new Float64Array(0);
  /** Last report of a PRUNED row as a scalar (its first objective or metric). */
  prunedValue = new Float64Array(0);
  /** COMPLETE and PRUNED rows, ascending, as of the last update. */
  finished = new Int32Array(0);
  /** RUNNING and WAITING rows, ascending, as of the last update. */
  unfinished = new Int32Array(0);
  /** The configurations of finished trials. */
  readonly tried = new TriedConfigurations();
  private seen = new Uint8Array(0);
  /** The columns' version as of the last update (a trial's several calls find it unchanged). */
  private version = -1;

  /** Takes in every trial that finished since the last update. */
  update(view: StudyView, cols: TrialColumns): void {
    if (cols.version === this.version) return;
    const rows = cols.length;
    if (rows > this.seen.length) this.grow(rows);
    const states = cols.states;
    const finished = new Int32Array(rows);
    const unfinished: number[] = [];
    let count = 0;
    let trials: readonly FrozenTrial[] | null = null;
    for (let row = 0; row < rows; row++) {
      const s = states[row];
      if (s === RUNNING || s === WAITING) unfinished.push(row);
      if (s !== COMPLETE && s !== PRUNED) continue;
      finished[count++] = row;
      if (this.seen[row] === 1) continue;
      trials ??= view.trials;
      this.learn(row, trials[row] as FrozenTrial);
    }
    this.finished = finished.slice(0, count);
    this.unfinished = Int32Array.from(unfinished);
    this.version = cols.version;
  }

  private learn(row: number, trial: FrozenTrial): void {
    this.seen[row] = 1;
    let violation = 0;
    for (const key in trial.constraints) {
      const v = trial.constraints[key] as number;
      if (Number.isNaN(v)) violation = Number.POSITIVE_INFINITY;
      else if (v > 0) violation += v;
    }
    this.violation[row] = violation;
    const last = trial.state === "PRUNED" ? lastIntermediate(trial) : undefined;
    this.prunedStep[row] = last === undefined ? -1 : last.step;
    this.prunedValue[row] = last === undefined ? Number.NaN : scalarReport(last.value, 0);
    this.spaces.add(trial.distributions);
    this.tried.addFinished(trial);
  }

  private grow(min: number): void {
    const size = Math.max(min, this.seen.length * 2, 64);
    const grown = <A extends Float64Array | Uint8Array>(a: A, make: (n: number) => A): A => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.seen = grown(this.seen, (n) => new Uint8Array(n));
    this.violation = grown(this.violation, (n) => new Float64Array(n));
    this.prunedStep = grown(this.prunedStep, (n) => new Float64Array(n));
    this.prunedValue = grown(this.prunedValue, (n) => new Float64Array(n));
  }
}
