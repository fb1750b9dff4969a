import type { Kernels, NumericKernels } from "./kernels.js";
import type { TruncationMemo } from "./parzen-estimator.js";

/** Points evaluated together: their distances to one component are computed while its centre is loaded. */
export const BLOCK = 8;

/**
 * The continuous parameters of a joint estimator whose observation kernels share one width (every joint
 * estimator's), stored component-major as centre/width, so the squared standardized distance from a
 * block of points to each component is one pass over the components with the centre row in registers,
 * instead of one pass per parameter over an accumulator.
 */
export class SharedWidthBlock {
  /** The parameters (indices into the estimator's) this block covers. */
  readonly params: Int32Array;
  /** Scaled centres μ/σ, `q` per row; component j's are at row `rowOf[j]`. */
  private readonly centres: Float64Array;
  private readonly rowOf: Int32Array;
  private readonly inv: Float64Array;
  private readonly priorCentre: Float64Array;
  private readonly priorInv: Float64Array;
  private readonly scaled: Float64Array;

  private constructor(
    kernels: readonly NumericKernels[],
    params: Int32Array,
    m: number,
    memo: TruncationMemo | null,
  ) {
    const q = kernels.length;
    this.params = params;
    this.inv = new Float64Array(q);
    this.priorCentre = new Float64Array(q);
    this.priorInv = new Float64Array(q);
    kernels.forEach((k, i) => {
      this.inv[i] = k.sharedInvSigma;
      this.priorCentre[i] = k.mu[m - 1] as number;
      this.priorInv[i] = k.invSigma[m - 1] as number;
    });
    const inv = this.inv;
    const mus = kernels.map((k) => k.mu);
    if (memo === null) {
      this.rowOf = new Int32Array(m - 1);
      for (let j = 0; j < m - 1; j++) this.rowOf[j] = j;
      this.centres = new Float64Array((m - 1) * q);
    } else {
      // Scaled centres by study row, kept across trials while the widths stay (NaN: not yet known).
      const key = `c\u0000${Array.from(params, (p) => memo.keys[p]).join("\u0001")}`;
      this.rowOf = memo.rows;
      this.centres = memo.cache.entry(key, inv, memo.rowCount, q);
    }
    const centres = this.centres;
    for (let j = 0; j < m - 1; j++) {
      const row = (this.rowOf[j] as number) * q;
      if (memo !== null && !Number.isNaN(centres[row] as number)) continue;
      for (let i = 0; i < q; i++)
        centres[row + i] = ((mus[i] as Float64Array)[j] as number) * (inv[i] as number);
    }
    this.scaled = new Float64Array(BLOCK * q);
  }

  /**
   * The block of `kernels`' continuous shared-width parameters, or null when there is none. With a memo
   * (a joint estimator's observations by study row) the scaled centres come from its cache.
   */
  static of(
    kernels: readonly Kernels[],
    m: number,
    memo: TruncationMemo | null = null,
  ): SharedWidthBlock | null {
    const params: number[] = [];
    const chosen: NumericKernels[] = [];
    kernels.forEach((k, p) => {
      if (k.kind === "numeric" && k.space.step === 0 && !Number.isNaN(k.sharedInvSigma)) {
        params.push(p);
        chosen.push(k);
      }
    });
    return params.length === 0 ? null : new SharedWidthBlock(chosen, Int32Array.from(params), m, memo);
  }

  /**
   * For points c0..c0+nb−1 of `points` (point-major, `dims` per point) and components from..to−1 (the
   * last, m − 1, is the prior): acc[b·m + j] = base[j] − ½·Σ ((x − μj)/σ)² over the block's parameters.
   * Every entry is the same double whichever range or block it is computed in.
   */
  evaluate(
    points: Float64Array,
    dims: number,
    c0: number,
    nb: number,
    base: Float64Array,
    acc: Float64Array,
    m: number,
    from = 0,
    to = m,
  ): void {
    const q = this.params.length;
    // Scaled coordinates parameter-major within the block (xs[i·BLOCK + b]), so a full block reads
    // eight neighbouring values per centre coordinate into eight independent sums.
    const xs = this.scaled;
    for (let b = 0; b < nb; b++) {
      for (let i = 0; i < q; i++) {
        xs[i * BLOCK + b] =
          (points[(c0 + b) * dims + (this.params[i] as number)] as number) * (this.inv[i] as number);
      }
    }
    const end = Math.min(to, m - 1);
    if (nb === BLOCK) this.observedBlock(base, acc, m, from, end);
    else if (nb === 1) this.observedOne(base, acc, from, end);
    else {
      const centres = this.centres;
      for (let j = from; j < end; j++) {
        const row = (this.rowOf[j] as number) * q;
        const bj = base[j] as number;
        for (let b = 0; b < nb; b++) {
          let dist = 0;
          for (let i = 0; i < q; i++) {
            const diff = (xs[i * BLOCK + b] as number) - (centres[row + i] as number);
            dist += diff * diff;
          }
          acc[b * m + j] = bj - 0.5 * dist;
        }
      }
    }
    if (to < m) return;
    const last = m - 1;
    for (let b = 0; b < nb; b++) {
      let dist = 0;
      for (let i = 0; i < q; i++) {
        const x = points[(c0 + b) * dims + (this.params[i] as number)] as number;
        const z = (x - (this.priorCentre[i] as number)) * (this.priorInv[i] as number);
        dist += z * z;
      }
      acc[b * m + last] = (base[last] as number) - 0.5 * dist;
    }
  }

