import type { JsonValue } from "../../index.js";
import { overflowingNumbers, parseLenientJson } from "./lenient-json.js";

/**
 * One report a trial's program printed as `tunekit: {...}` on stdout. Keys other than the reserved
 * ones (`step`, `final`, `constraints`, `attrs`) are metrics.
 */
export interface ProtocolMessage {
  /** The step the metrics were measured at (intermediate values); null for a line without `step`. */
  readonly step: number | null;
  /** Whether the line's metrics are the final result, overriding whatever was reported later. */
  readonly final: boolean;
  /** Metric values; NaN and ±Infinity included (Python prints them as bare tokens). */
  readonly metrics: Readonly<Record<string, number>>;
  /** Constraint values; the trial is feasible when each one is ≤ 0 (NaN counts as infeasible). */
  readonly constraints: Readonly<Record<string, number>>;
  /** User attributes to record on the trial. */
  readonly attrs: Readonly<Record<string, JsonValue>>;
}

/** A line that starts with `tunekit:` but cannot be understood; `problem` says what and how to fix it. */
export interface ProtocolProblem {
  readonly problem: string;
}

const PREFIX = /^\s*tunekit:/;
const EXAMPLE = 'Print e.g. tunekit: {"step": 3, "val_loss": 0.41}.';
const RESERVED = new Set(["step", "final", "constraints", "attrs"]);

type JsonObject = Record<string, unknown>;

/** Thrown by the validators below and turned into a {@link ProtocolProblem} at the top. */
class LineProblem extends Error {}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A short rendering of a received value for a message. */
function shown(value: unknown): string {
  const text = typeof value === "number" ? String(value) : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function parseStep(value: unknown): number | null {
  if (value === undefined) return null;
  // "+ 0" turns -0 into 0.
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return value + 0;
  throw new LineProblem(`"step" must be a non-negative integer, but got ${shown(value)}. ${EXAMPLE}`);
}

/** The object's entries, all checked to be numbers; `what` names an entry in the message. */
function numbers(object: JsonObject, what: (key: string) => string): Record<string, number> {
  for (const [key, value] of Object.entries(object)) {
    if (typeof value !== "number") {
      throw new LineProblem(
        `${what(key)} must be a number, but got ${shown(value)}. Print the number itself.`,
      );
    }
  }
  // fromEntries defines own properties, so a key such as "__proto__" stays data.
  return Object.fromEntries(Object.entries(object)) as Record<string, number>;
}

function parseConstraints(value: unknown): Record<string, number> {
  if (value === undefined) return {};
  if (!isObject(value)) {
    throw new LineProblem(
      `"constraints" must be an object of numbers (≤ 0 is feasible), but got ${shown(value)}. ` +
        'Print e.g. tunekit: {"constraints": {"memory_over_gb": -1.5}}.',
    );
  }
  return numbers(value, (key) => `constraint "${key}"`);
}

function parseAttrs(value: unknown): Record<string, JsonValue> {
  if (value === undefined) return {};
  if (!isObject(value)) {
    throw new LineProblem(
      `"attrs" must be an object, but got ${shown(value)}. Print e.g. tunekit: {"attrs": {"gpu": "A100"}}.`,
    );
  }
  return Object.fromEntries(Object.entries(value)) as Record<string, JsonValue>;
}

function parseFinal(value: unknown): boolean {
  if (value === undefined || typeof value === "boolean") return value === true;
  throw new LineProblem(`"final" must be true or false, but got ${shown(value)}.`);
}

/** The JSON object after the prefix; every other key than the reserved ones is a metric. */
function parseObject(text: string): JsonObject {
  let parsed: unknown;
  try {
    parsed = parseLenientJson(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new LineProblem(`the text after "tunekit:" is not JSON (${reason}): ${shown(text)}. ${EXAMPLE}`);
  }
  if (isObject(parsed)) return parsed;
  throw new LineProblem(
    `the text after "tunekit:" must be a JSON object, but got ${shown(parsed)}. ${EXAMPLE}`,
  );
}

function toMessage(object: JsonObject): ProtocolMessage {
  const rest = Object.fromEntries(Object.entries(object).filter(([key]) => !RESERVED.has(key)));
  return {
    step: parseStep(object.step),
    final: parseFinal(object.final),
    metrics: numbers(rest, (key) => `metric "${key}"`),
    constraints: parseConstraints(object.constraints),
    attrs: parseAttrs(object.attrs),
  };
}

/**
 * Reads one line of a trial's output. A protocol line is one whose text, after optional leading
 * whitespace, starts with `tunekit:` followed by a JSON object (`NaN`, `Infinity` and `-Infinity` are
 * accepted as numbers). Returns null for any other line, so ordinary output passes through untouched.
 * @example
 * parseProtocolLine('tunekit: {"step": 3, "val_loss": 0.41}');
 * // { step: 3, final: false, metrics: { val_loss: 0.41 }, constraints: {}, attrs: {} }
 * parseProtocolLine("epoch 3 done"); // null
 */
export function parseProtocolLine(line: string): ProtocolMessage | ProtocolProblem | null {
  const prefix = PREFIX.exec(line);
  if (prefix === null) return null;
  try {
    return toMessage(parseObject(line.slice(prefix[0].length).trim()));
  } catch (error) {
    if (error instanceof LineProblem) return { problem: `malformed tunekit line: ${error.message}` };
    throw error;
  }
}

/**
 * Whether a parse result is a problem rather than a message.
 * @example
 * const r = parseProtocolLine(line);
 * if (r !== null && isProtocolProblem(r)) console.warn(r.problem);
 */
export function isProtocolProblem(result: ProtocolMessage | ProtocolProblem): result is ProtocolProblem {
  return "problem" in result;
}

/**
 * What to warn about a protocol line whose numbers were too large for a 64-bit float and were read as
 * ±Infinity (a trial's value may be infinite, as in the library, but `1e999` is rarely meant so), or
 * null. Only a line with an infinite metric or constraint is scanned.
 * @example
 * const line = 'tunekit: {"loss": 1e999}';
 * overflowNote(line, parseProtocolLine(line) as ProtocolMessage);
 * // "1e999 is beyond the range of a 64-bit float and was read as Infinity"
 */
export function overflowNote(line: string, message: ProtocolMessage): string | null {
  const values = [...Object.values(message.metrics), ...Object.values(message.constraints)];
  if (!values.some((v) => v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY)) return null;
  const numbers = overflowingNumbers(line.replace(PREFIX, ""));
  if (numbers.length === 0) return null;
  const read = numbers.map((n) => (n.startsWith("-") ? "-Infinity" : "Infinity"));
  return `${numbers.join(", ")} ${numbers.length === 1 ? "is" : "are"} beyond the range of a 64-bit float and ${numbers.length === 1 ? "was" : "were"} read as ${[...new Set(read)].join(" and ")}`;
}
