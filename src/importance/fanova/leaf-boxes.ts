import type { ForestFeature, RegressionTree } from "../../math/forest/regression-tree.js";

/**
 * The leaves of a tree as boxes of the input space. For leaf ℓ and column f, `lo`/`hi` (numerical,
 * clipped to the column's bounds) or `allowed` (categorical: one flag per choice, at the column's
 * offset) describe the leaf's extent, and `frac[ℓ·d + f]` is the share of the column's range it covers
 * (interval width over the column's width, or allowed choices over all; 1 for a zero-width column).
 * Under uniform inputs the leaf's probability is the product of its fractions.
 */
export interface LeafBoxes {
  readonly count: number;
  readonly d: number;
  readonly value: Float64Array;
  readonly lo: Float64Array;
  readonly hi: Float64Array;
  readonly allowed: Uint8Array;
  /** Where column f's choice flags start in a leaf's row of `allowed` (−1 for numerical columns). */
  readonly choiceOffset: Int32Array;
  readonly choiceStride: number;
  readonly frac: Float64Array;
  /**
   * Per numerical column, its bounds and the tree's thresholds on it clipped to them, sorted and
   * distinct: every leaf's lo and hi on the column is one of these (empty for categorical columns).
   */
  readonly cuts: readonly Float64Array[];
}

/** The cut points of every numerical column: bounds plus clipped thresholds, sorted, distinct. */
function cutPoints(tree: RegressionTree, features: readonly ForestFeature[]): Float64Array[] {
  const points: number[][] = features.map((f) => (f.kind === "numerical" ? [f.low, f.high] : []));
  for (let i = 0; i < tree.nodeCount; i++) {
    const f = tree.feature[i] as number;
    const feature = features[f];
    if (f < 0 || feature?.kind !== "numerical") continue;
    points[f]?.push(Math.min(feature.high, Math.max(feature.low, tree.threshold[i] as number)));
  }
  return points.map((p) => {
    const sorted = Float64Array.from(p).sort();
    let k = 0;
    for (let i = 0; i < sorted.length; i++)
      if (k === 0 || sorted[i] !== sorted[k - 1]) sorted[k++] = sorted[i] as number;
    return sorted.slice(0, k);
  });
}

/**
 * Walks the tree depth first from the root, narrowing the box at every split, and records each leaf's box.
 * @example
 * const boxes = leafBoxes(tree, [{ kind: "numerical", low: 0, high: 1 }]);
 */
export function leafBoxes(tree: RegressionTree, features: readonly ForestFeature[]): LeafBoxes {
  const d = features.length;
  const choiceOffset = new Int32Array(d).fill(-1);
  let stride = 0;
  features.forEach((f, i) => {
    if (f.kind === "categorical") {
      choiceOffset[i] = stride;
      stride += f.size;
    }
  });
  let count = 0;
  for (let i = 0; i < tree.nodeCount; i++) if (tree.feature[i] === -1) count++;
  const boxes: LeafBoxes = {
    count,
    d,
    value: new Float64Array(count),
    lo: new Float64Array(count * d),
    hi: new Float64Array(count * d),
    allowed: new Uint8Array(count * stride),
    choiceOffset,
    choiceStride: stride,
    frac: new Float64Array(count * d),
    cuts: cutPoints(tree, features),
  };
  // One box, narrowed on the way down and restored on the way back: no allocation per numerical split.
  const lo = Float64Array.from(features, (f) => (f.kind === "numerical" ? f.low : 0));
  const hi = Float64Array.from(features, (f) => (f.kind === "numerical" ? f.high : 0));
  const allowed = new Uint8Array(stride).fill(1);
  let leaf = 0;
  const visit = (node: number): void => {
    const f = tree.feature[node] as number;
    if (f < 0) {
      recordLeaf(boxes, features, leaf++, tree.value[node] as number, lo, hi, allowed);
      return;
    }
    const l = tree.left[node] as number;
    const r = tree.right[node] as number;
    const choices = tree.leftChoices[node];
    if (choices) {
      const off = choiceOffset[f] as number;
      const size = (features[f] as { size: number }).size;
      const saved = allowed.slice(off, off + size);
      for (let c = 0; c < size; c++) if (!choices.includes(c)) allowed[off + c] = 0;
      visit(l);
      allowed.set(saved, off);
      for (const c of choices) allowed[off + c] = 0;
      visit(r);
      allowed.set(saved, off);
    } else {
      const t = tree.threshold[node] as number;
      const oldLo = lo[f] as number;
      const oldHi = hi[f] as number;
      hi[f] = Math.max(oldLo, Math.min(oldHi, t));
      visit(l);
      hi[f] = oldHi;
      lo[f] = Math.min(oldHi, Math.max(oldLo, t));
      visit(r);
      lo[f] = oldLo;
    }
  };
  visit(0);
  return boxes;
}

function recordLeaf(
  boxes: LeafBoxes,
  features: readonly ForestFeature[],
  leaf: number,
  value: number,
  lo: Float64Array,
  hi: Float64Array,
  allowed: Uint8Array,
): void {
  const { d, choiceStride } = boxes;
  boxes.value[leaf] = value;
  boxes.lo.set(lo, leaf * d);
  boxes.hi.set(hi, leaf * d);
  boxes.allowed.set(allowed, leaf * choiceStride);
  for (let f = 0; f < d; f++) {
    const feature = features[f] as ForestFeature;
    let share: number;
    if (feature.kind === "numerical") {
      const width = feature.high - feature.low;
      share = width > 0 ? ((hi[f] as number) - (lo[f] as number)) / width : 1;
    } else {
      const off = boxes.choiceOffset[f] as number;
      let k = 0;
      for (let c = 0; c < feature.size; c++) k += allowed[off + c] as number;
      share = k / feature.size;
    }
    boxes.frac[leaf * d + f] = share;
  }
}
