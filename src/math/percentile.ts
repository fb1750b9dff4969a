/**
 * The q-th percentile (0 ≤ q ≤ 100) of `values` by linear interpolation between the two nearest ranks,
 * as numpy's default: position q/100 · (n − 1) in sorted order. NaN entries are ignored; NaN when none
 * is left. Between −∞ (or +∞) and another value the result is that infinity. Does not modify `values`.
 * @example
 * percentile([1, 2, 3, 4], 50); // 2.5
 */
export function percentile(values: ArrayLike<number>, q: number): number {
  const sorted = Float64Array.from(values).filter((v) => !Number.isNaN(v));
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  sorted.sort();
  const position = (q / 100) * (n - 1);
  const lo = Math.floor(position);
  const hi = Math.min(lo + 1, n - 1);
  const low = sorted[lo] as number;
  const high = sorted[hi] as number;
  const fraction = position - lo;
  if (fraction === 0 || low === high) return low;
  // Between an infinity and anything, the line stays at the infinity (instead of ∞ − ∞ = NaN).
  if (low === Number.NEGATIVE_INFINITY) return low;
  if (high === Number.POSITIVE_INFINITY) return high;
  return low + (high - low) * fraction;
}
