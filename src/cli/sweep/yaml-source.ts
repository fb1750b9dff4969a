import { type Document, isAlias, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import { sentence } from "../sentence.js";
import { Issues, type Locate, type Path } from "./issues.js";

/** Aliases a sweep file may expand; far above honest reuse, far below a "billion laughs" document. */
export const MAX_ALIAS_COUNT = 100;

/** A parsed sweep file: its data, and the issue list that knows where each path sits in the text. */
export interface YamlSource {
  readonly data: unknown;
  readonly issues: Issues;
}

/**
 * Parses YAML text. Syntax errors (and duplicate keys, several documents, an alias bomb) are recorded in
 * the returned issues with their line, and `data` is then undefined.
 * @example
 * const { data, issues } = parseYamlSource("metric: loss\n", "sweep.yaml");
 */
export function parseYamlSource(text: string, file: string): YamlSource {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const issues = new Issues(file, (path, part) => locate(doc, lines, path, part));
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const at = lines.linePos(error.pos[0]);
      const message = (error.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "");
      issues.addAt({ line: at.line, column: at.col }, sentence(`invalid YAML: ${message}`));
    }
    return { data: undefined, issues };
  }
  try {
    return { data: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), issues };
  } catch (e) {
    if (!(e instanceof ReferenceError)) throw e;
    issues.add(
      [],
      `the aliases (*name) expand into too large a document (${e.message}). Write the values out, or use fewer aliases.`,
    );
    return { data: undefined, issues };
  }
}

/** Walks the document along `path` as far as it exists; see {@link Locate}. */
function locate(doc: Document, lines: LineCounter, path: Path, part: "key" | "value") {
  let node: unknown = doc.contents;
  let key: unknown = null;
  let found = 0;
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => keyText(p.key) === String(segment));
      if (pair === undefined) break;
      key = pair.key;
      node = pair.value ?? pair.key;
    } else if (isSeq(node) && typeof segment === "number" && node.items[segment] !== undefined) {
      key = null;
      node = node.items[segment];
    } else {
      break;
    }
    found++;
  }
  const target = part === "key" && found === path.length && key !== null ? key : node;
  const offset = (target as Node | null)?.range?.[0];
  if (offset === undefined) return { line: 1, column: 1 };
  const at = lines.linePos(offset);
  return { line: at.line, column: at.col };
}

function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}
