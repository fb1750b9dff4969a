import { describe, expect, it } from "vitest";
import { RandomForest } from "../../math/forest/random-forest.js";
import type { ForestFeature, RegressionTree } from "../../math/forest/regression-tree.js";
import { Rng } from "../../math/rng.js";
import type { ImportanceInput } from "../importance-evaluator.js";
import {
  ADDITIVE_WITH_INTERACTION,
  firstOrderIndices,
  MIXED_WITH_CATEGORICAL,
  sobolInput,
} from "../testing/sobol-functions.js";
import { spearman } from "../testing/spearman.js";
import { FanovaEvaluator } from "./fanova-evaluator.js";
import { leafBoxes } from "./leaf-boxes.js";
import { decomposeTree } from "./marginal-variance.js";
import { pairMarginalVariance } from "./pair-variance.js";

/** A hand-written tree: a leaf value, or a split with its two subtrees. */
type Spec =
  | number
  | {
      readonly f: number;
      readonly t?: number;
      readonly choices?: number[];
      readonly l: Spec;
      readonly r: Spec;
    };

function buildTree(spec: Spec): RegressionTree {
  const feature: number[] = [];
  const threshold: number[] = [];
  const leftChoices: (number[] | null)[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const value: number[] = [];
  const add = (s: Spec): number => {
    const i = feature.length;
    const split = typeof s === "number" ? null : s;
    feature.push(split ? split.f : -1);
    threshold.push(split?.t ?? Number.NaN);
    leftChoices.push(split?.choices ?? null);
    left.push(-1);
    right.push(-1);
    value.push(typeof s === "number" ? s : 0);
    if (split) {
      left[i] = add(split.l);
      right[i] = add(split.r);
    }
    return i;
  };
  add(spec);
  const count = feature.length;
  return {
    nodeCount: count,
    feature: Int32Array.from(feature),
    threshold: Float64Array.from(threshold),
    leftChoices,
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    value: Float64Array.from(value),
    samples: new Float64Array(count).fill(1),
    impurity: new Float64Array(count),
  };
}

const UNIT: ForestFeature = { kind: "numerical", low: 0, high: 1 };

function fractions(spec: Spec, features: ForestFeature[]): number[] {
  const { variance, marginal } = decomposeTree(leafBoxes(buildTree(spec), features), features);
  return Array.from(marginal, (m) => m / variance);
}

describe("fANOVA on hand-built trees", () => {
  it("gives the whole variance to the only column a tree splits on", () => {
    const spec: Spec = { f: 0, t: 0.3, l: 1, r: { f: 0, t: 0.8, l: 5, r: 2 } };
    const [a, b] = fractions(spec, [UNIT, UNIT]);
    expect(a).toBeCloseTo(1, 12);
    expect(b).toBe(0);
    // Mean 0.3·1 + 0.5·5 + 0.2·2 = 3.2; variance 0.3·2.2² + 0.5·1.8² + 0.2·1.2² = 3.36.
    const d = decomposeTree(leafBoxes(buildTree(spec), [UNIT, UNIT]), [UNIT, UNIT]);
    expect(d.mean).toBeCloseTo(3.2, 12);
    expect(d.variance).toBeCloseTo(3.36, 12);
  });

  it("splits an additive tree's variance between its columns by their marginals", () => {
    // a(x0) ∈ {0, 2} on halves (variance 1) plus b(x1) ∈ {0, 4} on [0, 0.25] and (0.25, 1] (variance 3).
    const spec: Spec = {
      f: 0,
      t: 0.5,
      l: { f: 1, t: 0.25, l: 0, r: 4 },
      r: { f: 1, t: 0.25, l: 2, r: 6 },
    };
    const [a, b] = fractions(spec, [UNIT, UNIT]);
    expect(a).toBeCloseTo(0.25, 12);
    expect(b).toBeCloseTo(0.75, 12);
  });

  it("gives no main effect to a pure interaction (XOR)", () => {
    const spec: Spec = { f: 0, t: 0.5, l: { f: 1, t: 0.5, l: 1, r: 0 }, r: { f: 1, t: 0.5, l: 0, r: 1 } };
    const [a, b] = fractions(spec, [UNIT, UNIT]);
    expect(a).toBeCloseTo(0, 12);
    expect(b).toBeCloseTo(0, 12);
  });

  it("gives a pure interaction (XOR) its whole variance as the pair's, and an additive tree none", () => {
    const xor: Spec = { f: 0, t: 0.5, l: { f: 1, t: 0.5, l: 1, r: 0 }, r: { f: 1, t: 0.5, l: 0, r: 1 } };
    const additive: Spec = {
      f: 0,
      t: 0.5,
      l: { f: 1, t: 0.25, l: 0, r: 4 },
      r: { f: 1, t: 0.25, l: 2, r: 6 },
    };
    const pure = (spec: Spec) => {
      const boxes = leafBoxes(buildTree(spec), [UNIT, UNIT]);
      const { mean, variance, marginal } = decomposeTree(boxes, [UNIT, UNIT]);
      const joint = pairMarginalVariance(boxes, [UNIT, UNIT], 0, 1, mean);
      return (joint - (marginal[0] as number) - (marginal[1] as number)) / variance;
    };
    expect(pure(xor)).toBeCloseTo(1, 12);
    expect(pure(additive)).toBeCloseTo(0, 12);
  });

  it("weights each choice of a categorical equally and uses the column's bounds, not the data's", () => {
    // Choice 1 of 3 gives 3, the others 0: variance 9·(1/3)(2/3) = 2, all of it the categorical's.
    const cat: ForestFeature = { kind: "categorical", size: 3 };
    const [c] = fractions({ f: 0, choices: [1], l: 3, r: 0 }, [cat]);
    expect(c).toBeCloseTo(1, 12);
    const d = decomposeTree(leafBoxes(buildTree({ f: 0, choices: [1], l: 3, r: 0 }), [cat]), [cat]);
    expect(d.variance).toBeCloseTo(2, 12);
    // On [0, 4], a step at 1 leaves a quarter of the box left: variance 0.25·0.75·10² = 18.75.
    const wide: ForestFeature = { kind: "numerical", low: 0, high: 4 };
    const s = decomposeTree(leafBoxes(buildTree({ f: 0, t: 1, l: 10, r: 0 }), [wide]), [wide]);
    expect(s.variance).toBeCloseTo(18.75, 12);
    // A threshold beyond the bounds leaves an empty leaf: the tree is constant over the box.
    const out = decomposeTree(leafBoxes(buildTree({ f: 0, t: 7, l: 1, r: 9 }), [wide]), [wide]);
    expect(out.variance).toBe(0);
  });

  it("matches a brute-force sum over every cell of the cut-point grid on grown trees", () => {
    const features: ForestFeature[] = [
      UNIT,
      { kind: "numerical", low: -1, high: 2 },
      { kind: "categorical", size: 4 },
    ];
    // The categorical's effect is weak, so some leaves keep runs of consecutive choices (e.g. 1, 2, 3).
    const rng = new Rng(3);
    const n = 60;
    const x = new Float64Array(n * 3);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      x[i * 3] = rng.random();
      x[i * 3 + 1] = rng.uniform(-1, 2);
      x[i * 3 + 2] = rng.integer(0, 3);
      y[i] =
        (x[i * 3] as number) * (x[i * 3 + 1] as number) +
        ([0, 0.3, 0.15, -0.15][x[i * 3 + 2] as number] as number) +
        rng.normal() * 0.1;
    }
    const forest = new RandomForest({ nTrees: 3, maxDepth: 6, seed: 2 }).fit({ x, n, features, y });
    for (const tree of forest.trees) {
      const got = decomposeTree(leafBoxes(tree, features), features);
      const want = bruteForce(tree, features);
      expect(got.variance).toBeCloseTo(want.variance, 10);
      for (let f = 0; f < 3; f++) expect(got.marginal[f]).toBeCloseTo(want.marginal[f] as number, 10);
      const boxes = leafBoxes(tree, features);
      for (const [f, g] of [
        [0, 1],
        [0, 2],
        [1, 2],
      ] as const) {
        expect(pairMarginalVariance(boxes, features, f, g, got.mean)).toBeCloseTo(want.pair(f, g), 10);
      }
    }
  });
});

