import { InvalidArgumentError } from "../errors.js";
import { MAX_JSON_DEPTH } from "../storage/record-freeze.js";

/** A member's path for messages: `value.layers[2]`, `value["a b"]`. */
function member(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/** What a value that is not JSON is, for messages. */
function kindOf(value: unknown): string {
  switch (typeof value) {
    case "function":
      return "a function";
    case "bigint":
      return `a BigInt (${value}n)`;
    case "symbol":
      return "a symbol";
    case "undefined":
      return "undefined";
    case "number":
      return `${value}, which JSON cannot hold (it would be stored as null)`;
    default: {
      const name = Object.getPrototypeOf(value)?.constructor?.name;
      return `${name ? `a ${name}` : "an object with a custom prototype"}, not a plain object`;
    }
  }
}

function isPlain(value: object): boolean {
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Why `value` is not a JSON value the storages keep unchanged, as "value.layers[2] is a function", or
 * null when it is one. Stricter than `JSON.stringify`, which silently drops or changes what it cannot
 * hold: undefined members, NaN and ±Infinity (null) and class instances ({}) are refused here.
 * @example
 * jsonProblem({ f: () => 1 }); // "value.f is a function"
 */
export function jsonProblem(
  value: unknown,
  path = "value",
  ancestors: readonly object[] = [],
): string | null {
  if (value === null || typeof value === "string" || typeof value === "boolean") return null;
  if (typeof value === "number" && Number.isFinite(value)) return null;
  if (typeof value !== "object" || !isPlain(value)) return `${path} is ${kindOf(value)}`;
  if (ancestors.includes(value)) return `${path} is a cycle: it contains itself`;
  if (ancestors.length >= MAX_JSON_DEPTH) return `${path} is nested deeper than ${MAX_JSON_DEPTH} levels`;
  if (Object.getOwnPropertySymbols(value).length > 0) return `${path} has a symbol key`;
  const inside = [...ancestors, value];
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const problem = jsonProblem(value[i], member(path, i), inside);
      if (problem !== null) return problem;
    }
    return null;
  }
  for (const key of Object.keys(value)) {
    const problem = jsonProblem((value as Record<string, unknown>)[key], member(path, key), inside);
    if (problem !== null) return problem;
  }
  return null;
}

/**
 * Throws an `InvalidArgumentError` when `value` is not a JSON value, naming the call and the path inside
 * the value, so a bad user attribute fails where it is set instead of at the trial's final write.
 * @example
 * checkUserAttr('setUserAttr("cfg")', "value", cfg);
 */
export function checkUserAttr(where: string, root: string, value: unknown): void {
  const problem = jsonProblem(value, root);
  if (problem === null) return;
  throw new InvalidArgumentError(
    `${where}: ${problem}; user attributes must be JSON values (null, booleans, finite numbers, strings, arrays and plain objects). ` +
      "Convert it first: a Date with toISOString(), a BigInt with String(), NaN to null, a function or cycle left out.",
    { name: root, value },
  );
}

/**
 * Checks a map of user attributes handed over at once (`enqueueTrial`, `addTrial`): an object whose
 * every member is a JSON value.
 * @example
 * checkUserAttrs("enqueueTrial()", { source: "manual" });
 */
export function checkUserAttrs(where: string, attrs: unknown): void {
  if (attrs === undefined) return;
  if (attrs === null || typeof attrs !== "object" || Array.isArray(attrs)) {
    throw new InvalidArgumentError(
      `${where}: userAttrs must be an object of name → JSON value, but got ${attrs === null ? "null" : Array.isArray(attrs) ? "an array" : typeof attrs}.`,
      { name: "userAttrs", value: attrs },
    );
  }
  checkUserAttr(where, "userAttrs", attrs);
}

/**
 * Throws an `InvalidArgumentError` unless an attribute key is a string.
 * @example
 * checkAttrKey("git_sha");
 */
export function checkAttrKey(key: unknown): void {
  if (typeof key !== "string") {
    throw new InvalidArgumentError(
      `setUserAttr(): the key must be a string, but got ${typeof key === "symbol" ? "a symbol" : `${String(key)} of type ${typeof key}`}. Name the attribute, e.g. "git_sha".`,
      { name: "key", value: key },
    );
  }
}
