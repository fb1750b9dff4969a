import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../../errors.js";
import { Rng } from "../rng.js";
import reference from "./fixtures/forest-reference.json" with { type: "json" };
import { leafOf } from "./predict-tree.js";
import { RandomForest } from "./random-forest.js";
import type { ForestFeature, RegressionTree } from "./regression-tree.js";

const UNIT: ForestFeature = { kind: "numerical", low: 0, high: 1 };

function leaves(tree: RegressionTree): number[] {
  const out: number[] = [];
  for (let i = 0; i < tree.nodeCount; i++) if (tree.feature[i] === -1) out.push(i);
  return out;
}

function depthOf(tree: RegressionTree): number {
  const walk = (node: number): number =>
    tree.feature[node] === -1
      ? 0
      : 1 + Math.max(walk(tree.left[node] as number), walk(tree.right[node] as number));
  return walk(0);
}

function randomData(n: number, d: number, seed: number, f: (row: number[]) => number) {
  const rng = new Rng(seed);
  const x = new Float64Array(n * d);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = Array.from({ length: d }, () => rng.random());
    x.set(row, i * d);
    y[i] = f(row);
  }
  return { x, y, n, features: Array.from({ length: d }, () => UNIT) };
}

describe("RandomForest: hand-built cases", () => {
  it("splits a step function exactly at the step, midway between the rows either side", () => {
    const xs = [0.1, 0.2, 0.3, 0.4, 0.6, 0.7, 0.8, 0.9];
    const forest = new RandomForest({ nTrees: 1, bootstrap: false, seed: 1 }).fit({
      x: Float64Array.from(xs),
      n: 8,
      features: [UNIT],
      y: Float64Array.from(xs, (v) => (v < 0.5 ? 1 : 3)),
    });
    const tree = forest.trees[0] as RegressionTree;
    expect(tree.nodeCount).toBe(3);
    expect(tree.threshold[0]).toBeCloseTo(0.5, 12);
    expect([tree.value[1], tree.value[2]]).toEqual([1, 3]);
    expect(tree.samples[0]).toBe(8);
    expect(tree.impurity[0]).toBeCloseTo(1, 12);
    expect(Array.from(forest.predict(Float64Array.from([0.45, 0.55]), 2).mean)).toEqual([1, 3]);
  });

  it("splits a categorical into the subset of choices with like targets, not a prefix of the indices", () => {
    // Choices 0 and 2 give 5, choices 1 and 3 give −5: no threshold on the index separates them.
    const choices = [0, 1, 2, 3, 0, 1, 2, 3];
    const forest = new RandomForest({ nTrees: 1, bootstrap: false, seed: 1 }).fit({
      x: Float64Array.from(choices),
      n: 8,
      features: [{ kind: "categorical", size: 4 }],
      y: Float64Array.from(choices, (c) => (c % 2 === 0 ? 5 : -5)),
    });
    const tree = forest.trees[0] as RegressionTree;
    expect(tree.nodeCount).toBe(3);
    expect(tree.leftChoices[0]).toEqual([1, 3]);
    expect(tree.value[tree.left[0] as number]).toBe(-5);
    expect(Array.from(forest.predict(Float64Array.from([2, 3]), 2).mean)).toEqual([5, -5]);
  });

  it("keeps minSamplesLeaf rows in every leaf and no node deeper than maxDepth", () => {
    const data = randomData(200, 3, 4, (r) => Math.sin(5 * (r[0] as number)) + (r[1] as number));
    for (const tree of new RandomForest({ nTrees: 8, minSamplesLeaf: 7, seed: 2 }).fit(data).trees) {
      for (const leaf of leaves(tree)) expect(tree.samples[leaf]).toBeGreaterThanOrEqual(7);
    }
    const shallow = new RandomForest({ nTrees: 8, maxDepth: 3, seed: 2 }).fit(data).trees;
    expect(Math.max(...shallow.map(depthOf))).toBe(3);
    const stump = new RandomForest({ nTrees: 1, maxDepth: 0, seed: 2 }).fit(data).trees[0] as RegressionTree;
    expect(stump.nodeCount).toBe(1);
  });

  it("does not split nodes with fewer than minSamplesSplit rows", () => {
    const data = randomData(100, 2, 5, (r) => (r[0] as number) * 10);
    for (const tree of new RandomForest({ nTrees: 4, minSamplesSplit: 20, seed: 3 }).fit(data).trees) {
      for (let i = 0; i < tree.nodeCount; i++) {
        if (tree.feature[i] !== -1) expect(tree.samples[i]).toBeGreaterThanOrEqual(20);
      }
    }
  });

  it("grows a single leaf on a constant target, predicting it exactly", () => {
    const data = randomData(50, 3, 6, () => 0.1);
    const forest = new RandomForest({ nTrees: 5, seed: 1 }).fit(data);
    for (const tree of forest.trees) {
      expect(tree.nodeCount).toBe(1);
      expect(tree.value[0]).toBe(0.1);
      expect(tree.impurity[0]).toBe(0);
    }
    const p = forest.predict(Float64Array.from([0.5, 0.5, 0.5]), 1);
    expect([p.mean[0], p.variance[0]]).toEqual([0.1, 0]);
  });

  it("fits one row, and duplicated rows with different targets, without splitting what cannot be split", () => {
    const one = new RandomForest({ nTrees: 3, seed: 1 }).fit({
      x: Float64Array.from([0.3]),
      n: 1,
      features: [UNIT],
      y: Float64Array.from([2]),
    });
    expect(one.trees.map((t) => t.nodeCount)).toEqual([1, 1, 1]);
    expect(one.predict(Float64Array.from([0.9]), 1).mean[0]).toBe(2);
    // Four copies of one point with targets 0 and 4: no split separates them; the leaf is their mean.
    const dup = new RandomForest({ nTrees: 1, bootstrap: false, seed: 1 }).fit({
      x: Float64Array.from([0.5, 0.5, 0.5, 0.5]),
      n: 4,
      features: [UNIT],
      y: Float64Array.from([0, 4, 0, 4]),
    });
    const tree = dup.trees[0] as RegressionTree;
    expect(tree.nodeCount).toBe(1);
    expect([tree.value[0], tree.impurity[0]]).toEqual([2, 4]);
  });

  it("counts bootstrap copies in samples: the root holds n rows in every tree", () => {
    const data = randomData(40, 2, 8, (r) => r[0] as number);
    for (const tree of new RandomForest({ nTrees: 6, seed: 4 }).fit(data).trees) {
      expect(tree.samples[0]).toBe(40);
      const l = tree.left[0] as number;
      const r = tree.right[0] as number;
      expect((tree.samples[l] as number) + (tree.samples[r] as number)).toBe(40);
    }
  });

  it("gives every tree a prediction equal to its leaf value, and the variance across trees", () => {
    const data = randomData(60, 2, 9, (r) => (r[0] as number) + (r[1] as number));
    const forest = new RandomForest({ nTrees: 5, seed: 5 }).fit(data);
    const row = Float64Array.from([0.2, 0.7]);
    const values = forest.trees.map((t) => t.value[leafOf(t, row, 0)] as number);
    const mean = values.reduce((a, b) => a + b) / 5;
    const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / 5;
    const p = forest.predict(row, 1);
    expect(p.mean[0]).toBeCloseTo(mean, 12);
    expect(p.variance[0]).toBeCloseTo(variance, 12);
    expect(variance).toBeGreaterThan(0);
  });

  it("tries maxFeatures columns per split: one column of two splits on either at random", () => {
    const data = randomData(100, 2, 10, (r) => 10 * (r[0] as number) + 0.1 * (r[1] as number));
    const roots = new RandomForest({ nTrees: 40, maxFeatures: 0.5, seed: 6 })
      .fit(data)
      .trees.map((t) => t.feature[0]);
    expect(roots).toContain(0);
    expect(roots).toContain(1);
    const all = new RandomForest({ nTrees: 40, seed: 6 }).fit(data).trees.map((t) => t.feature[0]);
    expect(new Set(all)).toEqual(new Set([0]));
  });
});

