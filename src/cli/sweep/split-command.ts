/** The outcome of {@link splitCommand}: the arguments, or why the line is incomplete. */
export type SplitResult =
  | { readonly ok: true; readonly argv: string[] }
  | { readonly ok: false; readonly message: string };

const BLANK = new Set([" ", "\t", "\n", "\r"]);
// Inside double quotes sh gives a backslash meaning only before these; elsewhere it stays a backslash.
const DOUBLE_QUOTE_ESCAPES = new Set(['"', "\\", "$", "`"]);

/**
 * Splits a command line into arguments the way sh would group words, and does nothing else: blanks
 * separate arguments, '…' is literal, "…" is literal except for \" \\ \$ \`, and a backslash outside
 * quotes takes the next character literally (a backslash before a newline joins lines). There is no
 * variable expansion, globbing, redirection or operator: `;`, `|`, `&&`, `>` and `*` are ordinary
 * characters, so a value can never become shell syntax. Set `shell: true` for a real shell.
 * @example
 * splitCommand(`python train.py --name "my run" 'a;b'`); // argv: ["python", "train.py", "--name", "my run", "a;b"]
 */
export function splitCommand(line: string): SplitResult {
  const argv: string[] = [];
  // null until a character or a pair of quotes starts a word, so '' yields an empty argument.
  let word: string | null = null;
  let i = 0;
  while (i < line.length) {
    const c = line[i] as string;
    if (BLANK.has(c)) {
      if (word !== null) argv.push(word);
      word = null;
      i++;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return unterminated("'", i);
      word = (word ?? "") + line.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      const quoted = readDoubleQuoted(line, i);
      if (quoted === null) return unterminated('"', i);
      word = (word ?? "") + quoted.text;
      i = quoted.end;
    } else if (c === "\\") {
      const next = line[i + 1];
      if (next === undefined) {
        return {
          ok: false,
          message: "it ends with a lone backslash. Remove it or write \\\\ for a backslash",
        };
      }
      if (next !== "\n") word = (word ?? "") + next;
      i += 2;
    } else {
      word = (word ?? "") + c;
      i++;
    }
  }
  if (word !== null) argv.push(word);
  return { ok: true, argv };
}

/** The text of the double-quoted part opening at `start`, and the index after its closing quote. */
function readDoubleQuoted(line: string, start: number): { text: string; end: number } | null {
  let text = "";
  let i = start + 1;
  while (i < line.length) {
    const c = line[i] as string;
    if (c === '"') return { text, end: i + 1 };
    const next = line[i + 1];
    if (c === "\\" && next !== undefined && (DOUBLE_QUOTE_ESCAPES.has(next) || next === "\n")) {
      if (next !== "\n") text += next;
      i += 2;
    } else {
      text += c;
      i++;
    }
  }
  return null;
}

function unterminated(quote: string, at: number): SplitResult {
  return {
    ok: false,
    message: `the ${quote} at character ${at + 1} is never closed. Close the quote, or give the command as a list of arguments`,
  };
}
