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
}

/**
 * Walks the tree from the root, narrowing the box at every split, and records each leaf's box.
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
  };
  const rootLo = Float64Array.from(features, (f) => (f.kind === "numerical" ? f.low : 0));
  const rootHi = Float64Array.from(features, (f) => (f.kind === "numerical" ? f.high : 0));
  const stack: { node: number; lo: Float64Array; hi: Float64Array; allowed: Uint8Array }[] = [
    { node: 0, lo: rootLo, hi: rootHi, allowed: new Uint8Array(stride).fill(1) },
  ];
  let leaf = 0;
  while (stack.length > 0) {
    const { node, lo, hi, allowed } = stack.pop() as (typeof stack)[number];
    const f = tree.feature[node] as number;
    if (f < 0) {
      recordLeaf(boxes, features, leaf++, tree.value[node] as number, lo, hi, allowed);
      continue;
    }
    const left = {
      node: tree.left[node] as number,
      lo: lo.slice(),
      hi: hi.slice(),
      allowed: allowed.slice(),
    };
    const right = { node: tree.right[node] as number, lo, hi, allowed };
    const choices = tree.leftChoices[node];
    if (choices) {
      const off = choiceOffset[f] as number;
      const size = (features[f] as { size: number }).size;
      const inLeft = new Uint8Array(size);
      for (const c of choices) inLeft[c] = 1;
      for (let c = 0; c < size; c++) {
        if (inLeft[c] === 1) right.allowed[off + c] = 0;
        else left.allowed[off + c] = 0;
      }
    } else {
      const t = tree.threshold[node] as number;
      left.hi[f] = Math.max(left.lo[f] as number, Math.min(left.hi[f] as number, t));
      right.lo[f] = Math.min(right.hi[f] as number, Math.max(right.lo[f] as number, t));
    }
    stack.push(right, left);
  }
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
  features.forEach((feature, f) => {
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
  });
}
