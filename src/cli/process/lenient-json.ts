/**
 * JSON with the three non-standard number tokens Python's `json.dumps` writes by default (`NaN`,
 * `Infinity`, `-Infinity`), so a training script can report a diverged loss without special-casing it.
 */

const SPECIALS: Readonly<Record<string, number>> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  "-Infinity": Number.NEGATIVE_INFINITY,
};
const SPECIAL_TOKEN = /-Infinity|Infinity|NaN/y;
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const JSON_SPACE = new Set([" ", "\t", "\n", "\r"]);

/** Index just past the string literal opening at `start` (or the text's end when it is unterminated). */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === '"') return i + 1;
  }
  return text.length;
}

/** Whether the token ending before `end` is in key position (the next token is a colon). */
function isKey(text: string, end: number): boolean {
  let i = end;
  while (i < text.length && JSON_SPACE.has(text[i] as string)) i++;
  return text[i] === ":";
}

/**
 * Rewrites the text so that plain JSON.parse accepts it. Every string value gets a leading "s" and every
 * special token becomes a string with a leading "n": the reviver can then tell them apart with no
 * possible collision, whatever the user's strings hold. Outside strings, valid JSON never contains
 * these tokens, so the rewrite cannot change the meaning of a valid document.
 */
function rewrite(text: string): string {
  const parts: string[] = [];
  let copied = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      const end = stringEnd(text, i);
      parts.push(text.slice(copied, i + 1), isKey(text, end) ? "" : "s", text.slice(i + 1, end));
      copied = end;
      i = end;
      continue;
    }
    SPECIAL_TOKEN.lastIndex = i;
    const match = c === "N" || c === "I" || c === "-" ? SPECIAL_TOKEN.exec(text) : null;
    // A token in key position stays as is, for JSON.parse to reject: as a string it would pass as a key.
    if (match === null || isKey(text, i + match[0].length)) {
      i++;
      continue;
    }
    parts.push(text.slice(copied, i), `"n${match[0]}"`);
    i += match[0].length;
    copied = i;
  }
  parts.push(text.slice(copied));
  return parts.join("");
}

function revive(_key: string, value: unknown): unknown {
  if (typeof value !== "string") return value;
  return value.startsWith("n") ? SPECIALS[value.slice(1)] : value.slice(1);
}

/**
 * Parses JSON that may hold `NaN`, `Infinity` and `-Infinity` outside strings (as numbers); inside
 * strings they stay text. Throws a SyntaxError for anything else JSON.parse rejects.
 * @example
 * parseLenientJson('{"loss": NaN, "note": "NaN"}'); // { loss: NaN, note: "NaN" }
 */
export function parseLenientJson(text: string): unknown {
  // Most lines hold no special token: skip the rewrite (same result, less work).
  if (!/NaN|Infinity/.test(text)) return JSON.parse(text);
  return JSON.parse(rewrite(text), revive);
}

/**
 * The number literals of a JSON text (outside strings) beyond the range of a 64-bit float, which
 * JSON.parse reads as ±Infinity, so the caller can say so rather than take `1e999` silently.
 * @example
 * overflowingNumbers('{"loss": 1e999, "note": "2e400"}'); // ["1e999"]
 */
export function overflowingNumbers(text: string): string[] {
  const found: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '"') {
      i = stringEnd(text, i);
      continue;
    }
    NUMBER.lastIndex = i;
    const match = c === "-" || (c >= "0" && c <= "9") ? NUMBER.exec(text) : null;
    if (match === null) {
      i++;
      continue;
    }
    if (!Number.isFinite(Number(match[0]))) found.push(match[0]);
    i += match[0].length;
  }
  return found;
}
