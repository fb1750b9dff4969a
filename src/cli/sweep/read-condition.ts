import { contains, type ParamValue } from "../../core.js";
import { didYouMean } from "../../options/closest-name.js";
import { showValue } from "./condition.js";
import { type FieldReader, isRawMap, isScalarValue, received } from "./field-reader.js";
import type { Path } from "./issues.js";
import { type Condition, MATCH_OPS, type MatchOp, type MatchOps, type SweepParameter } from "./sweep.js";

/** The parameters a condition may name. */
export interface ConditionScope {
  /** Every name under `parameters:`, in file order, valid or not (so one bad parameter is reported once). */
  readonly declared: readonly string[];
  /** The parameters that validated, by name. */
  readonly built: ReadonlyMap<string, SweepParameter>;
}

const OP_HINTS: Readonly<Record<string, string>> = {
  "=": "Use eq.",
  "==": "Use eq.",
  "!=": "Use ne.",
  "<": "Use lt.",
  "<=": "Use lte.",
  ">": "Use gt.",
  ">=": "Use gte.",
  not_in: "Use notIn.",
  nin: "Use notIn.",
};

const EXAMPLE = "{opt: sgd, batch: {gt: 128}}";

/**
 * Reads a `when:` (`owner` = the parameter it belongs to, which it may not outrun: it names only
 * parameters defined earlier) or a `forbidden:` rule (`owner` null). A scalar match means eq, a list
 * means in, a map holds ops. Values a parameter cannot take and order comparisons on non-numbers are
 * reported, since such a match is a typo that would silently never (or always) hold.
 * @example
 * readCondition(reader, ["forbidden", 0], { opt: "sgd", batch: { gt: 128 } }, scope, null);
 */
export function readCondition(
  reader: FieldReader,
  path: Path,
  raw: unknown,
  scope: ConditionScope,
  owner: string | null,
): Condition | undefined {
  const map = reader.map(path, raw, EXAMPLE);
  if (map === undefined) return undefined;
  const names = Object.keys(map);
  if (names.length === 0) return reader.fail(path, `must name at least one parameter, such as ${EXAMPLE}.`);
  const before = reader.issues.count;
  const condition: Record<string, MatchOps> = {};
  for (const name of names) {
    if (!checkReference(reader, [...path, name], name, scope, owner)) continue;
    const ops = readMatch(reader, [...path, name], map[name]);
    if (ops === undefined) continue;
    const param = scope.built.get(name);
    if (param !== undefined) checkAgainst(reader, [...path, name], isRawMap(map[name]), param, ops);
    condition[name] = ops;
  }
  if (reader.issues.count > before) return undefined;
  const refs = names.map((n) => scope.built.get(n));
  if (refs.every((p) => p?.kind === "constant" && p.when === null)) {
    return reader.fail(
      path,
      `names only constants (${names.join(", ")}), so it is decided before any sampling: always true or always false. Remove it, or name a sampled parameter.`,
    );
  }
  return condition;
}

function checkReference(
  reader: FieldReader,
  path: Path,
  name: string,
  scope: ConditionScope,
  owner: string | null,
): boolean {
  const index = scope.declared.indexOf(name);
  if (index < 0) {
    reader.fail(
      path,
      `unknown parameter "${name}": a condition may only name parameters defined under parameters.${didYouMean(name, scope.declared)}`,
      "key",
    );
    return false;
  }
  if (owner === null) return true;
  if (name === owner) {
    reader.fail(path, `the when of "${owner}" cannot name "${owner}" itself.`, "key");
    return false;
  }
  if (index > scope.declared.indexOf(owner)) {
    reader.fail(
      path,
      `"${name}" is defined after "${owner}", but a when may only name parameters defined earlier (the file order is the sampling order). Move "${name}" above "${owner}".`,
      "key",
    );
    return false;
  }
  return true;
}

