import { describe, expect, it } from "vitest";
import type { Direction } from "../../trial/frozen-trial.js";
import { multiObjectiveBelowWeights } from "./multi-objective-split.js";
import { COMPLETE, PRUNED, type SplitInput, splitTrials } from "./split.js";

/** A split input over rows 0..n−1 built from per-row descriptions. */
function input(
  rows: { state?: number; value?: number | number[]; violation?: number; step?: number; last?: number }[],
  nBelow: number,
  directions: Direction[] = ["minimize"],
): SplitInput {
  const n = rows.length;
  const values = directions.map((_, k) =>
    Float64Array.from(
      rows.map((r) => (Array.isArray(r.value) ? (r.value[k] as number) : (r.value ?? Number.NaN))),
    ),
  );
  return {
    directions,
    rows: Int32Array.from(rows.map((_, i) => i)),
    states: Uint8Array.from(rows.map((r) => r.state ?? COMPLETE)),
    values,
    violation: Float64Array.from(rows.map((r) => r.violation ?? 0)),
    prunedStep: Float64Array.from(rows.map((r) => r.step ?? -1)),
    prunedValue: Float64Array.from(rows.map((r) => r.last ?? Number.NaN)),
    nBelow: Math.min(nBelow, n),
  };
}

const below = (i: SplitInput) => Array.from(splitTrials(i).below);
const above = (i: SplitInput) => Array.from(splitTrials(i).above);

describe("splitTrials", () => {
  it("takes the best values, both groups in trial order", () => {
    const i = input([{ value: 5 }, { value: 1 }, { value: 3 }, { value: 0 }, { value: 9 }], 2);
    expect(below(i)).toEqual([1, 3]);
    expect(above(i)).toEqual([0, 2, 4]);
  });

  it("maximize flips the order", () => {
    const i = input([{ value: 5 }, { value: 1 }, { value: 3 }, { value: 0 }, { value: 9 }], 2, ["maximize"]);
    expect(below(i)).toEqual([0, 4]);
  });

  it("ties go to the earlier trial", () => {
    const i = input([{ value: 2 }, { value: 1 }, { value: 1 }, { value: 1 }], 2);
    expect(below(i)).toEqual([1, 2]);
  });

  it("pruned trials follow complete ones: further step first, then the better last report (NaN last), then no report", () => {
    const i = input(
      [
        { value: 3 },
        { state: PRUNED, step: 5, last: 9 },
        { state: PRUNED, step: 9, last: 50 },
        { state: PRUNED, step: 9, last: 40 },
        { state: PRUNED, step: 9, last: Number.NaN },
        { state: PRUNED }, // never reported
        { value: 1 },
      ],
      5,
    );
    // Step 9 beats step 5 whatever the report (NaN included); within step 9, 40 < 50 < NaN.
    expect(below(i)).toEqual([0, 2, 3, 4, 6]);
    expect(above(i)).toEqual([1, 5]);
    expect(below({ ...i, nBelow: 4 })).toEqual([0, 3, 2, 6].sort((a, b) => a - b));
    expect(below({ ...i, nBelow: 6 })).toEqual([0, 1, 2, 3, 4, 6]);
    expect(below(input([{ state: PRUNED }, { state: PRUNED, step: 0, last: 1 }], 1))).toEqual([1]);
  });

  it("infeasible trials come last, least violation first", () => {
    const i = input(
      [
        { value: 0, violation: 2 },
        { value: 10 },
        { value: 0, violation: 0.5 },
        { state: PRUNED, step: 1, last: 0 },
        { value: 0, violation: Number.POSITIVE_INFINITY },
      ],
      3,
    );
    expect(below(i)).toEqual([1, 2, 3]);
    expect(below({ ...i, nBelow: 4 })).toEqual([0, 1, 2, 3]);
  });

  it("nBelow 0 and nBelow ≥ n", () => {
    const rows = [{ value: 1 }, { value: 2 }];
    expect(below(input(rows, 0))).toEqual([]);
    expect(below(input(rows, 5))).toEqual([0, 1]);
  });

  it("many below trials (a sort rather than a running top-k) keep the same rule", () => {
    const rows = Array.from({ length: 40 }, (_, k) => ({ value: (k * 7) % 10 }));
    const expected = rows
      .map((r, k) => [r.value, k] as const)
      .sort((a, b) => a[0] - b[0] || a[1] - b[1])
      .slice(0, 30)
      .map(([, k]) => k)
      .sort((a, b) => a - b);
    expect(below(input(rows, 30))).toEqual(expected);
  });

  it("several objectives: whole fronts first, then the last front cut by hypervolume contribution", () => {
    // Front 0: (1, 4), (2, 2), (4, 1); front 1: (3, 3), (5, 5) is dominated by it.
    const values = [
      [1, 4],
      [2, 2],
      [4, 1],
      [3, 3],
      [5, 5],
    ];
    const rows = values.map((value) => ({ value }));
    expect(below(input(rows, 3, ["minimize", "minimize"]))).toEqual([0, 1, 2]);
    expect(below(input(rows, 4, ["minimize", "minimize"]))).toEqual([0, 1, 2, 3]);
    // Two of front 0: the reference is 1.1 × its worst corner (4.4, 4.4); dropping (2, 2) loses 4,
    // each extreme point loses less, so one extreme goes (the later one on a tie: here (4, 1)).
    const two = below(input(rows, 2, ["minimize", "minimize"]));
    expect(two).toContain(1);
    expect(two).toHaveLength(2);
  });

  it("several objectives, maximize: directions are respected", () => {
    const values = [
      [1, 1],
      [2, 2],
      [0, 3],
    ];
    expect(
      below(
        input(
          values.map((value) => ({ value })),
          1,
          ["maximize", "maximize"],
        ),
      ),
    ).toEqual([1]);
  });
});

describe("multiObjectiveBelowWeights", () => {
  it("weights by hypervolume contribution over the largest, dominated and infeasible rows near 0", () => {
    const values = [Float64Array.from([1, 2, 4, 3]), Float64Array.from([4, 2, 1, 3])];
    const w = multiObjectiveBelowWeights(
      Int32Array.from([0, 1, 2, 3]),
      values,
      ["minimize", "minimize"],
      Float64Array.from([0, 0, 0, 0]),
    );
    expect(Math.max(...w)).toBe(1);
    expect(w[3]).toBeLessThan(1e-11); // (3, 3) is dominated by (2, 2)
    const infeasible = multiObjectiveBelowWeights(
      Int32Array.from([0, 1]),
      values,
      ["minimize", "minimize"],
      Float64Array.from([1, 0]),
    );
    expect(Array.from(infeasible)).toEqual([1e-12, 1]);
  });
});
