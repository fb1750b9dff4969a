/**
 * Validation and deep-freezing of what callers hand a storage. Every storage copies its input before
 * keeping it, so a caller mutating its own objects later never changes a stored record, and bad input is
 * rejected before anything is written.
 */
import { InvalidArgumentError } from "../errors.js";
import type { Distribution, ParamValue } from "../search-space/distribution.js";
import type { FailReason, IntermediateValue, JsonValue } from "../trial/frozen-trial.js";

/** Deeper JSON than this is almost surely a cycle; reject it instead of overflowing the stack. */
export const MAX_JSON_DEPTH = 64;

/** The largest step whose key still iterates in numeric order (an array index). */
const MAX_STEP = 4_294_967_294;

/**
 * A frozen empty map, shared by every record that has nothing under a key (saves one object per trial).
 * @example
 * const attrs: Readonly<Record<string, JsonValue>> = EMPTY_MAP;
 */
export const EMPTY_MAP: Readonly<Record<string, never>> = Object.freeze({});

/** The path of a member for error messages, built only when needed (on an error or a nested value). */
function at(where: string, key: string | number | undefined): string {
  if (key === undefined) return where;
  return typeof key === "number" ? `${where}[${key}]` : `${where}.${key}`;
}

/** A short description of a value for error messages. */
function describe(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value !== "object" || value === null) return String(value);
  if (Array.isArray(value)) return "an array";
  const ctor = Object.getPrototypeOf(value)?.constructor?.name;
  return ctor ? `a ${ctor}` : "an object";
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Sets an own property, even for the key "__proto__" (plain assignment would change the prototype).
 * @example
 * setOwn(out, "__proto__", 1); // out has an own key "__proto__"
 */
