import {
  type Choice,
  categoricalDistribution,
  contains,
  type Distribution,
  describeDistribution,
  floatDistribution,
  intDistribution,
  TunekitError,
} from "../../core.js";
import { didYouMean } from "../../options/closest-name.js";
import { type FieldReader, given, isRawMap, isScalarValue, type RawMap, received } from "./field-reader.js";
import type { Path } from "./issues.js";
import type { SweepParameter } from "./sweep.js";

const TYPES = ["float", "int", "categorical", "constant"] as const;
type ParamType = (typeof TYPES)[number];

const KEYS: Readonly<Record<ParamType, readonly string[]>> = {
  float: ["type", "low", "high", "log", "step", "grid", "when"],
  int: ["type", "low", "high", "log", "step", "grid", "when"],
  categorical: ["type", "choices", "when"],
  constant: ["type", "value", "when"],
};

const KEY_HINTS: Readonly<Record<string, string>> = {
  grid: "grid points apply to float and int parameters; a categorical's choices are its grid.",
  min: "Use low.",
  max: "Use high.",
  default: "A parameter has no default: the sampler picks every value. Use a constant for a fixed value.",
};

const TYPE_HINTS: Readonly<Record<string, ParamType>> = {
  integer: "int",
  double: "float",
  number: "float",
  real: "float",
  choice: "categorical",
  enum: "categorical",
  const: "constant",
  fixed: "constant",
};

/**
 * One parameter's definition (its `when:` is read by the caller): a map with `type` (or `choices`, or
 * `value`), a list (categorical shorthand) or a scalar (constant shorthand). Distributions are built by
 * the core's own builders, so a sweep file obeys exactly the rules of `suggestFloat` and friends.
 * @example
 * readDefinition(reader, ["parameters", "batch"], "batch", { type: "int", low: 16, high: 256, step: 16 });
 */
export function readDefinition(
  reader: FieldReader,
  path: Path,
  name: string,
  def: unknown,
): SweepParameter | undefined {
  if (Array.isArray(def)) return categorical(reader, path, null, name, def);
  if (!isRawMap(def)) {
    if (isScalarValue(def)) return { name, kind: "constant", value: def, when: null };
    return reader.fail(
      path,
      `a constant must be a string, a finite number, true, false or null, but ${received(def)}.`,
    );
  }
  const type = typeOf(reader, path, def);
  if (type === undefined) return undefined;
  reader.onlyKeys(path, def, KEYS[type], KEY_HINTS);
  if (type === "categorical") {
    if (!Object.hasOwn(def, "choices")) return missing(reader, path, "choices", "choices: [adam, sgd]");
    return categorical(reader, path, [...path, "choices"], name, def.choices);
  }
  if (type === "constant") {
    if (!Object.hasOwn(def, "value")) return missing(reader, path, "value", "value: 20");
    if (isScalarValue(def.value)) return { name, kind: "constant", value: def.value, when: null };
    return reader.fail(
      [...path, "value"],
      `must be a string, a finite number, true, false or null, but ${received(def.value)}.`,
    );
  }
  return numeric(reader, path, name, def, type);
}

function typeOf(reader: FieldReader, path: Path, def: RawMap): ParamType | undefined {
  if (given(def.type)) {
    if ((TYPES as readonly unknown[]).includes(def.type)) return def.type as ParamType;
    const raw = String(def.type);
    const hint = Object.hasOwn(TYPE_HINTS, raw)
      ? ` Did you mean "${TYPE_HINTS[raw]}"?`
      : didYouMean(raw, TYPES);
    return reader.fail(
      [...path, "type"],
      `must be float, int, categorical or constant, but ${received(def.type)}.${hint}`,
    );
  }
  if (Object.hasOwn(def, "choices")) return "categorical";
  if (Object.hasOwn(def, "value")) return "constant";
  if (Object.hasOwn(def, "low") || Object.hasOwn(def, "high")) {
    return reader.fail(path, "a range needs its type: add type: float or type: int.");
  }
  return reader.fail(
    path,
    `must define a parameter: {type: float, low: 0, high: 1}, {type: int, ...}, {choices: [a, b]}, a list of choices or a constant, but ${received(def)}.`,
  );
}

