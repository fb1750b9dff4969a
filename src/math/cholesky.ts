/**
 * Dense Cholesky factorization and triangular solves on row-major `Float64Array` matrices, for the
 * small symmetric positive-definite systems of Gaussian-process regression (n up to a few thousand).
 * Loops are allocation-free and walk rows contiguously.
 */

/** What {@link choleskyInPlace} did. */
export interface CholeskyResult {
  /** True when a factor was found (with `jitter` added to the diagonal). */
  readonly ok: boolean;
  /** The value added to every diagonal entry so that the factorization succeeded (0 when none was needed). */
  readonly jitter: number;
}

/** Options of {@link choleskyInPlace}. */
export interface CholeskyOptions {
  /**
   * First jitter tried, relative to the mean diagonal entry, when the plain factorization fails; it is
   * multiplied by 10 on each failure up to `maxJitter`. Default 1e-10.
   */
  readonly initialJitter?: number;
  /** Largest relative jitter tried before giving up. Default 1e-2. */
  readonly maxJitter?: number;
}

/**
 * Replaces the lower triangle of the n × n symmetric matrix `a` (row-major; only the lower triangle is
 * read) with its Cholesky factor L (A = L·Lᵀ) and zeroes the strict upper triangle. When A is not
 * numerically positive definite (duplicate points, a tiny noise term), it retries with jitter·I added,
 * the jitter growing tenfold from `initialJitter`·mean(diag A) up to `maxJitter`·mean(diag A).
 * Returns `{ ok: false }` (with `a` holding garbage) when even the largest jitter fails or A has a
 * non-finite entry.
 * @example
 * const a = Float64Array.from([4, 0, 2, 5]); // [[4, 2], [2, 5]], upper entry ignored
 * choleskyInPlace(a, 2); // a = [2, 0, 1, 2]
 */
export function choleskyInPlace(a: Float64Array, n: number, options: CholeskyOptions = {}): CholeskyResult {
  // The copy costs n² next to the factorization's n³/3, and lets a failed attempt start over.
  const original = a.slice(0, n * n);
  if (factorOnce(a, n)) return { ok: true, jitter: 0 };
  let mean = 0;
  for (let i = 0; i < n; i++) mean += original[i * n + i] as number;
  mean = Math.abs(mean / n);
  if (!Number.isFinite(mean)) return { ok: false, jitter: Number.NaN };
  if (mean === 0) mean = 1;
  const maxJitter = options.maxJitter ?? 1e-2;
  for (let rel = options.initialJitter ?? 1e-10; rel <= maxJitter * (1 + 1e-9); rel *= 10) {
    const jitter = rel * mean;
    a.set(original);
    for (let i = 0; i < n; i++) a[i * n + i] = (a[i * n + i] as number) + jitter;
    if (factorOnce(a, n)) return { ok: true, jitter };
  }
  return { ok: false, jitter: Number.NaN };
}

/** The Cholesky–Banachiewicz recurrence in place; false at the first non-positive pivot or non-finite entry. */
function factorOnce(a: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      const rj = j * n;
      let s = a[ri + j] as number;
      for (let k = 0; k < j; k++) s -= (a[ri + k] as number) * (a[rj + k] as number);
      if (i === j) {
        if (!(s > 0) || s === Number.POSITIVE_INFINITY) return false;
        a[ri + i] = Math.sqrt(s);
      } else {
        a[ri + j] = s / (a[rj + j] as number);
      }
    }
    for (let j = i + 1; j < n; j++) a[ri + j] = 0;
  }
  return true;
}

/**
 * Solves L·x = b in place (`b` becomes x) for the lower-triangular n × n factor `l` (row-major).
 * @example
 * solveLowerInPlace(l, n, b); // b ← L⁻¹ b
 */
export function solveLowerInPlace(l: Float64Array, n: number, b: Float64Array): void {
  solveLowerRows(l, n, b, 0, n);
}

/**
 * Rows `from` to `to − 1` of {@link solveLowerInPlace}: with b[0..from) already solved, solves the next
 * rows in place. Solving in pieces gives exactly the numbers of one whole solve, so a caller can stop
 * early (e.g. once a partial sum of squares settles a bound).
 * @example
 * solveLowerRows(l, n, b, 0, 8); // b[0..8) ← (L⁻¹ b)[0..8)
 */
