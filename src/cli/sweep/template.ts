import { PARAM_NAME } from "./param-name.js";

/** A piece of a command argument or script: literal text, or a `${name}` placeholder. */
export type TemplatePart =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "ref"; readonly name: string };

/** The parts of a template, and what is malformed in it (empty when well formed). */
export interface ScannedTemplate {
  readonly parts: readonly TemplatePart[];
  readonly errors: readonly string[];
}

/**
 * Splits `text` into literal text and `${name}` placeholders. `$${` is a literal `${` (so a shell script
 * can still use `$${HOME}`); any other `$` is literal too, which leaves `$HOME` alone.
 * @example
 * scanTemplate("--lr=${lr}").parts; // [{ kind: "text", text: "--lr=" }, { kind: "ref", name: "lr" }]
 */
export function scanTemplate(text: string): ScannedTemplate {
  const parts: TemplatePart[] = [];
  const errors: string[] = [];
  let literal = "";
  let i = 0;
  while (i < text.length) {
    if (text.startsWith("$${", i)) {
      literal += "${";
      i += 3;
      continue;
    }
    if (!text.startsWith("${", i)) {
      literal += text[i];
      i++;
      continue;
    }
    const close = text.indexOf("}", i + 2);
    if (close < 0) {
      errors.push(
        `the placeholder at "${text.slice(i, i + 20)}" has no closing "}". Close it, or write $\${ for a literal \${`,
      );
      break;
    }
    const name = text.slice(i + 2, close);
    if (!PARAM_NAME.test(name)) {
      errors.push(
        `"\${${name}}" is not a placeholder: it must name a parameter (letters, digits, _ . -, not starting with a digit). Write $\${ for a literal \${`,
      );
      literal += text.slice(i, close + 1);
      i = close + 1;
      continue;
    }
    if (literal !== "") parts.push({ kind: "text", text: literal });
    literal = "";
    parts.push({ kind: "ref", name });
    i = close + 1;
  }
  if (literal !== "") parts.push({ kind: "text", text: literal });
  return { parts, errors };
}