function missing(reader: FieldReader, path: Path, key: string, example: string): undefined {
  return reader.required([...path, key], `is required here, but is missing. Add ${example}.`);
}

function numeric(
  reader: FieldReader,
  path: Path,
  name: string,
  def: RawMap,
  type: "float" | "int",
): SweepParameter | undefined {
  for (const key of ["low", "high"]) {
    if (!Object.hasOwn(def, key)) missing(reader, path, key, `${key}: <number>`);
  }
  const low = Object.hasOwn(def, "low") ? reader.number([...path, "low"], def.low) : undefined;
  const high = Object.hasOwn(def, "high") ? reader.number([...path, "high"], def.high) : undefined;
  const log = given(def.log) ? reader.boolean([...path, "log"], def.log) : false;
  const step = given(def.step) ? reader.number([...path, "step"], def.step) : null;
  if (low === undefined || high === undefined || log === undefined || step === undefined) return undefined;
  let distribution: Distribution;
  try {
    const options = step === null ? { log } : { log, step };
    distribution =
      type === "float"
        ? floatDistribution(name, low, high, options)
        : intDistribution(name, low, high, options);
  } catch (e) {
    return builderIssue(reader, path, e, true);
  }
  const grid = given(def.grid) ? readGrid(reader, [...path, "grid"], def.grid, distribution) : null;
  if (grid === undefined) return undefined;
  return { name, kind: "sample", distribution, when: null, grid };
}

function categorical(
  reader: FieldReader,
  path: Path,
  choicesPath: Path | null,
  name: string,
  raw: unknown,
): SweepParameter | undefined {
  const at = choicesPath ?? path;
  if (!Array.isArray(raw)) {
    return reader.fail(at, `must be a list of choices such as [adam, sgd], but ${received(raw)}.`);
  }
  const bad = raw.findIndex((c) => !isScalarValue(c));
  if (bad >= 0) {
    return reader.fail(
      [...at, bad],
      `a choice must be a string, a finite number, true, false or null, but ${received(raw[bad])}. Name complex choices and map the names in the program.`,
    );
  }
  try {
    return {
      name,
      kind: "sample",
      distribution: categoricalDistribution(name, raw as Choice[]),
      when: null,
      grid: null,
    };
  } catch (e) {
    return builderIssue(reader, at, e, false);
  }
}

/**
 * A core builder's error as an issue without the `suggestFloat("lr"): ` prefix, at the field it names
 * (low, high, step, log) when `byField`, so the line shown is the one to edit.
 */
function builderIssue(reader: FieldReader, path: Path, e: unknown, byField: boolean): undefined {
  if (!(e instanceof TunekitError)) throw e;
  const text = e.message.replace(/^\w+\("(?:[^"\\]|\\.)*"\): /, "");
  const field = byField ? /^(low|high|step|log)\b/.exec(text)?.[1] : undefined;
  return reader.fail(field === undefined ? path : [...path, field], text);
}

function readGrid(reader: FieldReader, path: Path, raw: unknown, dist: Distribution): number[] | undefined {
  if (!Array.isArray(raw) || raw.length === 0) {
    return reader.fail(
      path,
      `must be a non-empty list of numbers such as [0, 0.25, 0.5], but ${received(raw)}.`,
    );
  }
  const points: number[] = [];
  raw.forEach((item, i) => {
    const value = reader.number([...path, i], item);
    if (value === undefined) return;
    if (!contains(dist, value)) {
      reader.fail(
        [...path, i],
        `${value} is not a value of ${describeDistribution(dist)}. A grid point must be one.`,
      );
    } else if (points.includes(value)) {
      reader.fail([...path, i], `${value} is listed twice. Remove one.`);
    } else {
      points.push(value);
    }
  });
  return points.length === raw.length ? points : undefined;
}