export function solveLowerRows(l: Float64Array, n: number, b: Float64Array, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const ri = i * n;
    // Four partial sums break the add-latency chain of one running sum (~1.4× faster on V8).
    let s0 = b[i] as number;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let k = 0;
    for (; k + 3 < i; k += 4) {
      s0 -= (l[ri + k] as number) * (b[k] as number);
      s1 -= (l[ri + k + 1] as number) * (b[k + 1] as number);
      s2 -= (l[ri + k + 2] as number) * (b[k + 2] as number);
      s3 -= (l[ri + k + 3] as number) * (b[k + 3] as number);
    }
    for (; k < i; k++) s0 -= (l[ri + k] as number) * (b[k] as number);
    b[i] = (s0 + s1 + s2 + s3) / (l[ri + i] as number);
  }
}

/**
 * Solves Lᵀ·x = b in place (`b` becomes x) for the lower-triangular factor `l` (row-major), without
 * forming Lᵀ: the update runs column-wise over L's rows.
 * @example
 * solveUpperTransposedInPlace(l, n, b); // b ← L⁻ᵀ b
 */
export function solveUpperTransposedInPlace(l: Float64Array, n: number, b: Float64Array): void {
  for (let i = n - 1; i >= 0; i--) {
    const ri = i * n;
    const x = (b[i] as number) / (l[ri + i] as number);
    b[i] = x;
    for (let k = 0; k < i; k++) b[k] = (b[k] as number) - (l[ri + k] as number) * x;
  }
}

/**
 * Solves A·x = b in place given A's Cholesky factor L: a forward then a backward substitution.
 * @example
 * choleskySolveInPlace(l, n, b); // b ← A⁻¹ b
 */
export function choleskySolveInPlace(l: Float64Array, n: number, b: Float64Array): void {
  solveLowerInPlace(l, n, b);
  solveUpperTransposedInPlace(l, n, b);
}

/**
 * log det A = 2·Σ log Lᵢᵢ from A's Cholesky factor.
 * @example
 * choleskyLogDet(l, n);
 */
export function choleskyLogDet(l: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.log(l[i * n + i] as number);
  return 2 * s;
}

/**
 * A⁻¹ (full, symmetric, row-major, written to `out`) from A's Cholesky factor, in about n³/3
 * multiply-adds over contiguous rows: first Mᵀ with M = L⁻¹ (row j of Mᵀ solves L·m = e_j by forward
 * substitution, from entry j on), then A⁻¹[i][j] = Σ_{k ≥ max(i, j)} Mᵀ[i][k]·Mᵀ[j][k]. What the gradient of
 * a Gaussian-process marginal likelihood needs (tr(A⁻¹ ∂A)). `scratch` (n², optional) holds Mᵀ.
 * @example
 * const inv = choleskyInverse(l, n, new Float64Array(n * n));
 */
export function choleskyInverse(
  l: Float64Array,
  n: number,
  out: Float64Array,
  scratch: Float64Array = new Float64Array(n * n),
): Float64Array {
  const mt = scratch;
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    for (let i = 0; i < j; i++) mt[rj + i] = 0;
    for (let i = j; i < n; i++) {
      const ri = i * n;
      let s = i === j ? 1 : 0;
      for (let k = j; k < i; k++) s -= (l[ri + k] as number) * (mt[rj + k] as number);
      mt[rj + i] = s / (l[ri + i] as number);
    }
  }
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      const rj = j * n;
      let s0 = 0;
      let s1 = 0;
      let k = i;
      for (; k + 1 < n; k += 2) {
        s0 += (mt[ri + k] as number) * (mt[rj + k] as number);
        s1 += (mt[ri + k + 1] as number) * (mt[rj + k + 1] as number);
      }
      if (k < n) s0 += (mt[ri + k] as number) * (mt[rj + k] as number);
      out[ri + j] = s0 + s1;
      out[rj + i] = s0 + s1;
    }
  }
  return out;
}