  /** Observation components from..end−1 for a full block of scaled points. */
  private observedBlock(base: Float64Array, acc: Float64Array, m: number, from: number, end: number): void {
    const q = this.params.length;
    const xs = this.scaled;
    const centres = this.centres;
    const rowOf = this.rowOf;
    for (let j = from; j < end; j++) {
      const row = (rowOf[j] as number) * q;
      let d0 = 0;
      let d1 = 0;
      let d2 = 0;
      let d3 = 0;
      let d4 = 0;
      let d5 = 0;
      let d6 = 0;
      let d7 = 0;
      for (let i = 0; i < q; i++) {
        const c = centres[row + i] as number;
        const o = i * BLOCK;
        const e0 = (xs[o] as number) - c;
        const e1 = (xs[o + 1] as number) - c;
        const e2 = (xs[o + 2] as number) - c;
        const e3 = (xs[o + 3] as number) - c;
        const e4 = (xs[o + 4] as number) - c;
        const e5 = (xs[o + 5] as number) - c;
        const e6 = (xs[o + 6] as number) - c;
        const e7 = (xs[o + 7] as number) - c;
        d0 += e0 * e0;
        d1 += e1 * e1;
        d2 += e2 * e2;
        d3 += e3 * e3;
        d4 += e4 * e4;
        d5 += e5 * e5;
        d6 += e6 * e6;
        d7 += e7 * e7;
      }
      const bj = base[j] as number;
      acc[j] = bj - 0.5 * d0;
      acc[m + j] = bj - 0.5 * d1;
      acc[2 * m + j] = bj - 0.5 * d2;
      acc[3 * m + j] = bj - 0.5 * d3;
      acc[4 * m + j] = bj - 0.5 * d4;
      acc[5 * m + j] = bj - 0.5 * d5;
      acc[6 * m + j] = bj - 0.5 * d6;
      acc[7 * m + j] = bj - 0.5 * d7;
    }
  }

  /**
   * Observation components from..end−1 for one scaled point (xs[i·BLOCK]): four components at a time,
   * so four independent sums run side by side as the eight points of a block do.
   */
  private observedOne(base: Float64Array, acc: Float64Array, from: number, end: number): void {
    const q = this.params.length;
    const xs = this.scaled;
    const centres = this.centres;
    const rowOf = this.rowOf;
    let j = from;
    for (; j + 4 <= end; j += 4) {
      const r0 = (rowOf[j] as number) * q;
      const r1 = (rowOf[j + 1] as number) * q;
      const r2 = (rowOf[j + 2] as number) * q;
      const r3 = (rowOf[j + 3] as number) * q;
      let d0 = 0;
      let d1 = 0;
      let d2 = 0;
      let d3 = 0;
      for (let i = 0; i < q; i++) {
        const x = xs[i * BLOCK] as number;
        const e0 = x - (centres[r0 + i] as number);
        const e1 = x - (centres[r1 + i] as number);
        const e2 = x - (centres[r2 + i] as number);
        const e3 = x - (centres[r3 + i] as number);
        d0 += e0 * e0;
        d1 += e1 * e1;
        d2 += e2 * e2;
        d3 += e3 * e3;
      }
      acc[j] = (base[j] as number) - 0.5 * d0;
      acc[j + 1] = (base[j + 1] as number) - 0.5 * d1;
      acc[j + 2] = (base[j + 2] as number) - 0.5 * d2;
      acc[j + 3] = (base[j + 3] as number) - 0.5 * d3;
    }
    for (; j < end; j++) {
      const row = (rowOf[j] as number) * q;
      let dist = 0;
      for (let i = 0; i < q; i++) {
        const diff = (xs[i * BLOCK] as number) - (centres[row + i] as number);
        dist += diff * diff;
      }
      acc[j] = (base[j] as number) - 0.5 * dist;
    }
  }
}