/**
 * The tree's variance and main-effect variances by enumerating every cell of the grid its thresholds
 * make (numerical: between consecutive cut points, weighted by width; categorical: per choice).
 */
function bruteForce(tree: RegressionTree, features: ForestFeature[]) {
  const axes = features.map((feature, f) => {
    if (feature.kind === "categorical") {
      return Array.from({ length: feature.size }, (_, c) => ({ point: c, weight: 1 / feature.size }));
    }
    const cuts = [feature.low, feature.high];
    for (let i = 0; i < tree.nodeCount; i++) {
      const t = tree.threshold[i] as number;
      if (tree.feature[i] === f && t > feature.low && t < feature.high) cuts.push(t);
    }
    cuts.sort((a, b) => a - b);
    return cuts.slice(1).map((hi, k) => ({
      point: ((cuts[k] as number) + hi) / 2,
      weight: (hi - (cuts[k] as number)) / (feature.high - feature.low),
    }));
  });
  const cells: { value: number; weight: number; index: number[] }[] = [];
  const walk = (f: number, index: number[]) => {
    if (f === features.length) {
      const row = Float64Array.from(index, (k, g) => axes[g]?.[k]?.point as number);
      let node = 0;
      while (tree.feature[node] !== -1) {
        const g = tree.feature[node] as number;
        const choices = tree.leftChoices[node];
        const left = choices
          ? choices.includes(row[g] as number)
          : (row[g] as number) <= (tree.threshold[node] as number);
        node = (left ? tree.left[node] : tree.right[node]) as number;
      }
      const weight = index.reduce((p, k, g) => p * (axes[g]?.[k]?.weight as number), 1);
      cells.push({ value: tree.value[node] as number, weight, index: [...index] });
      return;
    }
    for (let k = 0; k < (axes[f]?.length as number); k++) walk(f + 1, [...index, k]);
  };
  walk(0, []);
  const mean = cells.reduce((a, c) => a + c.weight * c.value, 0);
  const variance = cells.reduce((a, c) => a + c.weight * (c.value - mean) ** 2, 0);
  const marginal = features.map((_, f) =>
    (axes[f] ?? []).reduce((acc, axis, k) => {
      const level = cells
        .filter((c) => c.index[f] === k)
        .reduce((a, c) => a + (c.weight / axis.weight) * c.value, 0);
      return acc + axis.weight * (level - mean) ** 2;
    }, 0),
  );
  const pair = (f: number, g: number) => {
    let acc = 0;
    (axes[f] ?? []).forEach((af, i) => {
      (axes[g] ?? []).forEach((ag, j) => {
        const w = af.weight * ag.weight;
        const level = cells
          .filter((c) => c.index[f] === i && c.index[g] === j)
          .reduce((a, c) => a + (c.weight / w) * c.value, 0);
        acc += w * (level - mean) ** 2;
      });
    });
    return acc;
  };
  return { variance, marginal, pair };
}