describe("RandomForest: seeds and JSON", () => {
  const data = randomData(80, 3, 11, (r) => (r[0] as number) * (r[1] as number) + (r[2] as number));

  it("grows the same forest from the same seed and a different one from another", () => {
    const a = new RandomForest({ nTrees: 4, seed: 1 }).fit(data).toJSON();
    const b = new RandomForest({ nTrees: 4, seed: 1 }).fit(data).toJSON();
    const c = new RandomForest({ nTrees: 4, seed: 2 }).fit(data).toJSON();
    expect(b).toEqual(a);
    expect(c.trees).not.toEqual(a.trees);
  });

  it("round-trips through JSON text exactly, predictions included", () => {
    const forest = new RandomForest({ nTrees: 4, seed: 3 }).fit({
      ...data,
      features: [UNIT, UNIT, { kind: "categorical", size: 2 }],
      x: data.x.map((v, i) => (i % 3 === 2 ? Math.round(v) : v)),
    });
    const text = JSON.stringify(forest);
    const copy = RandomForest.fromJSON(JSON.parse(text));
    expect(JSON.stringify(copy)).toBe(text);
    expect(copy.trees).toEqual(forest.trees);
    expect(copy.options).toEqual(forest.options);
    const rows = data.x.subarray(0, 30).map((v, i) => (i % 3 === 2 ? Math.round(v) : v));
    expect(copy.predict(rows, 10)).toEqual(forest.predict(rows, 10));
    expect(text).toContain('"leftChoices":[');
  });

  it("refuses another format, a malformed tree, unknown options and bad values", () => {
    const json = new RandomForest({ nTrees: 1, seed: 3 }).fit(data).toJSON();
    expect(() => RandomForest.fromJSON({ ...json, version: 2 } as never)).toThrow(/version 1/);
    const tree = json.trees[0];
    expect(() => RandomForest.fromJSON({ ...json, trees: [{ ...tree, value: [] }] } as never)).toThrow(
      /value is missing or of another length/,
    );
    expect(() => new RandomForest({ nTree: 3 } as never)).toThrow(
      /unknown option "nTree". Did you mean "nTrees"/,
    );
    expect(() => new RandomForest({ maxFeatures: 1.5 })).toThrow(InvalidArgumentError);
    expect(() => new RandomForest({ minSamplesLeaf: 0 })).toThrow(/minSamplesLeaf must be an integer ≥ 1/);
    expect(() => new RandomForest().predict(new Float64Array(1), 1)).toThrow(/not been fitted/);
    const fitRows = (x: number[], features: ForestFeature[]) =>
      new RandomForest().fit({ x: Float64Array.from(x), n: 2, features, y: Float64Array.from([0, 1]) });
    expect(() => fitRows([0, Number.NaN], [UNIT])).toThrow(/row 1, column 0 must be finite/);
    expect(() => fitRows([0, 2], [{ kind: "categorical", size: 2 }])).toThrow(
      /choice index 0 … 1, but got 2/,
    );
    expect(() => fitRows([0], [UNIT])).toThrow(/x must hold n × d = 2 values/);
  });
});

