import { toInternal } from "../search-space/distribution.js";
import { type FrozenTrial, TRIAL_STATES, type TrialState } from "../trial/frozen-trial.js";

const STATE_CODE: Readonly<Record<TrialState, number>> = Object.fromEntries(
  TRIAL_STATES.map((s, i) => [s, i]),
) as Record<TrialState, number>;

/**
 * A column-wise copy of a set of trials, row i being the i-th trial of the view. Parameter columns hold
 * internal values (categoricals as choice indices) and NaN where a trial lacks the parameter; value
 * columns hold NaN where a trial has no values. Rows are updated in place as trials change, so keeping
 * columns current costs O(params) per changed trial.
 * @example
 * const cols = study.columns();
 * const lr = cols.param("lr"); // Float64Array, length cols.length
 */
export class TrialColumns {
  private rows = 0;
  private capacity = 0;
  private stateCodes = new Uint8Array(0);
  private numberColumn = new Int32Array(0);
  private readonly valueColumns: Float64Array[] = [];
  private readonly paramColumns = new Map<string, Float64Array>();
  private writes = 0;

  constructor(private readonly nObjectives: number) {
    for (let k = 0; k < nObjectives; k++) this.valueColumns.push(new Float64Array(0));
  }

  /** Builds columns for `trials` (row i = trials[i]). */
  static of(trials: readonly FrozenTrial[], nObjectives: number): TrialColumns {
    const cols = new TrialColumns(nObjectives);
    for (let i = 0; i < trials.length; i++) cols.set(i, trials[i] as FrozenTrial);
    return cols;
  }

  /** Number of rows. */
  get length(): number {
    return this.rows;
  }

  /** Each row's trial state as an index into `TRIAL_STATES`. */
  get states(): Uint8Array {
    return this.stateCodes.subarray(0, this.rows);
  }

  /** Each row's trial number. */
  get numbers(): Int32Array {
    return this.numberColumn.subarray(0, this.rows);
  }

  /** Objective k's values (NaN where absent). */
  values(k: number): Float64Array {
    return (this.valueColumns[k] as Float64Array).subarray(0, this.rows);
  }

  /** The internal values of parameter `name`, NaN where a row lacks it; undefined when no row has it. */
  param(name: string): Float64Array | undefined {
    return this.paramColumns.get(name)?.subarray(0, this.rows);
  }

  /**
   * How many times rows were written: unchanged means the columns are as they were, so what a reader
   * derived from them (a sampler's per-trial scan of the states) still holds.
   */
  get version(): number {
    return this.writes;
  }

  /** The names of every parameter present in some row. */
  paramNames(): string[] {
    return [...this.paramColumns.keys()];
  }

  /** Writes (or overwrites) row `row` from `trial`, growing the columns as needed. */
  set(row: number, trial: FrozenTrial): void {
    if (row >= this.capacity) this.grow(row + 1);
    if (row >= this.rows) this.rows = row + 1;
    this.writes++;
    this.stateCodes[row] = STATE_CODE[trial.state];
    this.numberColumn[row] = trial.number;
    for (let k = 0; k < this.nObjectives; k++) {
      (this.valueColumns[k] as Float64Array)[row] = trial.values?.[k] ?? Number.NaN;
    }
    for (const name in trial.distributions) {
      let col = this.paramColumns.get(name);
      if (col === undefined) {
        col = new Float64Array(this.capacity).fill(Number.NaN);
        this.paramColumns.set(name, col);
      }
      const dist = trial.distributions[name];
      const value = trial.params[name];
      col[row] = dist === undefined || value === undefined ? Number.NaN : toInternal(dist, value);
    }
  }

  private grow(min: number): void {
    const capacity = Math.max(min, this.capacity * 2, 64);
    const grown = <A extends Float64Array | Uint8Array | Int32Array>(
      a: A,
      make: (n: number) => A,
      fill?: number,
    ): A => {
      const b = make(capacity);
      if (fill !== undefined) b.fill(fill);
      b.set(a);
      return b;
    };
    this.stateCodes = grown(this.stateCodes, (n) => new Uint8Array(n));
    this.numberColumn = grown(this.numberColumn, (n) => new Int32Array(n));
    for (let k = 0; k < this.nObjectives; k++) {
      this.valueColumns[k] = grown(
        this.valueColumns[k] as Float64Array,
        (n) => new Float64Array(n),
        Number.NaN,
      );
    }
    for (const [name, col] of this.paramColumns) {
      this.paramColumns.set(
        name,
        grown(col, (n) => new Float64Array(n), Number.NaN),
      );
    }
    this.capacity = capacity;
  }
}
