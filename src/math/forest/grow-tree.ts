import type { Rng } from "../rng.js";
import type { ResolvedForestOptions } from "./forest-options.js";
import type { RegressionTree } from "./regression-tree.js";
import { type NodeSegment, type SplitCandidate, searchCategorical, searchNumerical } from "./split-search.js";
import type { TreeWorkspace } from "./tree-workspace.js";

/** The node arrays of a tree being grown, sized for the most nodes n rows can make (2n − 1). */
class NodeBuffers {
  count = 0;
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly leftChoices: (readonly number[] | null)[] = [];
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly value: Float64Array;
  readonly samples: Float64Array;
  readonly impurity: Float64Array;

  constructor(capacity: number) {
    this.feature = new Int32Array(capacity);
    this.threshold = new Float64Array(capacity);
    this.left = new Int32Array(capacity);
    this.right = new Int32Array(capacity);
    this.value = new Float64Array(capacity);
    this.samples = new Float64Array(capacity);
    this.impurity = new Float64Array(capacity);
  }

  add(): number {
    const i = this.count++;
    this.feature[i] = -1;
    this.threshold[i] = Number.NaN;
    this.leftChoices.push(null);
    this.left[i] = -1;
    this.right[i] = -1;
    return i;
  }

  toTree(): RegressionTree {
    const c = this.count;
    return {
      nodeCount: c,
      feature: this.feature.slice(0, c),
      threshold: this.threshold.slice(0, c),
      leftChoices: this.leftChoices,
      left: this.left.slice(0, c),
      right: this.right.slice(0, c),
      value: this.value.slice(0, c),
      samples: this.samples.slice(0, c),
      impurity: this.impurity.slice(0, c),
    };
  }
}

/** Draws the tree's bootstrap multiplicities and filters every column's sorted rows down to the sample. */
function drawSample(ws: TreeWorkspace, rng: Rng, bootstrap: boolean): number {
  const { n, d, w, sorted, ord } = ws;
  if (bootstrap) {
    w.fill(0);
    for (let i = 0; i < n; i++) {
      const r = rng.integer(0, n - 1);
      w[r] = (w[r] as number) + 1;
    }
  } else {
    w.fill(1);
  }
  let m = 0;
  for (let f = 0; f < d; f++) {
    m = 0;
    for (let k = 0; k < n; k++) {
      const r = sorted[f * n + k] as number;
      if ((w[r] as number) > 0) ord[f * n + m++] = r;
    }
  }
  return m;
}

/**
 * Grows one regression tree on a bootstrap sample (or all rows), depth first, left child before right,
 * splitting each node on the best of `maxFeatures` columns drawn at random (constant columns are skipped
 * and do not count, as in scikit-learn) until a node is pure, too small or too deep.
 */
export function growTree(
  ws: TreeWorkspace,
  rng: Rng,
  options: ResolvedForestOptions,
  featuresTried: number,
): RegressionTree {
  const m = drawSample(ws, rng, options.bootstrap);
  const nodes = new NodeBuffers(Math.max(1, 2 * m - 1));
  // (node, start, end, depth) per pending node; depth first, so at most m + 1 pend at once.
  const stack = new Int32Array(4 * (m + 2));
  let top = 0;
  const push = (node: number, start: number, end: number, depth: number) => {
    stack[top++] = node;
    stack[top++] = start;
    stack[top++] = end;
    stack[top++] = depth;
  };
  push(nodes.add(), 0, m, 0);
  const best: SplitCandidate = { feature: -1, threshold: Number.NaN, catCount: 0, score: 0 };
  while (top > 0) {
    const depth = stack[--top] as number;
    const end = stack[--top] as number;
    const start = stack[--top] as number;
    const node = stack[--top] as number;
    const segment = nodeStatistics(ws, nodes, node, start, end);
    if (
      segment === null ||
      depth >= options.maxDepth ||
      segment.weight < options.minSamplesSplit ||
      segment.weight < 2 * options.minSamplesLeaf
    )
      continue;
    best.feature = -1;
    best.score = Number.NEGATIVE_INFINITY;
    findBestSplit(ws, rng, segment, options.minSamplesLeaf, featuresTried, best);
    if (best.feature < 0) continue;
    const mid = applySplit(ws, nodes, node, segment, best);
    const l = nodes.add();
    const r = nodes.add();
    nodes.left[node] = l;
    nodes.right[node] = r;
    push(r, mid, end, depth + 1);
    push(l, start, mid, depth + 1);
  }
  return nodes.toTree();
}

