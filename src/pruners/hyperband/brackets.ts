/** The brackets of a Hyperband run: how many, and each one's share of the trials. */
export interface BracketLayout {
  /** The maximum resource the layout was computed for. */
  readonly maxResource: number;
  /** ⌊log_η(R / r)⌋ + 1. */
  readonly count: number;
  /** Bracket b's relative number of trials, ⌈count · η^s / (s + 1)⌉ with s = count − 1 − b. */
  readonly budgets: readonly number[];
  readonly total: number;
}

/**
 * The Hyperband bracket layout for resources r..R and reduction factor η (Li et al. 2018, Algorithm 1,
 * with R/r in place of R as Optuna does): bracket b runs successive halving with early-stopping rate b, so
 * bracket 0 starts pruning at step r and the last bracket hardly prunes; the trials each bracket gets
 * make every bracket spend about the same total resource. The count is computed in integers, so exact
 * powers (R/r = η^k) are not lost to rounding.
 * @example
 * bracketLayout(1, 81, 3); // { maxResource: 81, count: 5, budgets: [81, 34, 15, 8, 5], total: 143 }
 */
export function bracketLayout(
  minResource: number,
  maxResource: number,
  reductionFactor: number,
): BracketLayout {
  let count = 1;
  while (minResource * reductionFactor ** count <= maxResource) count++;
  const budgets = Array.from({ length: count }, (_, b) => {
    const s = count - 1 - b;
    return Math.ceil((count * reductionFactor ** s) / (s + 1));
  });
  return { maxResource, count, budgets, total: budgets.reduce((a, b) => a + b, 0) };
}

/**
 * The bracket of trial `number`: a 32-bit hash of "<study name>_<number>" taken modulo the total
 * budget, mapped onto the brackets in proportion to their budgets. A pure function of its inputs, so
 * every worker and process agrees without writing anything, and a bracket is known before sampling.
 * @example
 * bracketOf(bracketLayout(1, 81, 3), "mnist", 12); // a number in 0..4, the same on every call
 */
export function bracketOf(layout: BracketLayout, studyName: string, number: number): number {
  let n = hash32(`${studyName}_${number}`) % layout.total;
  for (let b = 0; b < layout.count; b++) {
    n -= layout.budgets[b] as number;
    if (n < 0) return b;
  }
  return layout.count - 1;
}

/** FNV-1a over UTF-16 code units, then the murmur3 finalizer so nearby numbers spread over all bits. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
