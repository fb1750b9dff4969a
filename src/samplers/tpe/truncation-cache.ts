/**
 * Truncation log masses of observation kernels, by study row, for one joint width per parameter. A
 * joint estimator's kernels share a width that changes only in ~9% steps of n (see `jointCount`), so
 * from one trial to the next almost every observation's mass is already known: the estimator computes
 * only new rows'. Kept per study view by the sampler; reset per parameter when its width changes.
 */
export class TruncationMassCache {
  private readonly entries = new Map<string, { sigma: number; values: Float64Array }>();

  /** The per-row masses (NaN where unknown) of `key` at width `sigma`, holding at least `rows` rows. */
  rowsFor(key: string, sigma: number, rows: number): Float64Array {
    let entry = this.entries.get(key);
    if (entry === undefined || entry.sigma !== sigma) {
      entry = { sigma, values: new Float64Array(Math.max(rows, 64)).fill(Number.NaN) };
      this.entries.set(key, entry);
    } else if (entry.values.length < rows) {
      const grown = new Float64Array(Math.max(rows, entry.values.length * 2)).fill(Number.NaN);
      grown.set(entry.values);
      entry.values = grown;
    }
    return entry.values;
  }
}
