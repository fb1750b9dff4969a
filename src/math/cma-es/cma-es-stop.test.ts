import { describe, expect, it } from "vitest";
import { initCmaEs } from "./cma-es.js";
import { flatWindow, stopReason } from "./cma-es-stop.js";

const fresh = () => initCmaEs({ mean: [0.5, 0.5], sigma: 1 / 6, popsize: 6 });

describe("stopReason", () => {
  it("uses Hansen's window 10 + ⌈30n/λ⌉", () => {
    expect(flatWindow(2, 6)).toBe(20);
    expect(flatWindow(8, 10)).toBe(34);
  });

  it("flags flat fitness (tolFun) only once the window of bests is full and the last generation is flat too", () => {
    const window = flatWindow(2, 6);
    const flat = Array(window).fill(5);
    expect(stopReason(fresh(), 1 / 6, flat, [5, 5, 5])).toBe("tolFun");
    expect(stopReason(fresh(), 1 / 6, flat.slice(1), [5, 5, 5])).toBeNull();
    expect(stopReason(fresh(), 1 / 6, flat, [5, 5, 6])).toBeNull();
    expect(stopReason(fresh(), 1 / 6, [...flat.slice(1), 5 - 1e-3], [5, 5, 5])).toBeNull();
    expect(stopReason(fresh(), 1 / 6, [...flat.slice(1), 5 - 1e-4], [5, 5, 5])).toBe("tolFun");
    // Relative to |best| (1e-4 of it): a plateau at 1e6 moving by 1 is flat; one at 0 moving by 1e-9 is not.
    const wobble = (level: number, step: number) =>
      Array.from({ length: window }, (_, i) => level + (i % 2) * step);
    expect(stopReason(fresh(), 1 / 6, wobble(1e6, 1), [1e6])).toBe("tolFun");
    expect(stopReason(fresh(), 1 / 6, wobble(0, 1e-9), [0])).toBeNull();
  });

  it("flags a spread below 1e-3·σ₀ (tolX) and a condition number above 1e14", () => {
    expect(stopReason({ ...fresh(), sigma: 1e-4 }, 1 / 6, [], [1, 2])).toBe("tolX");
    expect(stopReason({ ...fresh(), sigma: 1e-3 }, 1 / 6, [], [1, 2])).toBeNull();
    expect(stopReason({ ...fresh(), axisLengths: Float64Array.from([1, 1e-8]) }, 1 / 6, [], [1, 2])).toBe(
      "condition",
    );
    expect(
      stopReason({ ...fresh(), axisLengths: Float64Array.from([1, 1e-6]) }, 1 / 6, [], [1, 2]),
    ).toBeNull();
  });
});
