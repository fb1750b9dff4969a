import { describe, expect, it } from "vitest";
import { Rng } from "../../math/rng.js";
import { powerWarp } from "./output-warp.js";

function normals(n: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  return Float64Array.from({ length: n }, () => rng.normal());
}

describe("powerWarp", () => {
  it("keeps the order of the losses", () => {
    const rng = new Rng(3);
    for (const loss of [
      Float64Array.from({ length: 40 }, () => Math.exp(5 * rng.normal())),
      Float64Array.from({ length: 40 }, () => rng.normal() * 3 - 1),
      Float64Array.from({ length: 40 }, () => rng.random() ** 4),
    ]) {
      const { y } = powerWarp(loss);
      for (let i = 0; i < loss.length; i++) {
        for (let j = 0; j < loss.length; j++) {
          if ((loss[i] as number) < (loss[j] as number)) expect(y[i] as number).toBeLessThan(y[j] as number);
        }
      }
    }
  });

  it("finds the log for log-normal losses and leaves Gaussian ones nearly linear", () => {
    const logNormal = powerWarp(normals(400, 1).map((z) => Math.exp(2 * z)));
    expect(logNormal.method).toBe("box-cox");
    expect(Math.abs(logNormal.lambda)).toBeLessThan(0.15);
    const gaussian = powerWarp(normals(400, 2).map((z) => z * 5 - 1));
    expect(gaussian.method).toBe("yeo-johnson");
    expect(Math.abs(gaussian.lambda - 1)).toBeLessThan(0.25);
  });

  it("reports the log Jacobian of the map it applied (finite differences of that map)", () => {
    const loss = normals(30, 4).map((z) => Math.exp(z));
    const { y, lambda, logJacobian } = powerWarp(loss);
    // Box-Cox of v / g with g the geometric mean, λ as returned.
    const g = Math.exp(loss.reduce((s, v) => s + Math.log(v), 0) / loss.length);
    const map = (v: number) => ((v / g) ** lambda - 1) / lambda;
    loss.forEach((v, i) => {
      expect(map(v)).toBeCloseTo(y[i] as number, 10);
    });
    const fd = loss.reduce(
      (s, v) => s + Math.log((map(v * (1 + 1e-6)) - map(v * (1 - 1e-6))) / (2e-6 * v)),
      0,
    );
    expect(logJacobian).toBeCloseTo(fd, 4);

    const signed = normals(30, 5).map((z) => z * 2 + 0.5);
    const yj = powerWarp(signed);
    const mean = signed.reduce((s, v) => s + v, 0) / signed.length;
    const sd = Math.sqrt(signed.reduce((s, v) => s + (v - mean) ** 2, 0) / signed.length);
    const l = yj.lambda;
    const yjMap = (v: number) => {
      const z = (v - mean) / sd;
      return z >= 0 ? ((1 + z) ** l - 1) / l : -((1 - z) ** (2 - l) - 1) / (2 - l);
    };
    signed.forEach((v, i) => {
      expect(yjMap(v)).toBeCloseTo(yj.y[i] as number, 10);
    });
    const fdYj = signed.reduce((s, v) => s + Math.log((yjMap(v + 1e-6) - yjMap(v - 1e-6)) / 2e-6), 0);
    expect(yj.logJacobian).toBeCloseTo(fdYj, 4);
  });

  it("leaves fewer than three losses as they are", () => {
    expect(Array.from(powerWarp(Float64Array.of(1, 100)).y)).toEqual([1, 100]);
  });
});
