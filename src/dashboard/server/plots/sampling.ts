/**
 * Deterministic downsampling shared by the plots: evenly spaced picks (so a sample looks like the whole,
 * and the same data always gives the same picture), with chosen items always kept.
 */

/**
 * `k` indices evenly spread over `0..count-1`, ascending, first and last included (all of them when
 * `k >= count`).
 * @example
 * evenIndices(10, 4); // [0, 3, 6, 9]
 */
export function evenIndices(count: number, k: number): number[] {
  if (k >= count) return Array.from({ length: count }, (_, i) => i);
  if (k <= 0) return [];
  if (k === 1) return [count - 1];
  const out: number[] = [];
  for (let j = 0; j < k; j++) out.push(Math.round((j * (count - 1)) / (k - 1)));
  return out;
}

/**
 * At most `cap` of `items`: every item in `keep` (first `cap` of them if they are more), then evenly
 * spaced picks among the rest; the result in the original order.
 * @example
 * sampleKeeping([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], new Set([5]), 4); // [0, 4, 5, 9]
 */
export function sampleKeeping<T>(items: readonly T[], keep: ReadonlySet<T>, cap: number): T[] {
  if (items.length <= cap) return [...items];
  const kept: boolean[] = items.map((x) => keep.has(x));
  let nKept = 0;
  for (let i = 0; i < items.length && nKept < cap; i++) if (kept[i]) nKept++;
  const rest: number[] = [];
  for (let i = 0; i < items.length; i++) if (!kept[i]) rest.push(i);
  const chosen = new Uint8Array(items.length);
  let budget = cap;
  for (let i = 0; i < items.length && budget > 0; i++) {
    if (kept[i]) {
      chosen[i] = 1;
      budget--;
    }
  }
  for (const j of evenIndices(rest.length, budget)) chosen[rest[j] as number] = 1;
  return items.filter((_, i) => chosen[i] === 1);
}
