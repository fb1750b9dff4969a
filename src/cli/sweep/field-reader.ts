import type { ParamValue } from "../../core.js";
import { closestName } from "../../options/closest-name.js";
import { parseDuration } from "./duration.js";
import { formatPath, type Issues, type Path } from "./issues.js";

/** A YAML map (or JSON object) as plain data: keys in source order. */
export type RawMap = Readonly<Record<string, unknown>>;

/**
 * Whether `value` is a map (not a list, not null).
 * @example
 * isRawMap({ a: 1 }); // true
 */
export function isRawMap(value: unknown): value is RawMap {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * Whether a field is set: absent and `null` (`storage: ~`) both mean "use the default".
 * @example
 * given(null); // false
 */
export function given(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/**
 * "got …" for messages: the value as written, with its kind when that is what went wrong.
 * @example
 * received("0.1"); // 'got the string "0.1"'
 */
export function received(value: unknown): string {
  if (value === undefined) return "got nothing";
  if (value === null) return "got null";
  if (Array.isArray(value)) return `got the list ${clip(JSON.stringify(value))}`;
  if (typeof value === "object") return `got the map ${clip(JSON.stringify(value))}`;
  if (typeof value === "string") return `got the string ${clip(JSON.stringify(value))}`;
  return `got ${String(value)}`;
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * Whether `value` can be a parameter value: a string, a finite number, a boolean or null. Infinity and
 * NaN are refused because the sweep is stored as JSON, which cannot hold them.
 * @example
 * isScalarValue(Number.NaN); // false
 */
export function isScalarValue(value: unknown): value is ParamValue {
  if (typeof value === "number") return Number.isFinite(value);
  return value === null || typeof value === "string" || typeof value === "boolean";
}

/**
 * Typed reads of one field each: a wrong value records an issue (what must hold, what was received,
 * how to fix it) and reads as undefined, so a reader can go on and report the other fields too.
 * @example
 * const parallel = new FieldReader(issues).integer(["parallel"], raw.parallel, 1);
 */
export class FieldReader {
  /** Paths of required keys that an unknown key was suggested as (see {@link FieldReader.onlyKeys}). */
  private readonly misspelt = new Set<string>();

  constructor(readonly issues: Issues) {}

  /** Records an issue (see {@link Issues.add}). */
  fail(path: Path, message: string, part: "key" | "value" = "value"): undefined {
    this.issues.add(path, message, part);
    return undefined;
  }

  /** A map; `example` shows the expected form in the message. */
  map(path: Path, value: unknown, example: string): RawMap | undefined {
    if (isRawMap(value)) return value;
    return this.fail(path, `must be a map such as ${example}, but ${received(value)}.`);
  }

  /**
   * Reports each key of `map` outside `allowed`, with the nearest allowed one as a suggestion (or the
   * hint given for that key). A suggested key then counts as present for {@link FieldReader.required},
   * so `hihg: 1` is reported once, as a typo, not a second time as a missing `high`.
   */
  onlyKeys(
    path: Path,
    map: RawMap,
    allowed: readonly string[],
    hints: Readonly<Record<string, string>> = {},
  ): void {
    for (const key of Object.keys(map)) {
      if (allowed.includes(key)) continue;
      const near = closestName(key, allowed);
      if (near !== null) this.misspelt.add(formatPath([...path, near]));
      const hint = Object.hasOwn(hints, key)
        ? ` ${hints[key]}`
        : near === null
          ? ""
          : ` Did you mean "${near}"?`;
      this.fail([...path, key], `unknown key "${key}".${hint} Allowed here: ${allowed.join(", ")}.`, "key");
    }
  }

  /** Reports a missing required field, unless an unknown key nearby was already reported as its typo. */
  required(path: Path, message: string): undefined {
    if (this.misspelt.has(formatPath(path))) return undefined;
    return this.fail(path, message);
  }

  /** A non-empty string. */
  string(path: Path, value: unknown): string | undefined {
    if (typeof value === "string" && value.trim() !== "") return value;
    return this.fail(path, `must be a non-empty string, but ${received(value)}.`);
  }

  /** `true` or `false`. */
  boolean(path: Path, value: unknown): boolean | undefined {
    if (typeof value === "boolean") return value;
    return this.fail(path, `must be true or false, but ${received(value)}.`);
  }

  /** A finite number. */
  number(path: Path, value: unknown): number | undefined {
    if (typeof value === "number" && Number.isFinite(value)) return value;
    const unquote =
      typeof value === "string" && Number.isFinite(Number(value)) && value.trim() !== ""
        ? " Write the number without quotes."
        : "";
    return this.fail(path, `must be a finite number, but ${received(value)}.${unquote}`);
  }

  /** An integer ≥ `min`. */
  integer(path: Path, value: unknown, min: number): number | undefined {
    if (typeof value === "number" && Number.isInteger(value) && value >= min) return value;
    const kind = min === 1 ? "a positive integer" : `an integer ≥ ${min}`;
    return this.fail(path, `must be ${kind}, but ${received(value)}. Use a whole number of at least ${min}.`);
  }

  /** A duration in seconds (a number, or a string such as "90s" or "1h30m"); > 0 unless `allowZero`. */
  seconds(path: Path, value: unknown, allowZero = false): number | undefined {
    let seconds: number | undefined;
    if (typeof value === "number" || typeof value === "string") {
      try {
        seconds = parseDuration(value);
      } catch {
        seconds = undefined;
      }
    }
    if (seconds !== undefined && (allowZero || seconds > 0)) return seconds;
    return this.fail(
      path,
      `must be a ${allowZero ? "non-negative" : "positive"} duration: seconds as a number, or a string such as "90s", "30m", "2h" or "1h30m", but ${received(value)}.`,
    );
  }

  /** A list of distinct non-empty strings (numbers are refused: a name is text). */
  names(path: Path, value: unknown): string[] | undefined {
    if (!Array.isArray(value)) {
      return this.fail(path, `must be a list of names such as [val_loss], but ${received(value)}.`);
    }
    const out: string[] = [];
    value.forEach((item, i) => {
      const name = this.string([...path, i], item);
      if (name === undefined) return;
      if (out.includes(name)) this.fail([...path, i], `"${name}" is listed twice. Remove one.`);
      else out.push(name);
    });
    return out.length === value.length ? out : undefined;
  }
}
