import { paramEnvName } from "./param-name.js";
import type { TemplatePart } from "./template.js";

/**
 * Where sh reads a stretch of a script. A placeholder is replaced by its value single-quoted, which is
 * one literal word only at the script level ("script", or inside a `$(...)`, which sh reads as a script
 * of its own); anywhere else the quotes are text or the value is read again, so `$(...)` or a backtick
 * in it would run.
 */
type Frame =
  | { readonly kind: "script" | "substitution"; depth: number }
  | { readonly kind: "single" | "double" | "backtick" | "ansi" | "comment" }
  | { readonly kind: "arithmetic"; depth: number }
  | { readonly kind: "expansion"; depth: number; readonly inDouble: boolean };

/** What each frame a placeholder cannot stand in is called in a message, and why. */
const WHERE: Record<Exclude<Frame["kind"], "script" | "substitution">, string> = {
  single: "inside '...' quotes",
  double: 'inside "..." quotes',
  ansi: "inside $'...' quotes",
  backtick: "inside a `...` command substitution, where sh reads the value again as code",
  arithmetic: "inside an arithmetic ((...)), where the shell evaluates the value",
  expansion: `inside a \${...} expansion, where the shell expands the value again`,
  comment: "inside a # comment, which a newline in the value would end",
};

const WORD_BREAK = new Set([" ", "\t", "\n", ";", "&", "|", "(", ")", "<", ">"]);
const DOUBLE_QUOTE_ESCAPES = new Set(['"', "\\", "$", "`", "\n"]);

/**
 * The problems of a `shell: true` script's placeholders, one message each (empty when every one is
 * safe). A placeholder becomes its value single-quoted (`'it'\''s'`), which sh takes literally only as
 * (part of) a plain word of the script, or of a `$(...)` (which sh reads as a script of its own). So a
 * placeholder inside quotes (`"--name=${v}"`, `'${v}'`), a backtick substitution, an arithmetic
 * `((...))`, a `${...}` expansion, a here-document, a comment, or right after a `\` is refused:
 * each would let a value such as `$(touch x)` run.
 * Commands that evaluate their arguments as code (`eval`, `sh -c`, `let`) are beyond this check.
 * @example
 * shellPlaceholderProblems(scanTemplate('echo "--name=${v}"').parts);
 * // ['${v} is inside "..." quotes: values are quoted for you; remove the quotes around ${v}']
 */
export function shellPlaceholderProblems(parts: readonly TemplatePart[]): string[] {
  const lexer = new ShellLexer();
  const problems: string[] = [];
  for (const part of parts) {
    if (part.kind === "text") {
      lexer.feed(part.text);
      continue;
    }
    const where = lexer.placeholderContext();
    if (where !== null) problems.push(`\${${part.name}} ${where.text}${advice(part.name, where.quoted)}`);
    lexer.placeholder();
  }
  if (lexer.usesAnsiQuotes && parts.some((p) => p.kind === "ref")) {
    problems.push(
      "the script uses $'...' quoting, which sh and bash read differently, so no placeholder in it can be placed safely: write '...' instead",
    );
  }
  return [...new Set(problems)];
}

function advice(name: string, quoted: boolean): string {
  if (quoted) {
    return `: values are quoted for you; remove the quotes around \${${name}}`;
  }
  const variable =
    name === "trial"
      ? "TUNEKIT_TRIAL_NUMBER"
      : name === "study"
        ? "TUNEKIT_STUDY"
        : name === "args"
          ? null
          : paramEnvName(name);
  return variable === null
    ? `: put \${args} among the plain words of the script`
    : `: use it as a plain word, or read "$${variable}" there instead`;
}

