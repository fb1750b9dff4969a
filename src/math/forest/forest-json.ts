import { InvalidArgumentError } from "../../errors.js";
import type { ResolvedForestOptions } from "./forest-options.js";
import type { ForestFeature, RegressionTree } from "./regression-tree.js";

/** The format tag of {@link RandomForestJson}. */
export const RANDOM_FOREST_FORMAT = "tunekit-random-forest";
/** The version of {@link RandomForestJson} this tunekit writes and reads. */
export const RANDOM_FOREST_VERSION = 1;

/** A {@link RegressionTree} as plain JSON: typed arrays become arrays, a NaN threshold becomes null. */
export interface RegressionTreeJson {
  readonly feature: readonly number[];
  readonly threshold: readonly (number | null)[];
  readonly leftChoices: readonly (readonly number[] | null)[];
  readonly left: readonly number[];
  readonly right: readonly number[];
  readonly value: readonly number[];
  readonly samples: readonly number[];
  readonly impurity: readonly number[];
}

/** A fitted random forest as plain JSON (`RandomForest.toJSON`, `RandomForest.fromJSON`). */
export interface RandomForestJson {
  readonly format: typeof RANDOM_FOREST_FORMAT;
  readonly version: typeof RANDOM_FOREST_VERSION;
  /** The options it was grown with, seed included, so a refit grows the same trees. */
  readonly options: ResolvedForestOptions;
  readonly features: readonly ForestFeature[];
  readonly trees: readonly RegressionTreeJson[];
}

/**
 * A tree as JSON. JSON keeps every finite double exactly, so a tree survives the round trip unchanged.
 * @example
 * JSON.stringify(treeToJson(forest.trees[0]));
 */
export function treeToJson(tree: RegressionTree): RegressionTreeJson {
  return {
    feature: Array.from(tree.feature),
    threshold: Array.from(tree.threshold, (t) => (Number.isNaN(t) ? null : t)),
    leftChoices: tree.leftChoices.map((c) => (c === null ? null : [...c])),
    left: Array.from(tree.left),
    right: Array.from(tree.right),
    value: Array.from(tree.value),
    samples: Array.from(tree.samples),
    impurity: Array.from(tree.impurity),
  };
}

/**
 * The tree a {@link treeToJson} record holds; throws an `InvalidArgumentError` when its arrays disagree
 * in length or a child index points outside the tree.
 * @example
 * treeFromJson(JSON.parse(text));
 */
export function treeFromJson(json: RegressionTreeJson, index: number): RegressionTree {
  const count = json.feature?.length;
  const arrays = ["threshold", "leftChoices", "left", "right", "value", "samples", "impurity"] as const;
  const bad = arrays.find((k) => !Array.isArray(json[k]) || json[k].length !== count);
  if (!Array.isArray(json.feature) || bad !== undefined) {
    throw new InvalidArgumentError(
      `RandomForest.fromJSON: tree ${index} must hold arrays feature, ${arrays.join(", ")} of one length, but ${bad ?? "feature"} is missing or of another length. Pass what RandomForest.toJSON() wrote.`,
      { name: "trees", value: index },
    );
  }
  const within = (i: number) => i === -1 || (Number.isInteger(i) && i > 0 && i < count);
  if (!json.left.every(within) || !json.right.every(within)) {
    throw new InvalidArgumentError(
      `RandomForest.fromJSON: tree ${index} has a child index outside 1 … ${count - 1}. Pass what RandomForest.toJSON() wrote.`,
      { name: "trees", value: index },
    );
  }
  return {
    nodeCount: count,
    feature: Int32Array.from(json.feature),
    threshold: Float64Array.from(json.threshold, (t) => (t === null ? Number.NaN : t)),
    leftChoices: json.leftChoices.map((c) => (c === null ? null : [...c])),
    left: Int32Array.from(json.left),
    right: Int32Array.from(json.right),
    value: Float64Array.from(json.value),
    samples: Float64Array.from(json.samples),
    impurity: Float64Array.from(json.impurity),
  };
}
