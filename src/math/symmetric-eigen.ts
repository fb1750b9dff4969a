/**
 * Eigendecomposition of small dense symmetric matrices by the cyclic Jacobi method: slow for large n
 * (O(n³) per sweep, a handful of sweeps) but simple, accurate to working precision and robust for the
 * n ≤ ~50 covariance matrices of CMA-ES.
 */

/** The result of {@link symmetricEigen}: A = V·diag(values)·Vᵀ. */
export interface SymmetricEigen {
  /** Eigenvalues in ascending order. */
  readonly values: Float64Array;
  /** Row-major n × n matrix whose column k is the unit eigenvector of `values[k]`. */
  readonly vectors: Float64Array;
}

/** Sweeps before giving up; Jacobi converges quadratically, so well-scaled matrices need under 10. */
const MAX_SWEEPS = 100;

/**
 * Eigenvalues and orthonormal eigenvectors of the n × n symmetric matrix `a` (row-major; only the upper
 * triangle is read; `a` is not modified).
 * @example
 * symmetricEigen(Float64Array.from([2, 1, 1, 2]), 2).values; // [1, 3]
 */
export function symmetricEigen(a: Float64Array, n: number): SymmetricEigen {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = i; j < n; j++) {
      const v = a[i * n + j] as number;
      m[i * n + j] = v;
      m[j * n + i] = v;
    }
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    if (offDiagonalSmall(m, n)) break;
    for (let p = 0; p < n - 1; p++) for (let q = p + 1; q < n; q++) rotate(m, v, n, p, q);
  }
  return sortAscending(m, v, n);
}

/** True when every off-diagonal entry is negligible next to the diagonal (or exactly zero). */
function offDiagonalSmall(m: Float64Array, n: number): boolean {
  let off = 0;
  let diag = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const x = (m[i * n + j] as number) ** 2;
      if (i === j) diag += x;
      else off += x;
    }
  return off === 0 || off <= 1e-30 * diag;
}

/** One Jacobi rotation that zeroes m[p][q], applied to m (both sides) and accumulated into v. */
function rotate(m: Float64Array, v: Float64Array, n: number, p: number, q: number): void {
  const apq = m[p * n + q] as number;
  if (apq === 0) return;
  const app = m[p * n + p] as number;
  const aqq = m[q * n + q] as number;
  // tan of the rotation angle, the smaller root, for stability (Golub & Van Loan §8.5).
  const theta = (aqq - app) / (2 * apq);
  const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
  const c = 1 / Math.sqrt(t * t + 1);
  const s = t * c;
  for (let k = 0; k < n; k++) {
    const mkp = m[k * n + p] as number;
    const mkq = m[k * n + q] as number;
    m[k * n + p] = c * mkp - s * mkq;
    m[k * n + q] = s * mkp + c * mkq;
  }
  for (let k = 0; k < n; k++) {
    const mpk = m[p * n + k] as number;
    const mqk = m[q * n + k] as number;
    m[p * n + k] = c * mpk - s * mqk;
    m[q * n + k] = s * mpk + c * mqk;
  }
  m[p * n + q] = 0;
  m[q * n + p] = 0;
  for (let k = 0; k < n; k++) {
    const vkp = v[k * n + p] as number;
    const vkq = v[k * n + q] as number;
    v[k * n + p] = c * vkp - s * vkq;
    v[k * n + q] = s * vkp + c * vkq;
  }
}

function sortAscending(m: Float64Array, v: Float64Array, n: number): SymmetricEigen {
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (i, j) => (m[i * n + i] as number) - (m[j * n + j] as number),
  );
  const values = Float64Array.from(order, (i) => m[i * n + i] as number);
  const vectors = new Float64Array(n * n);
  order.forEach((from, to) => {
    for (let k = 0; k < n; k++) vectors[k * n + to] = v[k * n + from] as number;
  });
  return { values, vectors };
}