interface Dataset {
  readonly name: string;
  readonly features: ForestFeature[];
  readonly nTrain: number;
  readonly nTest: number;
  readonly x: number[];
  readonly y: number[];
  readonly sklearnPrediction: number[];
}

function r2(pred: ArrayLike<number>, truth: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < truth.length; i++) mean += truth[i] as number;
  mean /= truth.length;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < truth.length; i++) {
    ssRes += ((pred[i] as number) - (truth[i] as number)) ** 2;
    ssTot += ((truth[i] as number) - mean) ** 2;
  }
  return 1 - ssRes / ssTot;
}

describe("RandomForest against scikit-learn (fixtures/make-forest-fixture.py)", () => {
  // Two forests on the same data differ by their bootstrap draws and tie breaks, so agreement is
  // statistical: the RMSE between ours and sklearn's test predictions must be under 12 % of the test
  // targets' standard deviation (sklearn forests with random_state 1-3 differ from the fixture's by 1-9 %;
  // ours by 1-8 %), and the two test R² within 0.03. Checked over three of our seeds.
  for (const set of reference.datasets as Dataset[]) {
    it(`predicts ${set.name} as sklearn's RandomForestRegressor does`, () => {
      const d = set.features.length;
      const x = Float64Array.from(set.x);
      const y = Float64Array.from(set.y);
      const testX = x.subarray(set.nTrain * d);
      const testY = y.subarray(set.nTrain);
      let sd = 0;
      const mean = testY.reduce((a, b) => a + b) / set.nTest;
      for (const v of testY) sd += (v - mean) ** 2;
      sd = Math.sqrt(sd / set.nTest);
      for (const seed of [1, 2, 3]) {
        const forest = new RandomForest({ seed }).fit({
          x: x.subarray(0, set.nTrain * d),
          n: set.nTrain,
          features: set.features,
          y: y.subarray(0, set.nTrain),
        });
        const ours = forest.predict(testX, set.nTest).mean;
        let se = 0;
        for (let i = 0; i < set.nTest; i++)
          se += ((ours[i] as number) - (set.sklearnPrediction[i] as number)) ** 2;
        expect(Math.sqrt(se / set.nTest) / sd).toBeLessThan(0.12);
        expect(Math.abs(r2(ours, testY) - r2(set.sklearnPrediction, testY))).toBeLessThan(0.03);
      }
    });
  }
});
