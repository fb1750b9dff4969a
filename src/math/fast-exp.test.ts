import { describe, expect, it } from "vitest";
import { expNonPositive } from "./fast-exp.js";
import { Rng } from "./rng.js";

describe("expNonPositive", () => {
  it("agrees with Math.exp to 1e-14 relative on (−708, 0]", () => {
    const rng = new Rng(1);
    let worst = 0;
    for (let i = 0; i < 200_000; i++) {
      const x = i < 1000 ? -i / 10 : -rng.random() * (i % 2 === 0 ? 50 : 708);
      const exact = Math.exp(x);
      worst = Math.max(worst, Math.abs(expNonPositive(x) - exact) / exact);
    }
    expect(worst).toBeLessThan(1e-14);
  });
  it("edge cases by name: 0, −0, −Infinity, NaN, the subnormal range", () => {
    expect(expNonPositive(0)).toBe(1);
    expect(expNonPositive(-0)).toBe(1);
    expect(expNonPositive(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(expNonPositive(Number.NaN)).toBeNaN();
    expect(expNonPositive(-740)).toBe(Math.exp(-740));
  });
});