/** A character-by-character reading of an sh script, enough to know where each placeholder falls. */
class ShellLexer {
  usesAnsiQuotes = false;
  private readonly stack: Frame[] = [{ kind: "script", depth: 0 }];
  private atWordStart = true;
  /** The previous text ended in an unescaped backslash (a `$` cannot end it: `$${` is a literal `${`). */
  private trailing = false;
  /** The previous text ended in the middle of a here-document's delimiter word. */
  private inDelimiter = false;
  /** Here-documents whose body starts at the next newline: their delimiter and whether tabs are stripped. */
  private readonly pendingDocs: { delimiter: string; stripTabs: boolean }[] = [];
  /** The here-document whose body is being read, and the body line read so far. */
  private doc: { delimiter: string; stripTabs: boolean; line: string } | null = null;

  /**
   * Why a placeholder cannot stand at the current position (`quoted` when inside '...' or "..."), or
   * null when it is a plain word.
   */
  placeholderContext(): { text: string; quoted: boolean } | null {
    const refuse = (text: string, quoted = false) => ({ text, quoted });
    if (this.doc !== null)
      return refuse("inside a here-document, where the shell expands $(...) in the value");
    if (this.inDelimiter) return refuse("in a here-document's delimiter");
    const { kind } = this.top();
    // sh reads the inside of a $(...) as a script of its own, where the quoted value is a plain word too.
    if (kind !== "script" && kind !== "substitution")
      return refuse(WHERE[kind], kind === "single" || kind === "double");
    return this.trailing ? refuse("right after a backslash, which would unquote the value") : null;
  }

  /** A placeholder was read: it is part of a word (or of whatever it was refused in). */
  placeholder(): void {
    this.atWordStart = false;
    this.trailing = false;
    if (this.doc !== null) this.doc.line += "\0";
  }

  feed(text: string): void {
    this.trailing = false;
    this.inDelimiter = false;
    let i = 0;
    while (i < text.length) i = this.step(text, i);
  }

  private top(): Frame {
    return this.stack[this.stack.length - 1] as Frame;
  }

  /** Reads the character at `i` (and what it starts); returns the index after what was read. */
  private step(text: string, i: number): number {
    const c = text[i] as string;
    if (this.doc !== null) return this.docChar(c, i);
    const frame = this.top();
    switch (frame.kind) {
      case "single":
        if (c === "'") this.stack.pop();
        return i + 1;
      case "ansi":
        if (c === "\\") return this.escape(text, i);
        if (c === "'") this.stack.pop();
        return i + 1;
      case "comment":
        if (c === "\n") {
          this.stack.pop();
          this.newline();
        }
        return i + 1;
      case "backtick":
        if (c === "\\") return this.escape(text, i);
        if (c === "`") this.stack.pop();
        return i + 1;
      case "double":
        if (c === "\\") {
          if (i + 1 === text.length) this.trailing = true;
          return DOUBLE_QUOTE_ESCAPES.has(text[i + 1] ?? "") ? i + 2 : i + 1;
        }
        if (c === '"') {
          this.stack.pop();
          return i + 1;
        }
        return this.dollarOrBacktick(text, i, true) ?? i + 1;
      case "expansion":
        if (c === "\\") return this.escape(text, i);
        if (c === "}" && frame.depth === 0) {
          this.stack.pop();
          return i + 1;
        }
        if (c === "{") frame.depth++;
        else if (c === "}") frame.depth--;
        else if (c === '"') this.stack.push({ kind: "double" });
        else if (c === "'" && !frame.inDouble) this.stack.push({ kind: "single" });
        else return this.dollarOrBacktick(text, i, frame.inDouble) ?? i + 1;
        return i + 1;
      case "arithmetic":
        if (c === "(") frame.depth++;
        else if (c === ")" && --frame.depth === 0) this.stack.pop();
        else return this.dollarOrBacktick(text, i, true) ?? i + 1;
        return i + 1;
      default:
        return this.scriptChar(text, i, frame);
    }
  }

