import { InvalidArgumentError } from "../../errors.js";
import type { ForestFeature } from "./regression-tree.js";

/** The training data of `RandomForest.fit`: `x` is n × features.length, row-major. */
export interface ForestFitInput {
  readonly x: Float64Array;
  readonly n: number;
  readonly features: readonly ForestFeature[];
  readonly y: Float64Array;
}

function fail(name: string, value: unknown, message: string): never {
  throw new InvalidArgumentError(`RandomForest.fit: ${message}`, { name, value });
}

/**
 * Throws an `InvalidArgumentError` unless the data can be fitted: at least one row and one column,
 * lengths that agree, finite values, numerical columns with finite low ≤ high, and categorical values
 * that are choice indices 0 … size − 1.
 * @example
 * validateFitInput({ x, n, features, y });
 */
export function validateFitInput(input: ForestFitInput): void {
  const { x, n, features, y } = input;
  const d = features.length;
  if (!(Number.isInteger(n) && n >= 1)) fail("n", n, `n must be an integer ≥ 1 (rows), but got ${n}.`);
  if (d < 1) fail("features", d, "features must describe at least one column, but got none.");
  if (x.length !== n * d || y.length !== n)
    fail(
      "x",
      x.length,
      `x must hold n × d = ${n * d} values and y n = ${n}, but got ${x.length} and ${y.length}. Pass x row-major, one row per target.`,
    );
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(y[i]))
      fail("y", y[i], `y must be finite, but y[${i}] is ${y[i]}. Drop that row first.`);
  }
  features.forEach((feature, f) => {
    if (feature.kind === "numerical") {
      if (!(Number.isFinite(feature.low) && Number.isFinite(feature.high) && feature.low <= feature.high))
        fail(
          "features",
          f,
          `column ${f} must have finite low ≤ high, but got [${feature.low}, ${feature.high}].`,
        );
    } else if (!(feature.kind === "categorical" && Number.isInteger(feature.size) && feature.size >= 1)) {
      fail("features", f, `column ${f} must be numerical or categorical with an integer size ≥ 1.`);
    }
    for (let i = 0; i < n; i++) {
      const v = x[i * d + f] as number;
      const ok =
        feature.kind === "numerical" ? Number.isFinite(v) : Number.isInteger(v) && v >= 0 && v < feature.size;
      if (!ok)
        fail(
          "x",
          v,
          `row ${i}, column ${f} must be ${feature.kind === "numerical" ? "finite" : `a choice index 0 … ${feature.size - 1}`}, but got ${v}.`,
        );
    }
  });
}