/**
 * Fills the node's value, weight and impurity from its rows; returns its segment, or null when its
 * targets are all equal (a pure node is a leaf: no split can reduce zero variance).
 */
function nodeStatistics(
  ws: TreeWorkspace,
  nodes: NodeBuffers,
  node: number,
  start: number,
  end: number,
): NodeSegment | null {
  const { ord, w, y, yc } = ws;
  let weight = 0;
  let sum = 0;
  let centred = 0;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let k = start; k < end; k++) {
    const r = ord[k] as number;
    const yr = y[r] as number;
    weight += w[r] as number;
    sum += (w[r] as number) * yr;
    centred += (w[r] as number) * (yc[r] as number);
    if (yr < lo) lo = yr;
    if (yr > hi) hi = yr;
  }
  const mean = sum / weight;
  let sq = 0;
  for (let k = start; k < end; k++) {
    const r = ord[k] as number;
    const dev = (y[r] as number) - mean;
    sq += (w[r] as number) * dev * dev;
  }
  nodes.value[node] = lo === hi ? lo : mean;
  nodes.samples[node] = weight;
  nodes.impurity[node] = lo === hi ? 0 : sq / weight;
  return lo === hi ? null : { start, end, weight, sum: centred };
}

/** Visits the columns in a fresh random order and keeps the best split of the first non-constant ones. */
function findBestSplit(
  ws: TreeWorkspace,
  rng: Rng,
  segment: NodeSegment,
  minLeaf: number,
  featuresTried: number,
  best: SplitCandidate,
): void {
  const order = ws.featureOrder;
  const d = ws.d;
  for (let f = 0; f < d; f++) order[f] = f;
  let tried = 0;
  for (let i = 0; i < d && tried < featuresTried; i++) {
    const j = rng.integer(i, d - 1);
    const f = order[j] as number;
    order[j] = order[i] as number;
    order[i] = f;
    const feature = ws.features[f];
    const varied =
      feature?.kind === "categorical"
        ? searchCategorical(ws, f, feature.size, segment, minLeaf, best)
        : searchNumerical(ws, f, segment, minLeaf, best);
    if (varied) tried++;
  }
}

/**
 * Records the split at the node and partitions every column's segment stably (left rows first, each
 * side still sorted); returns where the right child's rows start.
 */
function applySplit(
  ws: TreeWorkspace,
  nodes: NodeBuffers,
  node: number,
  segment: NodeSegment,
  best: SplitCandidate,
): number {
  const { n, d, ord, xcol, goLeft, catLeft, scratch } = ws;
  const f = best.feature;
  const { start, end } = segment;
  nodes.feature[node] = f;
  if (best.catCount > 0) {
    const choices = Array.from(ws.bestCat.subarray(0, best.catCount)).sort((a, b) => a - b);
    nodes.leftChoices[node] = choices;
    catLeft.fill(0);
    for (const c of choices) catLeft[c] = 1;
    for (let k = start; k < end; k++) {
      const r = ord[f * n + k] as number;
      goLeft[r] = catLeft[xcol[f * n + r] as number] as number;
    }
  } else {
    nodes.threshold[node] = best.threshold;
    for (let k = start; k < end; k++) {
      const r = ord[f * n + k] as number;
      goLeft[r] = (xcol[f * n + r] as number) <= best.threshold ? 1 : 0;
    }
  }
  let mid = start;
  for (let g = 0; g < d; g++) {
    const base = g * n;
    let l = start;
    let rCount = 0;
    for (let k = start; k < end; k++) {
      const r = ord[base + k] as number;
      if (goLeft[r] === 1) ord[base + l++] = r;
      else scratch[rCount++] = r;
    }
    for (let k = 0; k < rCount; k++) ord[base + l + k] = scratch[k] as number;
    mid = l;
  }
  return mid;
}