  /** A character at the script level, or at the level of a `$(...)` (which sh reads as a script). */
  private scriptChar(text: string, i: number, frame: Frame & { depth: number }): number {
    const c = text[i] as string;
    const wordStart = this.atWordStart;
    this.atWordStart = WORD_BREAK.has(c);
    if (c === "\n") {
      this.newline();
      return i + 1;
    }
    if (c === "\\") return this.escape(text, i);
    if (c === "'") this.stack.push({ kind: "single" });
    else if (c === '"') this.stack.push({ kind: "double" });
    else if (c === "#" && wordStart) this.stack.push({ kind: "comment" });
    else if (c === "(" && text[i + 1] === "(" && wordStart) {
      this.stack.push({ kind: "arithmetic", depth: 2 });
      return i + 2;
    } else if (c === "(") frame.depth++;
    else if (c === ")") {
      if (frame.kind === "substitution" && --frame.depth === 0) this.stack.pop();
    } else if (c === "<" && text[i + 1] === "<" && text[i + 2] !== "<") return this.hereDocument(text, i);
    else return this.dollarOrBacktick(text, i, false) ?? i + 1;
    return i + 1;
  }

  /** `$(`, `$((`, `${`, `$'` and a backtick open a frame; returns the index after the opener, or null. */
  private dollarOrBacktick(text: string, i: number, inDouble: boolean): number | null {
    const c = text[i];
    if (c === "`") {
      this.stack.push({ kind: "backtick" });
      return i + 1;
    }
    if (c !== "$") return null;
    const next = text[i + 1];
    if (next === "(") {
      if (text[i + 2] === "(") this.stack.push({ kind: "arithmetic", depth: 2 });
      else this.stack.push({ kind: "substitution", depth: 1 });
      return text[i + 2] === "(" ? i + 3 : i + 2;
    }
    if (next === "{") {
      this.stack.push({ kind: "expansion", depth: 0, inDouble });
      return i + 2;
    }
    if (next === "'" && !inDouble) {
      this.usesAnsiQuotes = true;
      this.stack.push({ kind: "ansi" });
      return i + 2;
    }
    return i + 1;
  }

  /** A backslash takes the next character literally; at the end of a text it would take the value's quote. */
  private escape(text: string, i: number): number {
    if (i + 1 === text.length) this.trailing = true;
    return i + 2;
  }

  /** `<<` or `<<-` and its delimiter word: the body starts at the next newline. */
  private hereDocument(text: string, i: number): number {
    let j = i + 2;
    const stripTabs = text[j] === "-";
    if (stripTabs) j++;
    while (text[j] === " " || text[j] === "\t") j++;
    let delimiter = "";
    while (j < text.length && !WORD_BREAK.has(text[j] as string)) {
      const c = text[j] as string;
      if (c === "'" || c === '"') {
        const end = text.indexOf(c, j + 1);
        if (end < 0) break;
        delimiter += text.slice(j + 1, end);
        j = end + 1;
      } else if (c === "\\" && j + 1 < text.length) {
        delimiter += text[j + 1];
        j += 2;
      } else {
        delimiter += c;
        j++;
      }
    }
    // Whatever the delimiter is, a placeholder right after it (or in place of it) would be part of it.
    if (j >= text.length) this.inDelimiter = true;
    this.pendingDocs.push({ delimiter, stripTabs });
    this.atWordStart = true;
    return j;
  }

  private newline(): void {
    this.atWordStart = true;
    const next = this.pendingDocs.shift();
    if (next !== undefined) this.doc = { ...next, line: "" };
  }

  /** One character of a here-document's body: the body ends at a line that is its delimiter. */
  private docChar(c: string, i: number): number {
    const doc = this.doc as NonNullable<ShellLexer["doc"]>;
    if (c !== "\n") {
      doc.line += c;
      return i + 1;
    }
    const line = doc.stripTabs ? doc.line.replace(/^\t+/, "") : doc.line;
    doc.line = "";
    if (line === doc.delimiter) {
      this.doc = null;
      this.newline();
    }
    return i + 1;
  }
}
