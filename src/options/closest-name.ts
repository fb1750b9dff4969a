/**
 * " Did you mean "x"?" for the candidate nearest to `word`, or "" when none is near: a typo costs the user
 * a run, so every unknown name gets a suggestion when one is plausible.
 * @example
 * didYouMean("paramters", ["parameters", "pruner"]); // ' Did you mean "parameters"?'
 */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const best = closestName(word, candidates);
  return best === null ? "" : ` Did you mean "${best}"?`;
}

/**
 * The candidate within a small edit distance of `word` (case-insensitive), or null.
 * @example
 * closestName("lerning_rate", ["learning_rate", "batch"]); // "learning_rate"
 */
export function closestName(word: string, candidates: Iterable<string>): string | null {
  const lower = word.toLowerCase();
  // One typo per four characters (at least one): near enough to be a slip, far enough to stay a guess.
  const limit = Math.max(1, Math.floor(word.length / 4));
  let best: string | null = null;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const d = editDistance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const prev = rows[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, (rows[i - 2]?.[j - 2] as number) + 1);
      }
      row.push(d);
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] as number;
}
