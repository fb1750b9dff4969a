import { describe, expect, it } from "vitest";
import reference from "./fixtures/xoshiro128ss-reference.json" with { type: "json" };
import { Rng } from "./rng.js";

describe("Rng", () => {
  it("matches the C reference of xoshiro128** word for word", () => {
    for (const { state, outputs } of reference) {
      const rng = Rng.fromState({ algorithm: "xoshiro128**", s: state as [number, number, number, number] });
      expect(outputs.map(() => rng.nextUint32())).toEqual(outputs);
    }
  });

  it("same seed gives the same stream; different seeds differ", () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const xs = Array.from({ length: 10 }, () => a.random());
    expect(Array.from({ length: 10 }, () => b.random())).toEqual(xs);
    expect(Array.from({ length: 10 }, () => c.random())).not.toEqual(xs);
  });

  it("state round-trips through JSON and continues the same stream", () => {
    const rng = new Rng(7);
    rng.random();
    const restored = Rng.fromState(JSON.parse(JSON.stringify(rng.getState())));
    expect(Array.from({ length: 5 }, () => restored.nextUint32())).toEqual(
      Array.from({ length: 5 }, () => rng.nextUint32()),
    );
  });

  it("derive depends on every key, including large numbers and strings", () => {
    const first = (r: Rng) => r.nextUint32();
    const base = first(Rng.derive(1, 5, "x"));
    expect(first(Rng.derive(1, 5, "x"))).toBe(base);
    expect(first(Rng.derive(1, 5, "y"))).not.toBe(base);
    expect(first(Rng.derive(1, 6, "x"))).not.toBe(base);
    expect(first(Rng.derive(2, 5, "x"))).not.toBe(base);
    expect(first(Rng.derive(1, 2 ** 33 + 5, "x"))).not.toBe(base);
  });

  it("random() lies in [0, 1) with mean ≈ 1/2 and variance ≈ 1/12", () => {
    const rng = new Rng(3);
    const n = 100_000;
    let sum = 0;
    let sq = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.random();
      min = Math.min(min, u);
      max = Math.max(max, u);
      sum += u;
      sq += u * u;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    const mean = sum / n;
    // Standard errors: 1/sqrt(12n) ≈ 0.0009 for the mean; the bounds are ~5 standard errors.
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(sq / n - mean * mean - 1 / 12)).toBeLessThan(0.003);
  });

  it("integer() covers [low, high] uniformly, including a span of one", () => {
    const rng = new Rng(11);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 60_000; i++) counts[rng.integer(1, 6) - 1]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
    expect(rng.integer(4, 4)).toBe(4);
    const wide = rng.integer(0, 2 ** 40);
    expect(Number.isInteger(wide) && wide >= 0 && wide <= 2 ** 40).toBe(true);
  });

  it("normal() has mean ≈ 0 and variance ≈ 1", () => {
    const rng = new Rng(5);
    const n = 100_000;
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      sum += z;
      sq += z * z;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.02);
    expect(Math.abs(sq / n - 1)).toBeLessThan(0.03);
  });
});
