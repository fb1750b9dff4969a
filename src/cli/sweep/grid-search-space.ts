import {
  type Choice,
  contains,
  describeDistribution,
  type JsonValue,
  type PluginConfig,
} from "../../core.js";
import { type FieldReader, isRawMap } from "./field-reader.js";
import type { SweepParameter } from "./sweep.js";

/** The most values one int parameter may contribute to a grid before the file must list them. */
export const MAX_INT_GRID_VALUES = 10_000;

/**
 * The grid sampler's config with its `searchSpace` filled in from the parameters, unless the file gives
 * one (then it is checked against them): a categorical's choices, every value of an int (or its `grid:`
 * points), a float's `grid:` points. Constants are not sampled and take no part. Conditional parameters
 * are refused: each grid point sets every parameter, so an inactive one would re-run the same points.
 * Other samplers' configs are returned unchanged.
 * @example
 * withGridSearchSpace(reader, { name: "grid", options: {} }, params);
 * // { name: "grid", options: { searchSpace: { opt: ["adam", "sgd"], layers: [1, 2, 3] } } }
 */
export function withGridSearchSpace(
  reader: FieldReader,
  config: PluginConfig,
  params: readonly SweepParameter[],
): PluginConfig | undefined {
  if (config.name !== "grid") return config;
  const before = reader.issues.count;
  const sampled = params.filter((p) => p.kind === "sample");
  for (const p of sampled) {
    if (p.when !== null) {
      reader.fail(
        ["parameters", p.name, "when"],
        `the grid sampler does not support conditional parameters: every grid point sets every parameter, so points differing only in an inactive "${p.name}" would run twice. Remove when, or use another sampler (tpe, random, qmc).`,
      );
    }
  }
  if (Object.hasOwn(config.options, "searchSpace")) {
    checkGiven(reader, config.options.searchSpace, sampled);
    return reader.issues.count === before ? config : undefined;
  }
  const searchSpace: Record<string, Choice[]> = {};
  for (const p of sampled) {
    const values = gridValues(reader, p);
    if (values !== undefined) searchSpace[p.name] = values;
  }
  if (reader.issues.count > before) return undefined;
  return { name: config.name, options: { ...config.options, searchSpace: searchSpace as JsonValue } };
}

function gridValues(reader: FieldReader, p: SweepParameter & { kind: "sample" }): Choice[] | undefined {
  const d = p.distribution;
  if (d.type === "categorical") return [...d.choices];
  if (p.grid !== null) return [...p.grid];
  if (d.type === "float") {
    return reader.fail(
      ["parameters", p.name, "grid"],
      `the grid sampler needs the points to try for the float "${p.name}", but it has no grid. Add grid: [${d.low}, ${d.high}] with the values in between you want.`,
    );
  }
  const count = Math.floor((d.high - d.low) / d.step) + 1;
  if (count > MAX_INT_GRID_VALUES) {
    return reader.fail(
      ["parameters", p.name],
      `the grid sampler would try all ${count} values of "${p.name}" (at most ${MAX_INT_GRID_VALUES}). Give grid: [...] points, or a larger step.`,
    );
  }
  return Array.from({ length: count }, (_, k) => d.low + k * d.step);
}

/** An explicit `searchSpace` must list exactly the sampled parameters, with values they can take. */
function checkGiven(
  reader: FieldReader,
  raw: JsonValue | undefined,
  sampled: readonly SweepParameter[],
): void {
  const path = ["sampler", "searchSpace"];
  if (!isRawMap(raw)) return; // GridSampler's own check reports the shape, in checkPlugin.
  for (const p of sampled) {
    if (!Object.hasOwn(raw, p.name)) {
      reader.fail(
        [...path, p.name],
        `is missing: the grid sampler must be given values for every sampled parameter. Add ${p.name}: [...], or drop searchSpace to build it from parameters.`,
      );
    }
  }
  for (const [name, values] of Object.entries(raw)) {
    const p = sampled.find((q) => q.name === name);
    if (p === undefined || p.kind !== "sample") {
      reader.fail(
        [...path, name],
        `"${name}" is not a sampled parameter of this sweep. Remove it, or define it under parameters.`,
        "key",
      );
      continue;
    }
    if (!Array.isArray(values)) continue;
    values.forEach((v, i) => {
      const choice = v as Choice;
      if (!contains(p.distribution, choice)) {
        reader.fail(
          [...path, name, i],
          `${JSON.stringify(v)} is not a value of ${describeDistribution(p.distribution)}, so the trial would fail. Use values "${name}" can take.`,
        );
      }
    });
  }
}
