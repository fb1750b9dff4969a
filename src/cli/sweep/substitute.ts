import { InvalidArgumentError, type ParamValue } from "../../core.js";
import { ARGS_PLACEHOLDER } from "./param-name.js";
import { shellPlaceholderProblems } from "./shell-placeholders.js";
import { scanTemplate } from "./template.js";

/** What a trial's command is filled in with. */
export interface SubstituteValues {
  /** The active parameters of the trial, constants included, in sweep order (`suggestSweepParams`). */
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly trialNumber: number;
  readonly study: string;
}

/**
 * A parameter value as the program receives it: numbers via `String()`, `true`/`false`, `null`.
 * @example
 * valueText(1e-5); // "0.00001"
 */
export function valueText(value: ParamValue): string {
  return typeof value === "string" ? value : String(value);
}

/**
 * The argument vector of one trial. Each argument is filled in on its own, so a value is always exactly
 * one argument whatever it contains (spaces, quotes, `;`). An argument that is exactly `${args}` becomes
 * one `--name=value` argument per active parameter. An argument naming a parameter that is inactive in
 * this trial (its `when:` is false) is dropped whole: write `--momentum=${momentum}` as one argument to
 * drop the flag with its value. `$${` is a literal `${`.
 * @example
 * substituteArgs(["train", "--lr=${lr}", "${args}"], { params: { lr: 0.1, opt: "sgd" }, trialNumber: 3, study: "s" });
 * // ["train", "--lr=0.1", "--lr=0.1", "--opt=sgd"]
 */
export function substituteArgs(argv: readonly string[], values: SubstituteValues): string[] {
  const out: string[] = [];
  for (const arg of argv) {
    if (arg === ARGS_PLACEHOLDER) {
      for (const [name, value] of Object.entries(values.params)) out.push(`--${name}=${valueText(value)}`);
      continue;
    }
    const filled = fill(arg, values, "argv");
    if (filled !== null) out.push(filled);
  }
  return out;
}

/**
 * The script of one trial for `/bin/sh -c`: each placeholder becomes its value single-quoted for sh, so
 * a value is never shell syntax; a placeholder where that quoting would not hold (inside quotes, a
 * backtick, a here-document: {@link shellPlaceholderProblems}) is an error. `${args}` becomes the quoted `--name=value` words separated by spaces. A
 * placeholder of an inactive parameter becomes nothing (the script can test `TUNEKIT_PARAM_*`, which is
 * unset for it). `$${` is a literal `${`, which is how the script writes its own `$${HOME}`.
 * @example
 * substituteShell("echo ${msg}", { params: { msg: "it's $(id)" }, trialNumber: 0, study: "s" });
 * // "echo 'it'\\''s $(id)'"
 */
export function substituteShell(script: string, values: SubstituteValues): string {
  return fill(script, values, "shell") ?? "";
}

/**
 * `value` as one sh word, taken literally: single-quoted, with each `'` written as `'\''`.
 * @example
 * shellQuote("a'b"); // "'a'\\''b'"
 */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", "'\\''")}'`;
}

/** argv: values as they are, an inactive parameter drops its argument; shell: values quoted for sh. */
type Mode = "argv" | "shell";

const CALLER: Record<Mode, string> = { argv: "substituteArgs", shell: "substituteShell" };

/** `template` filled in, or null when it names an inactive parameter in argv mode (the argument is dropped). */
function fill(template: string, values: SubstituteValues, mode: Mode): string | null {
  const scanned = scanTemplate(template);
  const { parts } = scanned;
  const errors = mode === "shell" ? [...scanned.errors, ...shellPlaceholderProblems(parts)] : scanned.errors;
  if (errors.length > 0) {
    throw new InvalidArgumentError(
      `${CALLER[mode]}(): ${errors.join("; ")}. Validate the sweep with parseSweep() first.`,
      { name: "template", value: template },
    );
  }
  let text = "";
  for (const part of parts) {
    const piece = part.kind === "text" ? part.text : resolve(part.name, values, mode, template);
    if (piece === null && mode === "argv") return null;
    // A shell script keeps its other words: only the inactive value itself disappears.
    text += piece ?? "";
  }
  return text;
}

/** The text a placeholder stands for, or null for a parameter that is not active in this trial. */
function resolve(name: string, values: SubstituteValues, mode: Mode, template: string): string | null {
  const quote = mode === "shell" ? shellQuote : (text: string) => text;
  switch (name) {
    case "trial":
      return quote(String(values.trialNumber));
    case "study":
      return quote(values.study);
    case "args":
      if (mode === "argv") {
        throw new InvalidArgumentError(
          `substituteArgs(): \${args} must be a whole argument, but got ${JSON.stringify(template)}. Put \${args} on its own.`,
          { name: "args", value: template },
        );
      }
      return Object.entries(values.params)
        .map(([param, value]) => quote(`--${param}=${valueText(value)}`))
        .join(" ");
    default:
      return Object.hasOwn(values.params, name) ? quote(valueText(values.params[name] as ParamValue)) : null;
  }
}
