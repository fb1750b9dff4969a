import type { ForestFeature } from "./regression-tree.js";

/**
 * The buffers one forest fit reuses for every tree, so growing a tree allocates nothing per node but
 * the node's categorical subset. Columns are copied column-major, and every column's rows are sorted
 * once per fit: a tree then filters that order by its bootstrap sample instead of sorting per node, and
 * a split keeps every column's order by a stable partition (the classic presorted tree).
 */
export class TreeWorkspace {
  readonly n: number;
  readonly d: number;
  readonly features: readonly ForestFeature[];
  /** d × n, column f at f·n. */
  readonly xcol: Float64Array;
  /** The targets. */
  readonly y: Float64Array;
  /** The targets minus their mean, so split scores sum small numbers. */
  readonly yc: Float64Array;
  /** d × n: column f's rows in ascending order of their value. */
  readonly sorted: Int32Array;
  /** d × n: the current tree's rows per column, in that order, node segments contiguous. */
  readonly ord: Int32Array;
  /** n: scratch for the stable partition. */
  readonly scratch: Int32Array;
  /** n: the current tree's bootstrap multiplicity per row (0 = out of bag). */
  readonly w: Float64Array;
  /** n: whether a row goes left at the split being applied. */
  readonly goLeft: Uint8Array;
  /** Per choice of the widest categorical: weight, weighted target sum, order, membership. */
  readonly catW: Float64Array;
  readonly catS: Float64Array;
  readonly catOrder: Int32Array;
  readonly catLeft: Uint8Array;
  /** The best categorical split found so far: its left choices, `bestCatCount` of them. */
  readonly bestCat: Int32Array;
  /** The columns in the order a node visits them. */
  readonly featureOrder: Int32Array;

  constructor(x: Float64Array, n: number, features: readonly ForestFeature[], y: Float64Array) {
    const d = features.length;
    this.n = n;
    this.d = d;
    this.features = features;
    this.y = y;
    this.xcol = new Float64Array(d * n);
    for (let i = 0; i < n; i++) for (let f = 0; f < d; f++) this.xcol[f * n + i] = x[i * d + f] as number;
    let mean = 0;
    for (let i = 0; i < n; i++) mean += y[i] as number;
    mean /= Math.max(1, n);
    this.yc = new Float64Array(n);
    for (let i = 0; i < n; i++) this.yc[i] = (y[i] as number) - mean;
    this.sorted = new Int32Array(d * n);
    const rows = Array.from({ length: n }, (_, i) => i);
    for (let f = 0; f < d; f++) {
      const col = this.xcol.subarray(f * n, (f + 1) * n);
      rows.sort((a, b) => (col[a] as number) - (col[b] as number) || a - b);
      this.sorted.set(rows, f * n);
    }
    this.ord = new Int32Array(d * n);
    this.scratch = new Int32Array(n);
    this.w = new Float64Array(n);
    this.goLeft = new Uint8Array(n);
    let widest = 0;
    for (const feature of features)
      if (feature.kind === "categorical") widest = Math.max(widest, feature.size);
    this.catW = new Float64Array(widest);
    this.catS = new Float64Array(widest);
    this.catOrder = new Int32Array(widest);
    this.catLeft = new Uint8Array(widest);
    this.bestCat = new Int32Array(widest);
    this.featureOrder = new Int32Array(d);
  }
}
