import type { TreeWorkspace } from "./tree-workspace.js";

/**
 * The best split found so far at a node, reused across nodes. `score` is Σ_L² / W_L + Σ_R² / W_R over
 * the centred targets: maximising it minimises the children's summed squared error, i.e. maximises the
 * variance reduction, without a pass over the squares.
 */
export interface SplitCandidate {
  feature: number;
  /** Numerical: rows with x ≤ threshold go left. */
  threshold: number;
  /** Categorical: how many choices of `TreeWorkspace.bestCat` go left. */
  catCount: number;
  score: number;
}

/** The node a split is searched for: its segment of the column orders and its weight and target sum. */
export interface NodeSegment {
  readonly start: number;
  readonly end: number;
  readonly weight: number;
  readonly sum: number;
}

/**
 * Scans a numerical column's rows of the node in ascending order for the best threshold, the midpoint
 * between consecutive distinct values, keeping `minLeaf` rows (bootstrap copies counted) on each side.
 * Returns false when the column is constant over the node (it does not count as a column tried).
 */
export function searchNumerical(
  ws: TreeWorkspace,
  f: number,
  node: NodeSegment,
  minLeaf: number,
  best: SplitCandidate,
): boolean {
  const { n, ord, xcol, w, yc } = ws;
  const base = f * n;
  const colBase = f * n;
  const { start, end, weight, sum } = node;
  if (
    (xcol[colBase + (ord[base + start] as number)] as number) >=
    (xcol[colBase + (ord[base + end - 1] as number)] as number)
  )
    return false;
  let wL = 0;
  let sL = 0;
  for (let k = start; k < end - 1; k++) {
    const r = ord[base + k] as number;
    const wr = w[r] as number;
    wL += wr;
    sL += wr * (yc[r] as number);
    const xv = xcol[colBase + r] as number;
    const xn = xcol[colBase + (ord[base + k + 1] as number)] as number;
    if (xn <= xv || wL < minLeaf) continue;
    const wR = weight - wL;
    if (wR < minLeaf) break;
    const sR = sum - sL;
    const score = (sL * sL) / wL + (sR * sR) / wR;
    if (score > best.score) {
      best.score = score;
      best.feature = f;
      let mid = xv / 2 + xn / 2;
      if (!(mid >= xv && mid < xn)) mid = xv;
      best.threshold = mid;
      best.catCount = 0;
    }
  }
  return true;
}

/**
 * The best subset split of a categorical column, found exactly (Breiman et al. 1984, for squared
 * error): order the node's choices by their mean target and scan the prefixes of that order. Choices
 * absent from the node go right. Returns false when the node holds a single choice.
 */
export function searchCategorical(
  ws: TreeWorkspace,
  f: number,
  size: number,
  node: NodeSegment,
  minLeaf: number,
  best: SplitCandidate,
): boolean {
  const { n, ord, xcol, w, yc, catW, catS, catOrder } = ws;
  const base = f * n;
  catW.fill(0, 0, size);
  catS.fill(0, 0, size);
  for (let k = node.start; k < node.end; k++) {
    const r = ord[base + k] as number;
    const c = xcol[base + r] as number;
    catW[c] = (catW[c] as number) + (w[r] as number);
    catS[c] = (catS[c] as number) + (w[r] as number) * (yc[r] as number);
  }
  let present = 0;
  for (let c = 0; c < size; c++) {
    if ((catW[c] as number) > 0) catOrder[present++] = c;
  }
  if (present < 2) return false;
  // Insertion sort by mean: few choices, and stable, so ties keep the choice order.
  for (let i = 1; i < present; i++) {
    const c = catOrder[i] as number;
    const mean = (catS[c] as number) / (catW[c] as number);
    let j = i - 1;
    while (j >= 0) {
      const o = catOrder[j] as number;
      if ((catS[o] as number) / (catW[o] as number) <= mean) break;
      catOrder[j + 1] = o;
      j--;
    }
    catOrder[j + 1] = c;
  }
  let wL = 0;
  let sL = 0;
  for (let i = 0; i < present - 1; i++) {
    const c = catOrder[i] as number;
    wL += catW[c] as number;
    sL += catS[c] as number;
    const wR = node.weight - wL;
    if (wL < minLeaf) continue;
    if (wR < minLeaf) break;
    const sR = node.sum - sL;
    const score = (sL * sL) / wL + (sR * sR) / wR;
    if (score > best.score) {
      best.score = score;
      best.feature = f;
      best.threshold = Number.NaN;
      best.catCount = i + 1;
      for (let j = 0; j <= i; j++) ws.bestCat[j] = catOrder[j] as number;
    }
  }
  return true;
}
