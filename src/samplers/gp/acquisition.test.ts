import { describe, expect, it } from "vitest";
import { normalCdf } from "../../math/normal-cdf.js";
import { ANALYTIC_ACQUISITIONS, acquisitionValue, logFeasibility, logH } from "./acquisition.js";

const out = () => ({ value: 0, dMean: 0, dSd: 0 });

describe("logH", () => {
  it("matches log(φ(z) + zΦ(z)) where that is accurate", () => {
    for (const z of [-5, -2, -1.0001, -0.5, 0, 0.7, 3, 10]) {
      const direct = Math.log(Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI) + z * normalCdf(z));
      expect(logH(z)).toBeCloseTo(direct, 9);
    }
  });

  it("is continuous across its branches (z = −1, −30) and finite far in the tail", () => {
    for (const edge of [-1, -30]) {
      expect(Math.abs(logH(edge + 1e-9) - logH(edge - 1e-9))).toBeLessThan(1e-6);
    }
    expect(Number.isFinite(logH(-1e4))).toBe(true);
    // h(z) = φ(z)/z²·(1 − 3/z² + O(z⁻⁴)) for z → −∞.
    const z = -200;
    expect(logH(z)).toBeCloseTo(
      -0.5 * z * z - 0.5 * Math.log(2 * Math.PI) - 2 * Math.log(-z) + Math.log1p(-3 / (z * z)),
      6,
    );
    expect(logH(-50)).toBeGreaterThan(logH(-51));
  });
});

describe("acquisition partial derivatives match finite differences", () => {
  const cases: [number, number, number][] = [
    [0.3, 0.5, 0],
    [-2, 0.1, 1],
    [-40, 0.5, 1],
    [1.5, 2, 0.2],
  ];
  for (const kind of ANALYTIC_ACQUISITIONS) {
    it(kind, () => {
      for (const [mean, sd, best] of cases) {
        const a = acquisitionValue(kind, mean, sd, best, 2, out());
        const h = 1e-6;
        const fdMean =
          (acquisitionValue(kind, mean + h, sd, best, 2, out()).value -
            acquisitionValue(kind, mean - h, sd, best, 2, out()).value) /
          (2 * h);
        const fdSd =
          (acquisitionValue(kind, mean, sd + h, best, 2, out()).value -
            acquisitionValue(kind, mean, sd - h, best, 2, out()).value) /
          (2 * h);
        expect(Number.isFinite(a.value)).toBe(true);
        expect(Math.abs(a.dMean - fdMean)).toBeLessThan(1e-5 * Math.max(1, Math.abs(fdMean)));
        expect(Math.abs(a.dSd - fdSd)).toBeLessThan(1e-5 * Math.max(1, Math.abs(fdSd)));
      }
    });
  }

  it("log EI stays finite and ordered where EI underflows to 0", () => {
    expect(acquisitionValue("ei", -40, 1, 0, 0, out()).value).toBe(0);
    const far = acquisitionValue("logei", -40, 1, 0, 0, out()).value;
    const farther = acquisitionValue("logei", -45, 1, 0, 0, out()).value;
    expect(Number.isFinite(far)).toBe(true);
    expect(far).toBeGreaterThan(farther);
  });

  it("log feasibility and its derivatives", () => {
    const f = logFeasibility(-1, 0.5, 0, out());
    expect(f.value).toBeCloseTo(Math.log(normalCdf(2)), 12);
    const h = 1e-6;
    const fd =
      (logFeasibility(-1 + h, 0.5, 0, out()).value - logFeasibility(-1 - h, 0.5, 0, out()).value) / (2 * h);
    expect(f.dMean).toBeCloseTo(fd, 6);
    const fdSd =
      (logFeasibility(-1, 0.5 + h, 0, out()).value - logFeasibility(-1, 0.5 - h, 0, out()).value) / (2 * h);
    expect(f.dSd).toBeCloseTo(fdSd, 6);
  });
});
