import type { ForestFeature } from "../../math/forest/regression-tree.js";
import type { LeafBoxes } from "./leaf-boxes.js";
import { cutIndex, otherShare } from "./marginal-variance.js";

/**
 * One column as an axis of cells: a numerical column's intervals between its cut points (weight: width
 * over the column's width), or a categorical's choices (weight 1/size each). A leaf covers runs of
 * consecutive cells, written as [start, end) pairs into `spans`; returns how many pairs.
 */
interface Axis {
  readonly weights: Float64Array;
  spans(leaf: number, out: Int32Array): number;
}

function axisOf(boxes: LeafBoxes, feature: ForestFeature, f: number): Axis {
  const { d, choiceStride } = boxes;
  if (feature.kind === "numerical") {
    const cuts = boxes.cuts[f] as Float64Array;
    const width = feature.high - feature.low;
    const weights = new Float64Array(Math.max(0, cuts.length - 1));
    for (let i = 0; i < weights.length; i++)
      weights[i] = ((cuts[i + 1] as number) - (cuts[i] as number)) / width;
    return {
      weights,
      spans(leaf, out) {
        out[0] = cutIndex(cuts, boxes.lo[leaf * d + f] as number);
        out[1] = cutIndex(cuts, boxes.hi[leaf * d + f] as number);
        return out[0] < out[1] ? 1 : 0;
      },
    };
  }
  const off = boxes.choiceOffset[f] as number;
  return {
    weights: new Float64Array(feature.size).fill(1 / feature.size),
    spans(leaf, out) {
      let k = 0;
      for (let c = 0; c < feature.size; c++) {
        if (boxes.allowed[leaf * choiceStride + off + c] !== 1) continue;
        if (k > 0 && out[2 * k - 1] === c) out[2 * k - 1] = c + 1;
        else {
          out[2 * k] = c;
          out[2 * k + 1] = c + 1;
          k++;
        }
      }
      return k;
    },
  };
}

/**
 * The variance of the tree's joint marginal in columns f and g (the tree averaged over every other
 * column), exactly: the marginal is constant on the cells of the two axes, and each leaf adds
 * value × (share of the other columns) over the rectangles it covers, through a 2-D difference array.
 * Subtracting the two main-effect variances leaves the pair's interaction variance.
 */
export function pairMarginalVariance(
  boxes: LeafBoxes,
  features: readonly ForestFeature[],
  f: number,
  g: number,
  mean: number,
): number {
  const fa = features[f] as ForestFeature;
  const ga = features[g] as ForestFeature;
  if ((fa.kind === "numerical" && !(fa.high > fa.low)) || (ga.kind === "numerical" && !(ga.high > ga.low)))
    return 0;
  const af = axisOf(boxes, fa, f);
  const ag = axisOf(boxes, ga, g);
  const nf = af.weights.length;
  const ng = ag.weights.length;
  const stride = ng + 1;
  const diff = new Float64Array((nf + 1) * stride);
  const spansF = new Int32Array(2 * Math.max(1, nf));
  const spansG = new Int32Array(2 * Math.max(1, ng));
  for (let l = 0; l < boxes.count; l++) {
    const c = (boxes.value[l] as number) * otherShare(boxes, l, f, g);
    if (c === 0) continue;
    const kf = af.spans(l, spansF);
    const kg = ag.spans(l, spansG);
    for (let i = 0; i < kf; i++) {
      const a0 = spansF[2 * i] as number;
      const a1 = spansF[2 * i + 1] as number;
      for (let j = 0; j < kg; j++) {
        const b0 = spansG[2 * j] as number;
        const b1 = spansG[2 * j + 1] as number;
        diff[a0 * stride + b0] = (diff[a0 * stride + b0] as number) + c;
        diff[a1 * stride + b0] = (diff[a1 * stride + b0] as number) - c;
        diff[a0 * stride + b1] = (diff[a0 * stride + b1] as number) - c;
        diff[a1 * stride + b1] = (diff[a1 * stride + b1] as number) + c;
      }
    }
  }
  // Prefix sums along g, then along f, turn the differences into the marginal's level per cell.
  for (let i = 0; i <= nf; i++) {
    for (let j = 1; j <= ng; j++)
      diff[i * stride + j] = (diff[i * stride + j] as number) + (diff[i * stride + j - 1] as number);
  }
  let variance = 0;
  for (let i = 0; i < nf; i++) {
    for (let j = 0; j < ng; j++) {
      if (i > 0)
        diff[i * stride + j] = (diff[i * stride + j] as number) + (diff[(i - 1) * stride + j] as number);
      const w = (af.weights[i] as number) * (ag.weights[j] as number);
      variance += w * ((diff[i * stride + j] as number) - mean) ** 2;
    }
  }
  return variance;
}