/** The file's match (scalar, list or op map) as normalized ops. */
function readMatch(reader: FieldReader, path: Path, raw: unknown): MatchOps | undefined {
  if (Array.isArray(raw)) {
    const list = readValues(reader, path, raw);
    return list === undefined ? undefined : { in: list };
  }
  if (!isRawMap(raw)) {
    const value = readValue(reader, path, raw);
    return value === undefined ? undefined : { eq: value };
  }
  const ops = Object.keys(raw);
  if (ops.length === 0) {
    return reader.fail(path, `must hold at least one of ${MATCH_OPS.join(", ")}, such as {gt: 128}.`);
  }
  reader.onlyKeys(path, raw, MATCH_OPS, OP_HINTS);
  const out: Record<string, ParamValue | readonly ParamValue[]> = {};
  let ok = true;
  for (const op of MATCH_OPS) {
    if (!Object.hasOwn(raw, op)) continue;
    const value = readOperand(reader, [...path, op], op, raw[op]);
    if (value === undefined) ok = false;
    else out[op] = value;
  }
  return ok && ops.every((op) => (MATCH_OPS as readonly string[]).includes(op))
    ? (out as MatchOps)
    : undefined;
}

function readOperand(
  reader: FieldReader,
  path: Path,
  op: MatchOp,
  raw: unknown,
): ParamValue | readonly ParamValue[] | undefined {
  if (op === "in" || op === "notIn") {
    if (Array.isArray(raw)) return readValues(reader, path, raw);
    return reader.fail(path, `${op} must be a list of values such as [adam, sgd], but ${received(raw)}.`);
  }
  if (op === "eq" || op === "ne") return readValue(reader, path, raw);
  return reader.number(path, raw);
}

function readValue(reader: FieldReader, path: Path, raw: unknown): ParamValue | undefined {
  if (isScalarValue(raw)) return raw;
  return reader.fail(path, `must be a string, a finite number, true, false or null, but ${received(raw)}.`);
}

function readValues(reader: FieldReader, path: Path, raw: readonly unknown[]): ParamValue[] | undefined {
  if (raw.length === 0)
    return reader.fail(path, "must list at least one value; an empty list never matches.");
  const values = raw.map((item, i) => readValue(reader, [...path, i], item));
  return values.every((v) => v !== undefined) ? (values as ParamValue[]) : undefined;
}

/** Reports matches that can never behave as written for this parameter. */
function checkAgainst(
  reader: FieldReader,
  path: Path,
  opMap: boolean,
  param: SweepParameter,
  ops: MatchOps,
): void {
  const at = (op: MatchOp): Path => (opMap ? [...path, op] : path);
  for (const op of ["lt", "lte", "gt", "gte"] as const) {
    if (ops[op] !== undefined && !isNumeric(param)) {
      reader.fail(
        at(op),
        `${op} compares numbers, but "${param.name}" never takes a number (${describeValues(param)}). Use eq, ne, in or notIn.`,
      );
    }
  }
  if (param.kind !== "sample") return;
  for (const op of ["eq", "ne", "in", "notIn"] as const) {
    const operand = ops[op];
    if (operand === undefined) continue;
    const values: readonly ParamValue[] = Array.isArray(operand) ? operand : [operand as ParamValue];
    for (const value of values) {
      if (contains(param.distribution, value)) continue;
      const choices =
        param.distribution.type === "categorical"
          ? param.distribution.choices.filter((c): c is string => typeof c === "string")
          : [];
      const hint = typeof value === "string" ? didYouMean(value, choices) : "";
      reader.fail(
        at(op),
        `"${param.name}" never takes the value ${showValue(value)} (${describeValues(param)}), so this match is decided before sampling.${hint}`,
      );
    }
  }
}

function isNumeric(param: SweepParameter): boolean {
  if (param.kind === "constant") return typeof param.value === "number";
  const d = param.distribution;
  return d.type !== "categorical" || d.choices.some((c) => typeof c === "number");
}

function describeValues(param: SweepParameter): string {
  if (param.kind === "constant") return `it is the constant ${showValue(param.value)}`;
  const d = param.distribution;
  if (d.type === "categorical") return `its choices are ${d.choices.map(showValue).join(", ")}`;
  return `it is ${d.type === "int" ? "an integer" : "a float"} in [${d.low}, ${d.high}]${d.step !== null && d.step !== 1 ? ` on steps of ${d.step}` : ""}`;
}
