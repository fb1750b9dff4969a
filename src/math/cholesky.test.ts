import { describe, expect, it } from "vitest";
import {
  choleskyInPlace,
  choleskyInverse,
  choleskyLogDet,
  choleskySolveInPlace,
  solveLowerInPlace,
  solveLowerRows,
  solveUpperTransposedInPlace,
} from "./cholesky.js";
import { Rng } from "./rng.js";

/** A random SPD matrix B·Bᵀ + n·I. */
function spd(n: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  const b = Float64Array.from({ length: n * n }, () => rng.uniform(-1, 1));
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = i === j ? n : 0;
      for (let k = 0; k < n; k++) s += (b[i * n + k] as number) * (b[j * n + k] as number);
      a[i * n + j] = s;
    }
  return a;
}

function matVec(a: Float64Array, n: number, x: Float64Array): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) out[i] = (out[i] as number) + (a[i * n + j] as number) * (x[j] as number);
  return out;
}

describe("choleskyInPlace", () => {
  it("factors a 2 × 2 matrix exactly and zeroes the upper triangle", () => {
    const a = Float64Array.from([4, 99, 2, 5]);
    expect(choleskyInPlace(a, 2)).toEqual({ ok: true, jitter: 0 });
    expect([...a]).toEqual([2, 0, 1, 2]);
  });

  it("reconstructs a random SPD matrix (n = 1, 7, 40) to 1e-12 relative", () => {
    for (const n of [1, 7, 40]) {
      const a = spd(n, n);
      const l = a.slice();
      expect(choleskyInPlace(l, n).ok).toBe(true);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let k = 0; k < n; k++) s += (l[i * n + k] as number) * (l[j * n + k] as number);
          expect(Math.abs(s - (a[i * n + j] as number))).toBeLessThan(1e-12 * n);
        }
    }
  });

  it("adds growing jitter to a singular matrix (duplicate points) and reports it", () => {
    // Rank one: every entry 1 (three identical rows).
    const a = new Float64Array(9).fill(1);
    const result = choleskyInPlace(a, 3);
    expect(result.ok).toBe(true);
    expect(result.jitter).toBeGreaterThan(0);
    expect(result.jitter).toBeLessThanOrEqual(1e-2);
  });

  it("fails on NaN, on an indefinite matrix beyond the jitter, and restores nothing it promised", () => {
    expect(choleskyInPlace(Float64Array.from([Number.NaN]), 1).ok).toBe(false);
    expect(choleskyInPlace(Float64Array.from([1, 0, 0, -1]), 2).ok).toBe(false);
    expect(choleskyInPlace(Float64Array.from([Number.POSITIVE_INFINITY]), 1).ok).toBe(false);
  });
});

describe("triangular solves, inverse and log-determinant", () => {
  const n = 12;
  const a = spd(n, 3);
  const l = a.slice();
  choleskyInPlace(l, n);
  const rng = new Rng(9);
  const b = Float64Array.from({ length: n }, () => rng.normal());

  it("solves L x = b and Lᵀ x = b", () => {
    const x = b.slice();
    solveLowerInPlace(l, n, x);
    const lx = new Float64Array(n);
    for (let i = 0; i < n; i++)
      for (let k = 0; k <= i; k++) lx[i] = (lx[i] as number) + (l[i * n + k] as number) * (x[k] as number);
    for (let i = 0; i < n; i++) expect(lx[i]).toBeCloseTo(b[i] as number, 12);
    const y = b.slice();
    solveUpperTransposedInPlace(l, n, y);
    const lty = new Float64Array(n);
    for (let i = 0; i < n; i++)
      for (let k = i; k < n; k++) lty[i] = (lty[i] as number) + (l[k * n + i] as number) * (y[k] as number);
    for (let i = 0; i < n; i++) expect(lty[i]).toBeCloseTo(b[i] as number, 12);
  });

  it("solves L x = b in pieces of rows with exactly the numbers of one whole solve", () => {
    const whole = b.slice();
    solveLowerInPlace(l, n, whole);
    const pieces = b.slice();
    for (const [from, to] of [
      [0, 5],
      [5, 6],
      [6, n],
    ] as const)
      solveLowerRows(l, n, pieces, from, to);
    expect(Array.from(pieces)).toEqual(Array.from(whole));
  });

  it("solves A x = b", () => {
    const x = b.slice();
    choleskySolveInPlace(l, n, x);
    const ax = matVec(a, n, x);
    for (let i = 0; i < n; i++) expect(ax[i]).toBeCloseTo(b[i] as number, 11);
  });

  it("inverts A (A·A⁻¹ = I, symmetric)", () => {
    const inv = choleskyInverse(l, n, new Float64Array(n * n));
    for (let i = 0; i < n; i++) {
      const col = Float64Array.from({ length: n }, (_, j) => inv[j * n + i] as number);
      const e = matVec(a, n, col);
      for (let j = 0; j < n; j++) expect(e[j]).toBeCloseTo(i === j ? 1 : 0, 11);
      for (let j = 0; j < n; j++) expect(inv[i * n + j]).toBe(inv[j * n + i]);
    }
  });

  it("log det of diag(4, 9) is log 36", () => {
    const d = Float64Array.from([4, 0, 0, 9]);
    choleskyInPlace(d, 2);
    expect(choleskyLogDet(d, 2)).toBeCloseTo(Math.log(36), 14);
  });
});
