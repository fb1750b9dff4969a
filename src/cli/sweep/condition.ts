import type { ParamValue } from "../../core.js";
import type { Condition, MatchOps } from "./sweep.js";

/**
 * Whether `condition` holds for a trial's active values: every parameter it names is active and
 * satisfies all of its ops. A parameter that is not active (absent from `values`) makes the condition
 * false whatever the op, `ne` and `notIn` included, so a rule about `momentum` never fires without it.
 * @example
 * matches({ opt: { eq: "sgd" }, batch: { gt: 128 } }, { opt: "sgd", batch: 256 }); // true
 */
export function matches(condition: Condition, values: Readonly<Record<string, ParamValue>>): boolean {
  for (const [name, ops] of Object.entries(condition)) {
    if (!Object.hasOwn(values, name)) return false;
    if (!matchesOps(ops, values[name] as ParamValue)) return false;
  }
  return true;
}

function matchesOps(ops: MatchOps, value: ParamValue): boolean {
  if (ops.eq !== undefined && value !== ops.eq) return false;
  if (ops.ne !== undefined && value === ops.ne) return false;
  if (ops.in !== undefined && !ops.in.includes(value)) return false;
  if (ops.notIn?.includes(value)) return false;
  const bounds = [ops.lt, ops.lte, ops.gt, ops.gte];
  if (bounds.every((b) => b === undefined)) return true;
  // An order only exists between numbers: a string never compares as less or greater.
  if (typeof value !== "number") return false;
  return (
    (ops.lt === undefined || value < ops.lt) &&
    (ops.lte === undefined || value <= ops.lte) &&
    (ops.gt === undefined || value > ops.gt) &&
    (ops.gte === undefined || value >= ops.gte)
  );
}

const SYMBOLS = { ne: "!=", lt: "<", lte: "<=", gt: ">", gte: ">=" } as const;

/**
 * A condition the way a person reads it, for messages and trial fail reasons.
 * @example
 * describeCondition({ opt: { eq: "sgd" }, batch: { gt: 128 } }); // "{opt: sgd, batch > 128}"
 */
export function describeCondition(condition: Condition): string {
  const parts: string[] = [];
  for (const [name, ops] of Object.entries(condition)) {
    if (ops.eq !== undefined) parts.push(`${name}: ${showValue(ops.eq)}`);
    if (ops.in !== undefined) parts.push(`${name} in ${showList(ops.in)}`);
    if (ops.notIn !== undefined) parts.push(`${name} not in ${showList(ops.notIn)}`);
    for (const op of ["ne", "lt", "lte", "gt", "gte"] as const) {
      const operand = ops[op];
      if (operand !== undefined) parts.push(`${name} ${SYMBOLS[op]} ${showValue(operand)}`);
    }
  }
  return `{${parts.join(", ")}}`;
}

/**
 * A value as YAML would show it: a plain word bare, anything that could be misread (a string that looks
 * like a number, true, null, or has spaces) in JSON quotes.
 * @example
 * showValue("sgd"); // "sgd"
 * showValue("1"); // "\"1\""
 */
export function showValue(value: ParamValue): string {
  if (typeof value !== "string") return String(value);
  const plain = /^[A-Za-z_][A-Za-z0-9_./-]*$/.test(value) && !/^(true|false|null|~)$/i.test(value);
  return plain ? value : JSON.stringify(value);
}

function showList(values: readonly ParamValue[]): string {
  return `[${values.map(showValue).join(", ")}]`;
}
