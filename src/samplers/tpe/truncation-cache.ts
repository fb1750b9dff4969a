/**
 * Per-row values of joint kernels, by study row, reused across trials. A joint estimator's kernels share
 * a width per parameter that changes only in ~9% steps of n (see `jointCount`), so from one trial to the
 * next almost every observation's truncation mass and scaled centre is already known: the estimator
 * computes only new rows'. Kept per study view by the sampler; an entry is reset when its widths change.
 */
export class TruncationMassCache {
  private readonly entries = new Map<string, { tag: Float64Array; values: Float64Array }>();

  /** The per-row masses (NaN where unknown) of `key` at width `sigma`, holding at least `rows` rows. */
  rowsFor(key: string, sigma: number, rows: number): Float64Array {
    return this.entry(`m\u0000${key}`, [sigma], rows, 1);
  }

  /**
   * `width` values per row (NaN where unknown) under `key`, valid while `tag` (the widths they were
   * computed with) stays the same, holding at least `rows` rows.
   */
  entry(key: string, tag: ArrayLike<number>, rows: number, width: number): Float64Array {
    let entry = this.entries.get(key);
    if (entry === undefined || !sameTag(entry.tag, tag)) {
      const values = new Float64Array(Math.max(rows, 64) * width).fill(Number.NaN);
      entry = { tag: Float64Array.from(tag), values };
      this.entries.set(key, entry);
    } else if (entry.values.length < rows * width) {
      const grown = new Float64Array(Math.max(rows * width, entry.values.length * 2)).fill(Number.NaN);
      grown.set(entry.values);
      entry.values = grown;
    }
    return entry.values;
  }
}

function sameTag(a: Float64Array, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