export function setOwn<V>(target: Record<string, V>, key: string, value: V): void {
  if (key === "__proto__")
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/**
 * A deep, frozen copy of a JSON value; `undefined` object members are dropped as `JSON.stringify` does.
 * Throws `InvalidArgumentError` for anything JSON cannot hold (functions, Dates, Maps, class instances).
 * `where` (with `key`, when given) names the value in error messages.
 * @example
 * freezeJson({ tags: ["a"] }, "updateTrial: userAttrs", "meta"); // deeply frozen copy
 */
export function freezeJson(value: unknown, where: string, key?: string | number, depth = 0): JsonValue {
  if (
    value === null ||
    typeof value === "string" ||
    typeof value === "boolean" ||
    typeof value === "number"
  ) {
    return value;
  }
  if (depth >= MAX_JSON_DEPTH && typeof value === "object") {
    throw new InvalidArgumentError(
      `${at(where, key)} must be JSON nested at most ${MAX_JSON_DEPTH} levels deep, but it is deeper (is it cyclic?). Store a flatter value.`,
      { name: at(where, key) },
    );
  }
  if (Array.isArray(value)) {
    const path = at(where, key);
    const out: JsonValue[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = freezeJson(value[i] ?? null, path, i, depth + 1);
    return Object.freeze(out);
  }
  if (isPlainObject(value)) {
    const path = at(where, key);
    const out: Record<string, JsonValue> = {};
    for (const member of Object.keys(value)) {
      const v = value[member];
      if (v !== undefined) setOwn(out, member, freezeJson(v, path, member, depth + 1));
    }
    return Object.freeze(out);
  }
  throw new InvalidArgumentError(
    `${at(where, key)} must be JSON (null, boolean, number, string, array or plain object), but got ${describe(value)}. ` +
      "Convert it first, e.g. a Date with toISOString().",
    { name: at(where, key), value },
  );
}

/** Throws the `InvalidArgumentError` for a value at `where`/`key` that is not `expected`. */
function reject(
  where: string,
  key: string | number | undefined,
  expected: string,
  value: unknown,
  fix = "",
): never {
  const path = at(where, key);
  throw new InvalidArgumentError(
    `${path} must be ${expected}, but got ${describe(value)}.${fix && ` ${fix}`}`,
    {
      name: path,
      value,
    },
  );
}

/**
 * Checks one parameter value (number, string, boolean or null) and returns it.
 * @example
 * freezeParam(0.1, "updateTrial: params", "lr"); // 0.1
 */
export function freezeParam(value: unknown, where: string, key?: string | number): ParamValue {
  const type = typeof value;
  if (type === "number" || type === "string" || type === "boolean" || value === null)
    return value as ParamValue;
  return reject(
    where,
    key,
    "a number, string, boolean or null",
    value,
    "Store the parameter in its external form.",
  );
}

/**
 * A frozen copy of a distribution; an already deeply frozen one is kept as is, so records share it.
 * @example
 * freezeDistribution({ type: "float", low: 0, high: 1, log: false, step: null }, "distributions", "x");
 */
export function freezeDistribution(value: unknown, where: string, key?: string | number): Distribution {
  const d = value as Distribution;
  if (!isPlainObject(value) || (d.type !== "float" && d.type !== "int" && d.type !== "categorical")) {
    return reject(
      where,
      key,
      'a distribution with type "float", "int" or "categorical"',
      value,
      "Pass the distribution the parameter was suggested from.",
    );
  }
  if (d.type === "categorical") {
    if (!Array.isArray(d.choices)) return reject(at(where, key), "choices", "an array", d.choices);
    if (Object.isFrozen(d) && Object.isFrozen(d.choices)) return d;
    const path = `${at(where, key)}.choices`;
    return Object.freeze({
      type: "categorical",
      choices: Object.freeze(d.choices.map((c, i) => freezeParam(c, path, i))),
    });
  }
  if (Object.isFrozen(d)) return d;
  return d.type === "float"
    ? Object.freeze({ type: "float", low: d.low, high: d.high, log: d.log, step: d.step })
    : Object.freeze({ type: "int", low: d.low, high: d.high, log: d.log, step: d.step });
}

/**
 * Checks a number (NaN and ±Infinity allowed) and returns it.
 * @example
 * freezeNumber(Number.NaN, "constraints", "c0"); // NaN
 */
export function freezeNumber(value: unknown, where: string, key?: string | number): number {
  return typeof value === "number" ? value : reject(where, key, "a number", value);
}

/** A frozen copy of an array of numbers. */
function freezeNumberArray(
  value: readonly unknown[],
  where: string,
  key?: string | number,
): readonly number[] {
  const out = value.slice();
  for (let i = 0; i < out.length; i++) {
    if (typeof out[i] !== "number") reject(at(where, key), i, "a number", out[i]);
  }
  return Object.freeze(out as number[]);
}

/**
 * A frozen copy of an objective-values array, or null.
 * @example
 * freezeValues([0.5, Infinity], "finishTrial: values"); // frozen [0.5, Infinity]
 */
export function freezeValues(value: unknown, where: string): readonly number[] | null {
  if (value === null || value === undefined) return null;
  if (!Array.isArray(value)) return reject(where, undefined, "an array of numbers or null", value);
  return freezeNumberArray(value, where);
}

/**
 * A frozen copy of an intermediate value: a number, a vector or named numbers.
 * @example
 * freezeIntermediate({ loss: 0.3, acc: 0.9 }, "updateTrial: intermediateValues", 4);
 */
export function freezeIntermediate(value: unknown, where: string, key?: string | number): IntermediateValue {
  if (typeof value === "number") return value;
  if (Array.isArray(value)) return freezeNumberArray(value, where, key);
  if (isPlainObject(value)) {
    const out: Record<string, number> = {};
    for (const name of Object.keys(value)) {
      const v = value[name];
      setOwn(out, name, typeof v === "number" ? v : reject(at(where, key), name, "a number", v));
    }
    return Object.freeze(out);
  }
  return reject(where, key, "a number, an array of numbers or an object of named numbers", value);
}

/**
 * Checks an intermediate-value step key: a non-negative integer, so keys iterate in step order.
 * @example
 * checkStep("3", "updateTrial: intermediateValues"); // 3
 */
export function checkStep(key: string, where: string): number {
  const step = Number(key);
  if (step <= MAX_STEP && /^(?:0|[1-9]\d*)$/.test(key)) return step;
  throw new InvalidArgumentError(
    `${where}: a step must be an integer from 0 to ${MAX_STEP}, but got ${JSON.stringify(key)}. ` +
      "Report with a step counter such as the epoch.",
    { name: where, value: key },
  );
}

/**
 * A frozen copy of a fail reason, or null.
 * @example
 * freezeFailReason({ code: "exception", message: "boom" }, "finishTrial: failReason");
 */
export function freezeFailReason(value: unknown, where: string): FailReason | null {
  if (value === null || value === undefined) return null;
  const r = value as FailReason;
  if (!isPlainObject(value) || typeof r.code !== "string" || typeof r.message !== "string") {
    return reject(where, undefined, "{ code: string, message: string, stack?: string } or null", value);
  }
  return typeof r.stack === "string"
    ? Object.freeze({ code: r.code, message: r.message, stack: r.stack })
    : Object.freeze({ code: r.code, message: r.message });
}

/**
 * Checks a lease duration: a positive finite number of seconds.
 * @example
 * checkLeaseSeconds(30, "claimTrial: leaseSeconds"); // 30
 */
export function checkLeaseSeconds(value: unknown, where: string): number {
  if (typeof value === "number" && Number.isFinite(value) && value > 0) return value;
  return reject(
    where,
    undefined,
    "a positive finite number of seconds",
    value,
    "Use e.g. 60, or omit it for no lease.",
  );
}

/**
 * Checks a count: a non-negative integer.
 * @example
 * checkCount(100, "claimTrial: maxTrials"); // 100
 */
export function checkCount(value: unknown, where: string): number {
  if (typeof value === "number" && Number.isInteger(value) && value >= 0) return value;
  return reject(where, undefined, "a non-negative integer", value);
}

/**
 * Checks a change cursor passed to `getTrialsSince` (or `claimTrialWithChanges`): a number.
 * @example
 * checkCursor(0, "getTrialsSince(study 1)"); // passes
 */
export function checkCursor(cursor: unknown, where: string): void {
  if (typeof cursor === "number" && !Number.isNaN(cursor)) return;
  throw new InvalidArgumentError(
    `${where}: cursor must be a number, but got ${String(cursor)}. Pass 0 or a cursor this storage returned.`,
    { name: "cursor", value: cursor },
  );
}

/**
 * Checks the `limit` of a paged `getTrialsSince`: a positive safe integer.
 * @example
 * checkPageLimit(5000, "getTrialsSince(study 1): limit"); // 5000
 */
export function checkPageLimit(value: unknown, where: string): number {
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 1) return value;
  return reject(
    where,
    undefined,
    "a positive integer",
    value,
    "Pass e.g. { limit: 1000 }, or omit limit to read every changed trial at once.",
  );
}
