import type { ForestFeature } from "../../math/forest/regression-tree.js";
import type { LeafBoxes } from "./leaf-boxes.js";

/** A tree's functional ANOVA over its input box: its mean, its variance and each column's main effect. */
export interface TreeDecomposition {
  readonly mean: number;
  readonly variance: number;
  /** Per column, the variance of its marginal (the tree averaged over every other column). */
  readonly marginal: Float64Array;
}

/**
 * Π over the columns other than f and g of the leaf's fractions: the probability of the leaf's box given
 * x_f (and x_g) inside it. Pass g = −1 for a single column.
 */
export function otherShare(boxes: LeafBoxes, leaf: number, f: number, g = -1): number {
  let p = 1;
  for (let h = 0; h < boxes.d; h++) if (h !== f && h !== g) p *= boxes.frac[leaf * boxes.d + h] as number;
  return p;
}

/** Index of `v` in the sorted `cuts` (present by construction). */
export function cutIndex(cuts: Float64Array, v: number): number {
  let a = 0;
  let b = cuts.length - 1;
  while (a < b) {
    const m = (a + b) >> 1;
    if ((cuts[m] as number) < v) a = m + 1;
    else b = m;
  }
  return a;
}

/**
 * The variance of a numerical column's marginal. The marginal is constant between consecutive cut
 * points (the column's bounds and the tree's thresholds on it), so it is summed exactly per interval: each leaf adds
 * value × (share of the other columns) over the intervals it spans, through a difference array.
 */
function numericalMarginal(boxes: LeafBoxes, f: number, low: number, high: number, mean: number): number {
  const width = high - low;
  if (!(width > 0)) return 0;
  const { d, count } = boxes;
  const cuts = boxes.cuts[f] as Float64Array;
  const k = cuts.length;
  const diff = new Float64Array(k);
  for (let l = 0; l < count; l++) {
    const a = cutIndex(cuts, boxes.lo[l * d + f] as number);
    const b = cutIndex(cuts, boxes.hi[l * d + f] as number);
    if (a === b) continue;
    const c = (boxes.value[l] as number) * otherShare(boxes, l, f);
    diff[a] = (diff[a] as number) + c;
    diff[b] = (diff[b] as number) - c;
  }
  let level = 0;
  let variance = 0;
  for (let i = 0; i + 1 < k; i++) {
    level += diff[i] as number;
    variance += (((cuts[i + 1] as number) - (cuts[i] as number)) / width) * (level - mean) ** 2;
  }
  return variance;
}

/** The variance of a categorical column's marginal: one level per choice, each of weight 1/size. */
function categoricalMarginal(boxes: LeafBoxes, f: number, size: number, mean: number): number {
  const { count, choiceStride } = boxes;
  const off = boxes.choiceOffset[f] as number;
  const level = new Float64Array(size);
  for (let l = 0; l < count; l++) {
    const c = (boxes.value[l] as number) * otherShare(boxes, l, f);
    if (c === 0) continue;
    for (let j = 0; j < size; j++) {
      if (boxes.allowed[l * choiceStride + off + j] === 1) level[j] = (level[j] as number) + c;
    }
  }
  let variance = 0;
  for (let j = 0; j < size; j++) variance += ((level[j] as number) - mean) ** 2 / size;
  return variance;
}

/**
 * The tree's mean and variance under uniform inputs over the box, and every column's main-effect
 * variance (Hutter, Hoos & Leyton-Brown 2014), computed exactly from the leaves' boxes.
 * @example
 * const { variance, marginal } = decomposeTree(leafBoxes(tree, features), features);
 */
export function decomposeTree(boxes: LeafBoxes, features: readonly ForestFeature[]): TreeDecomposition {
  const { count, d } = boxes;
  const volume = new Float64Array(count);
  let mean = 0;
  for (let l = 0; l < count; l++) {
    let v = 1;
    for (let f = 0; f < d; f++) v *= boxes.frac[l * d + f] as number;
    volume[l] = v;
    mean += v * (boxes.value[l] as number);
  }
  let variance = 0;
  for (let l = 0; l < count; l++)
    variance += (volume[l] as number) * ((boxes.value[l] as number) - mean) ** 2;
  const marginal = new Float64Array(d);
  features.forEach((feature, f) => {
    const v =
      feature.kind === "numerical"
        ? numericalMarginal(boxes, f, feature.low, feature.high, mean)
        : categoricalMarginal(boxes, f, feature.size, mean);
    marginal[f] = Math.max(0, v);
  });
  return { mean, variance, marginal };
}
