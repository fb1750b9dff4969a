/**
 * The best untried combination of per-parameter choices: each parameter offers its distinct values
 * ranked by score (best first), a combination scores the sum of its values' scores, and combinations are
 * visited from the best sum down (each visited one's successors take the next value of one parameter)
 * until `accept` takes one. Null when `accept` refuses `maxVisits` combinations or all of them.
 * Univariate TPE's joint ratio is such a sum: l and g are products over parameters, so
 * log l(x) − log g(x) = Σ_p (log l_p − log g_p).
 * @example
 * bestUntried([{ values: [1, 2], scores: [0, -1] }, { values: [5, 6], scores: [0, -3] }], (p) => p[0] !== 1 || p[1] !== 5);
 * // Float64Array [2, 5]: sum −1 beats [1, 6] at −3
 */
export function bestUntried(
  ranked: readonly { readonly values: ArrayLike<number>; readonly scores: ArrayLike<number> }[],
  accept: (point: Float64Array) => boolean,
  maxVisits = 4096,
): Float64Array | null {
  const d = ranked.length;
  const heap = new CombinationHeap();
  const seen = new Set<string>();
  const start = new Int32Array(d);
  heap.push(sumOf(ranked, start), start);
  seen.add(start.join(","));
  const point = new Float64Array(d);
  for (let visits = 0; visits < maxVisits && heap.size > 0; visits++) {
    const index = heap.pop();
    for (let p = 0; p < d; p++) point[p] = ranked[p]?.values[index[p] as number] as number;
    if (accept(point)) return point;
    for (let p = 0; p < d; p++) {
      if ((index[p] as number) + 1 >= (ranked[p]?.values.length ?? 0)) continue;
      const next = index.slice();
      next[p] = (next[p] as number) + 1;
      const key = next.join(",");
      if (seen.has(key)) continue;
      seen.add(key);
      heap.push(sumOf(ranked, next), next);
    }
  }
  return null;
}

function sumOf(ranked: readonly { readonly scores: ArrayLike<number> }[], index: Int32Array): number {
  let sum = 0;
  for (let p = 0; p < index.length; p++) sum += ranked[p]?.scores[index[p] as number] as number;
  return Number.isNaN(sum) ? Number.NEGATIVE_INFINITY : sum;
}

/** A max-heap of combinations by score; ties pop in push order. */
class CombinationHeap {
  private readonly items: { score: number; order: number; index: Int32Array }[] = [];
  private pushed = 0;

  get size(): number {
    return this.items.length;
  }

  push(score: number, index: Int32Array): void {
    const items = this.items;
    items.push({ score, order: this.pushed++, index });
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) break;
      [items[i], items[parent]] = [
        items[parent] as (typeof items)[number],
        items[i] as (typeof items)[number],
      ];
      i = parent;
    }
  }

  pop(): Int32Array {
    const items = this.items;
    const top = items[0] as (typeof items)[number];
    const last = items.pop() as (typeof items)[number];
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const a = 2 * i + 1;
        const b = a + 1;
        let m = i;
        if (a < items.length && this.before(a, m)) m = a;
        if (b < items.length && this.before(b, m)) m = b;
        if (m === i) break;
        [items[i], items[m]] = [items[m] as (typeof items)[number], items[i] as (typeof items)[number]];
        i = m;
      }
    }
    return top.index;
  }

  private before(i: number, j: number): boolean {
    const a = this.items[i] as { score: number; order: number };
    const b = this.items[j] as { score: number; order: number };
    return a.score > b.score || (a.score === b.score && a.order < b.order);
  }
}
