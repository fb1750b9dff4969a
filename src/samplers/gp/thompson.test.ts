import { describe, expect, it } from "vitest";
import { Rng } from "../../math/rng.js";
import { GpPosterior } from "./gp-posterior.js";
import { jointSample, thompsonChoice } from "./thompson.js";

const x = Float64Array.of(0.1, 0.4, 0.8);
const y = Float64Array.of(-1, 0.5, 1.2);
const theta = Float64Array.of(Math.log(0.3), 0, Math.log(1e-6));
const post = GpPosterior.build({ x, y, n: 3, d: 1, cat: new Uint8Array(1) }, theta) as GpPosterior;

describe("jointSample", () => {
  it("draws have the posterior's mean, variance and correlation (4,000 draws, 4-sigma tolerances)", () => {
    const points = Float64Array.of(0.25, 0.3, 0.95);
    const rng = new Rng(1);
    const draws = 4000;
    const sum = new Float64Array(3);
    const sq = new Float64Array(3);
    let cross = 0;
    for (let t = 0; t < draws; t++) {
      const f = jointSample(post, points, 3, rng);
      for (let i = 0; i < 3; i++) {
        sum[i] = (sum[i] as number) + (f[i] as number);
        sq[i] = (sq[i] as number) + (f[i] as number) ** 2;
      }
      cross += (f[0] as number) * (f[1] as number);
    }
    const vars: number[] = [];
    for (let i = 0; i < 3; i++) {
      post.predict(points, i);
      const mean = (sum[i] as number) / draws;
      const variance = (sq[i] as number) / draws - mean * mean;
      vars.push(variance);
      expect(Math.abs(mean - post.mean)).toBeLessThan(4 * Math.sqrt(post.variance / draws));
      expect(Math.abs(variance / post.variance - 1)).toBeLessThan(4 * Math.sqrt(2 / draws));
    }
    // Points 0.25 and 0.3 are close: their draws are strongly correlated.
    const m0 = (sum[0] as number) / draws;
    const m1 = (sum[1] as number) / draws;
    const corr = (cross / draws - m0 * m1) / Math.sqrt((vars[0] as number) * (vars[1] as number));
    expect(corr).toBeGreaterThan(0.9);
  });

  it("at observed points (noise 1e-6) draws reproduce the observations", () => {
    const f = jointSample(post, x, 3, new Rng(2));
    for (let i = 0; i < 3; i++) expect(f[i]).toBeCloseTo(y[i] as number, 2);
  });
});

describe("thompsonChoice", () => {
  it("prefers points whose drawn constraints hold", () => {
    const points = Float64Array.of(0.1, 0.8);
    // Constraint GP: the observations at 0.8 violate (c = 1.2 > 0), at 0.1 satisfy (c = −1).
    const choice = thompsonChoice(post, [{ posterior: post, threshold: 0 }], points, 2, new Rng(3));
    expect(choice).toBe(0);
    expect(thompsonChoice(post, [], points, 2, new Rng(3))).toBe(1);
  });
});