describe("FanovaEvaluator on functions with known Sobol indices", () => {
  // A forest fitted on 1,000 points approximates the function by boxes whose errors act as spurious
  // interactions, so fANOVA's main effects run below the true first-order indices (Optuna's fANOVA
  // gives 0.29, 0.15, 0.035, 0.14, 0.13 on ADDITIVE_WITH_INTERACTION, ours 0.29-0.31, 0.15-0.16,
  // 0.03-0.04, 0.14-0.16, 0.12-0.13). Hence: absolute error ≤ 0.07 per parameter, Spearman rank
  // correlation with the truth ≥ 0.9, and every dummy below every parameter whose index is ≥ 0.05.
  for (const fn of [ADDITIVE_WITH_INTERACTION, MIXED_WITH_CATEGORICAL]) {
    it(`recovers the first-order indices of ${fn.name} at 1,000 rows (3 seeds)`, () => {
      const truth = firstOrderIndices(fn);
      for (const seed of [1, 2, 3]) {
        const got = new FanovaEvaluator({ seed }).evaluate(sobolInput(fn, 1000, 100 + seed));
        for (let f = 0; f < truth.length; f++) {
          expect(Math.abs((got[f] as number) - (truth[f] as number))).toBeLessThanOrEqual(0.07);
        }
        expect(spearman(got, truth)).toBeGreaterThanOrEqual(0.9);
        const dummies = Array.from(got).filter((_, f) => truth[f] === 0);
        const real = Array.from(got).filter((_, f) => (truth[f] as number) >= 0.05);
        expect(Math.max(...dummies)).toBeLessThan(Math.min(...real));
      }
    });
  }
});

