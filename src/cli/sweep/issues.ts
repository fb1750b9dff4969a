import { SweepError, type SweepIssue } from "../../core.js";

/** A field's place in the sweep: map keys and list indices from the document root. */
export type Path = readonly (string | number)[];

/** A 1-based source position. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/**
 * Finds where `path` sits in the source: the key itself for `part: "key"` (an unknown key), else the
 * value; the nearest existing ancestor when the path does not exist (a missing key points at its map).
 * Null when there is no source (a sweep read back from storage).
 */
export type Locate = (path: Path, part: "key" | "value") => Position | null;

/**
 * `a.b.0.c`: the dotted form of a path used in issues.
 * @example
 * formatPath(["parameters", "lr", "low"]); // "parameters.lr.low"
 */
export function formatPath(path: Path): string {
  return path.join(".");
}

/**
 * Collects every problem of one sweep, so the user fixes them all in one go instead of one per run.
 * @example
 * const issues = new Issues("sweep.yaml", () => null);
 * issues.add(["parallel"], "must be a positive integer, but got 0. Use a whole number of at least 1.");
 * issues.throwIfAny(); // SweepError
 */
export class Issues {
  private readonly list: SweepIssue[] = [];

  constructor(
    private readonly file: string,
    private readonly locate: Locate,
  ) {}

  /** Records an issue at `path`; `part: "key"` points at the key rather than its value. */
  add(path: Path, message: string, part: "key" | "value" = "value"): void {
    const at = this.locate(path, part);
    this.list.push({
      file: this.file,
      line: at?.line ?? null,
      column: at?.column ?? null,
      path: formatPath(path),
      message,
    });
  }

  /** Records an issue about the whole document at a known position (a YAML syntax error). */
  addAt(at: Position, message: string): void {
    this.list.push({ file: this.file, line: at.line, column: at.column, path: "", message });
  }

  /** Number of issues so far; readers compare counts to tell whether their own part was clean. */
  get count(): number {
    return this.list.length;
  }

  /** Throws one {@link SweepError} with every issue, in source order, when there is any. */
  throwIfAny(): void {
    if (this.list.length === 0) return;
    const order = (i: SweepIssue): number => (i.line ?? Number.MAX_SAFE_INTEGER) * 1e6 + (i.column ?? 0);
    // Array.prototype.sort is stable, so issues at one position keep the order they were found in.
    throw new SweepError([...this.list].sort((a, b) => order(a) - order(b)));
  }
}
