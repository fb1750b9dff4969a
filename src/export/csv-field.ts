/**
 * Text of single CSV fields (RFC 4180). Kept apart from the column logic so that quoting, number
 * spelling and the formula guard are decided in one place.
 */
import { encodeJson } from "../storage/sql/json-codec.js";

/** First characters that make a spreadsheet read a cell as a formula (OWASP's list). */
const FORMULA_STARTS = new Set(["=", "+", "-", "@", "\t", "\r"]);

/**
 * A number as CSV text: JavaScript's shortest round-trip form, with NaN and ±Infinity spelled `NaN`,
 * `inf` and `-inf` as pandas, NumPy and R read them.
 * @example
 * csvNumber(Number.NEGATIVE_INFINITY); // "-inf"
 */
export function csvNumber(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Number.POSITIVE_INFINITY) return "inf";
  if (value === Number.NEGATIVE_INFINITY) return "-inf";
  return String(value);
}

/**
 * The text of a value taken from user data: null and undefined empty, numbers by {@link csvNumber},
 * booleans `true`/`false`, objects and arrays as JSON. A string starting with `=`, `+`, `-`, `@`, a tab
 * or a carriage return gets a leading `'` when `escapeFormulas` holds, so a spreadsheet shows it as
 * text instead of running it; numbers are never changed, so `-1.5` stays a number.
 * @example
 * csvText("=HYPERLINK(\"x\")", true); // "'=HYPERLINK(\"x\")"
 */
export function csvText(value: unknown, escapeFormulas: boolean): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return csvNumber(value);
  if (typeof value === "string") {
    return escapeFormulas && FORMULA_STARTS.has(value.charAt(0)) ? `'${value}` : value;
  }
  if (typeof value === "object") return encodeJson(value);
  return String(value);
}

/**
 * A field as it goes into a record: quoted, with quotes doubled, when it holds a comma, a quote, a CR or
 * an LF; as is otherwise.
 * @example
 * csvField('say "hi", then go'); // '"say ""hi"", then go"'
 */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
