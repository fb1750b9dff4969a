import { InvalidArgumentError } from "../../errors.js";
import { checkOptionKeys } from "../../options/option-keys.js";
import { Rng } from "../rng.js";
import { type ForestFitInput, validateFitInput } from "./fit-input.js";
import {
  RANDOM_FOREST_FORMAT,
  RANDOM_FOREST_VERSION,
  type RandomForestJson,
  treeFromJson,
  treeToJson,
} from "./forest-json.js";
import {
  featuresPerSplit,
  RANDOM_FOREST_KEYS,
  type RandomForestOptions,
  type ResolvedForestOptions,
  resolveForestOptions,
} from "./forest-options.js";
import { growTree } from "./grow-tree.js";
import { leafOf } from "./predict-tree.js";
import type { ForestFeature, RegressionTree } from "./regression-tree.js";
import { TreeWorkspace } from "./tree-workspace.js";

export type { ForestFitInput };

/**
 * Per-row predictions of a {@link RandomForest}: the mean over the trees and the variance of the trees'
 * predictions around it (divided by the number of trees), which a surrogate model reads as uncertainty.
 */
export interface ForestPrediction {
  readonly mean: Float64Array;
  readonly variance: Float64Array;
}

/**
 * A random-forest regressor (Breiman 2001) on `Float64Array`s: bootstrap samples, best splits by
 * variance reduction over a random subset of columns, numerical thresholds and exact categorical subset
 * splits, seeded by {@link Rng}. Its trees are plain {@link RegressionTree}s, read by fANOVA and impurity
 * importance; it serialises to JSON and back unchanged.
 * @example
 * const forest = new RandomForest({ nTrees: 32, seed: 1 }).fit({
 *   x: Float64Array.from([0, 1, 2, 3]), n: 4, features: [{ kind: "numerical", low: 0, high: 3 }],
 *   y: Float64Array.from([0, 0, 1, 1]),
 * });
 * forest.predict(Float64Array.from([2.5]), 1).mean; // ≈ 1
 */
export class RandomForest {
  /** The options, defaults and seed filled in. */
  readonly options: ResolvedForestOptions;
  private fitted: {
    readonly features: readonly ForestFeature[];
    readonly trees: readonly RegressionTree[];
  } | null = null;

  constructor(options: RandomForestOptions = {}) {
    checkOptionKeys("RandomForest", options, RANDOM_FOREST_KEYS);
    this.options = resolveForestOptions(options);
  }

  /**
   * Grows the trees on the data, replacing any earlier fit; the result depends only on the data and
   * the seed. Throws an `InvalidArgumentError` on malformed data (lengths, non-finite values, choice
   * indices outside a categorical's size).
   */
  fit(input: ForestFitInput): this {
    validateFitInput(input);
    const ws = new TreeWorkspace(input.x, input.n, input.features, input.y);
    const tried = featuresPerSplit(this.options.maxFeatures, input.features.length);
    const trees: RegressionTree[] = [];
    for (let t = 0; t < this.options.nTrees; t++) {
      trees.push(growTree(ws, Rng.derive(this.options.seed, t), this.options, tried));
    }
    this.fitted = { features: [...input.features], trees };
    return this;
  }

  /** The fitted trees; throws when the forest has not been fitted. */
  get trees(): readonly RegressionTree[] {
    return this.model().trees;
  }

  /** The columns the forest was fitted on; throws when it has not been fitted. */
  get features(): readonly ForestFeature[] {
    return this.model().features;
  }

  /** The mean and the across-tree variance of the trees' predictions for n rows (row-major, n × d). */
  predict(x: Float64Array, n: number): ForestPrediction {
    const { trees, features } = this.model();
    const d = features.length;
    if (!(Number.isInteger(n) && n >= 0 && x.length === n * d)) {
      throw new InvalidArgumentError(
        `RandomForest.predict: x must hold n × ${d} = ${n * d} values (n rows of the ${d} fitted columns), but got ${x.length} with n=${n}.`,
        { name: "x", value: x.length },
      );
    }
    const mean = new Float64Array(n);
    const variance = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      let s2 = 0;
      for (const tree of trees) {
        const v = tree.value[leafOf(tree, x, i * d)] as number;
        s += v;
        s2 += v * v;
      }
      const m = s / trees.length;
      mean[i] = m;
      variance[i] = Math.max(0, s2 / trees.length - m * m);
    }
    return { mean, variance };
  }

  /** The fitted forest as plain JSON; {@link RandomForest.fromJSON} restores it exactly. */
  toJSON(): RandomForestJson {
    const { trees, features } = this.model();
    return {
      format: RANDOM_FOREST_FORMAT,
      version: RANDOM_FOREST_VERSION,
      options: { ...this.options },
      features: features.map((f) => ({ ...f })),
      trees: trees.map(treeToJson),
    };
  }

  /**
   * The forest {@link RandomForest.toJSON} wrote; throws an `InvalidArgumentError` on another format or
   * version or a malformed tree.
   * @example
   * const copy = RandomForest.fromJSON(JSON.parse(JSON.stringify(forest)));
   */
  static fromJSON(json: RandomForestJson): RandomForest {
    if (json?.format !== RANDOM_FOREST_FORMAT || json.version !== RANDOM_FOREST_VERSION) {
      throw new InvalidArgumentError(
        `RandomForest.fromJSON: expected format "${RANDOM_FOREST_FORMAT}" version ${RANDOM_FOREST_VERSION}, but got ${String(json?.format)} version ${String(json?.version)}. Pass what RandomForest.toJSON() wrote.`,
        { name: "format", value: json?.format },
      );
    }
    const forest = new RandomForest(json.options);
    forest.fitted = {
      features: json.features.map((f) => ({ ...f })),
      trees: json.trees.map((t, i) => treeFromJson(t, i)),
    };
    return forest;
  }

  private model() {
    if (this.fitted === null) {
      throw new InvalidArgumentError("RandomForest: the forest has not been fitted yet. Call fit() first.", {
        name: "fit",
      });
    }
    return this.fitted;
  }
}
