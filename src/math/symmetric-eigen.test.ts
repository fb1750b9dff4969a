import { describe, expect, it } from "vitest";
import { Rng } from "./rng.js";
import { symmetricEigen } from "./symmetric-eigen.js";

function randomSymmetric(n: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = i; j < n; j++) {
      const x = rng.uniform(-1, 1);
      a[i * n + j] = x;
      a[j * n + i] = x;
    }
  return a;
}

/** max |V·diag(values)·Vᵀ − A| */
function reconstructionError(a: Float64Array, n: number): number {
  const { values, vectors } = symmetricEigen(a, n);
  let worst = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++)
        s += (vectors[i * n + k] as number) * (values[k] as number) * (vectors[j * n + k] as number);
      worst = Math.max(worst, Math.abs(s - (a[i * n + j] as number)));
    }
  return worst;
}

describe("symmetricEigen", () => {
  it("finds the eigenpairs of [[2, 1], [1, 2]]: 1 along (1, −1)/√2, 3 along (1, 1)/√2", () => {
    const { values, vectors } = symmetricEigen(Float64Array.from([2, 1, 1, 2]), 2);
    expect(values[0]).toBeCloseTo(1, 14);
    expect(values[1]).toBeCloseTo(3, 14);
    expect(Math.abs(vectors[0] as number)).toBeCloseTo(Math.SQRT1_2, 14);
    expect((vectors[0] as number) * (vectors[2] as number)).toBeCloseTo(-0.5, 14);
    expect((vectors[1] as number) * (vectors[3] as number)).toBeCloseTo(0.5, 14);
  });

  it("returns a diagonal matrix's entries sorted, with unit vectors", () => {
    const { values, vectors } = symmetricEigen(Float64Array.from([5, 0, 0, 0, -2, 0, 0, 0, 1]), 3);
    expect(Array.from(values)).toEqual([-2, 1, 5]);
    expect(Array.from(vectors).map(Math.abs)).toEqual([0, 0, 1, 1, 0, 0, 0, 1, 0]);
  });

  it("gives the 1 × 1 matrix its own entry", () => {
    const { values, vectors } = symmetricEigen(Float64Array.from([7.5]), 1);
    expect(Array.from(values)).toEqual([7.5]);
    expect(Array.from(vectors)).toEqual([1]);
  });

  it("finds the known spectrum of the tridiagonal [−1, 2, −1] matrix: 2 − 2cos(kπ/(n+1))", () => {
    const n = 8;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      a[i * n + i] = 2;
      if (i + 1 < n) {
        a[i * n + i + 1] = -1;
        a[(i + 1) * n + i] = -1;
      }
    }
    const { values } = symmetricEigen(a, n);
    for (let k = 1; k <= n; k++)
      expect(values[k - 1]).toBeCloseTo(2 - 2 * Math.cos((k * Math.PI) / (n + 1)), 12);
  });

  it.each([3, 10, 40])("reconstructs a random symmetric %i × %i matrix with orthonormal vectors", (n) => {
    const a = randomSymmetric(n, n);
    expect(reconstructionError(a, n)).toBeLessThan(1e-12 * n);
    const { vectors, values } = symmetricEigen(a, n);
    for (let p = 0; p < n; p++)
      for (let q = 0; q < n; q++) {
        let dot = 0;
        for (let k = 0; k < n; k++) dot += (vectors[k * n + p] as number) * (vectors[k * n + q] as number);
        expect(Math.abs(dot - (p === q ? 1 : 0))).toBeLessThan(1e-12);
      }
    for (let k = 1; k < n; k++) expect(values[k] as number).toBeGreaterThanOrEqual(values[k - 1] as number);
  });

  it("does not modify its input", () => {
    const a = randomSymmetric(5, 1);
    const copy = a.slice();
    symmetricEigen(a, 5);
    expect(a).toEqual(copy);
  });
});