describe("FanovaEvaluator.pairwise", () => {
  it("finds the one interacting pair of ADDITIVE_WITH_INTERACTION (true share 36/144 / 4.2167 ≈ 0.059)", () => {
    // Within 0.03 of the truth, and every other pair below 0.03 (spurious tree interactions measure
    // ≤ 0.012 over seeds 1-2).
    for (const seed of [1, 2]) {
      const pairs = new FanovaEvaluator({ seed }).pairwise(
        sobolInput(ADDITIVE_WITH_INTERACTION, 1000, 100 + seed),
      );
      expect(pairs.length).toBe(21);
      for (const { params, importance } of pairs) {
        if (params[0] === "x3" && params[1] === "x4")
          expect(Math.abs(importance - 0.25 / 4.2167)).toBeLessThan(0.03);
        else expect(importance).toBeLessThan(0.03);
      }
    }
  });

  it("lists no pair for one parameter and scores every pair 0 on a constant target", () => {
    const input = sobolInput(MIXED_WITH_CATEGORICAL, 50, 1);
    const flat: ImportanceInput = { ...input, y: new Float64Array(50).fill(2) };
    const pairs = new FanovaEvaluator({ seed: 1 }).pairwise(flat);
    expect(pairs.length).toBe(10);
    expect(pairs[0]).toEqual({ params: ["x0", "x1"], importance: 0 });
    expect(pairs.every((p) => p.importance === 0)).toBe(true);
    const single: ImportanceInput = {
      ...input,
      params: ["x0"],
      distributions: input.distributions.slice(0, 1),
      x: input.x.filter((_, i) => i % 5 === 0),
    };
    expect(new FanovaEvaluator({ seed: 1 }).pairwise(single)).toEqual([]);
  });
});

describe("FanovaEvaluator contract", () => {
  const input = sobolInput(MIXED_WITH_CATEGORICAL, 200, 5);

  it("is deterministic for a seed and depends on it", () => {
    const a = new FanovaEvaluator({ seed: 4 }).evaluate(input);
    expect(new FanovaEvaluator({ seed: 4 }).evaluate(input)).toEqual(a);
    expect(new FanovaEvaluator({ seed: 5 }).evaluate(input)).not.toEqual(a);
    const unseeded = new FanovaEvaluator();
    expect(unseeded.evaluate(input)).toEqual(unseeded.evaluate(input));
    expect(new FanovaEvaluator().name).toBe("fanova");
  });

  it("scores 0 with fewer than two distinct targets, one row or no column", () => {
    const flat: ImportanceInput = { ...input, y: new Float64Array(input.n).fill(3) };
    expect(Array.from(new FanovaEvaluator({ seed: 1 }).evaluate(flat))).toEqual([0, 0, 0, 0, 0]);
    const one: ImportanceInput = { ...input, n: 1, x: input.x.slice(0, 5), y: input.y.slice(0, 1) };
    expect(Array.from(new FanovaEvaluator({ seed: 1 }).evaluate(one))).toEqual([0, 0, 0, 0, 0]);
    const none: ImportanceInput = {
      params: [],
      distributions: [],
      n: 3,
      x: new Float64Array(0),
      y: input.y.slice(0, 3),
    };
    expect(new FanovaEvaluator({ seed: 1 }).evaluate(none).length).toBe(0);
  });

  it("measures a log-scaled int on its log scale and scores a single-valued float 0", () => {
    // y = log(k) + u, k log-uniform on 1 … 1000 and u uniform on [0, log 1000]: equal shares on the log
    // scale (on the linear scale k's marginal would be flat above k = e^u's range and its share near 0);
    // the float fixed at 2 takes no part.
    const rng = new Rng(9);
    const n = 1000;
    const x = new Float64Array(n * 3);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      x[3 * i] = Math.log(Math.round(Math.exp(rng.uniform(0, Math.log(1000)))));
      x[3 * i + 1] = rng.uniform(0, Math.log(1000));
      x[3 * i + 2] = 2;
      y[i] = (x[3 * i] as number) + (x[3 * i + 1] as number);
    }
    const got = new FanovaEvaluator({ seed: 1 }).evaluate({
      params: ["k", "u", "fixed"],
      distributions: [
        { type: "int", low: 1, high: 1000, log: true, step: 1 },
        { type: "float", low: 0, high: Math.log(1000), log: false, step: null },
        { type: "float", low: 2, high: 2, log: false, step: null },
      ],
      n,
      x,
      y,
    });
    expect(Math.abs((got[0] as number) - 0.5)).toBeLessThan(0.1);
    expect(Math.abs((got[1] as number) - 0.5)).toBeLessThan(0.1);
    expect(got[2]).toBe(0);
  });

  it("does not modify its input", () => {
    const x = input.x.slice();
    const y = input.y.slice();
    new FanovaEvaluator({ seed: 1 }).evaluate(input);
    expect(input.x).toEqual(x);
    expect(input.y).toEqual(y);
  });

  it("refuses unknown options and bad values", () => {
    expect(() => new FanovaEvaluator({ nTree: 3 } as never)).toThrow(
      /unknown option "nTree". Did you mean "nTrees"/,
    );
    expect(() => new FanovaEvaluator({ nTrees: 0 })).toThrow(
      /FanovaEvaluator: nTrees must be an integer ≥ 1, but got 0/,
    );
    expect(() => new FanovaEvaluator({ seed: 1.5 })).toThrow(/seed must be an integer/);
  });
});
