/** How many malformed lines are shown one by one; the rest are only counted. */
const SHOWN = 3;
/** How many line numbers a summary lists. */
const LISTED = 10;

/**
 * The malformed `tunekit:` lines of one trial's output: every one counted, the first few kept for
 * messages, so a program that prints many bad lines is told how many, not only about the first.
 * @example
 * const problems = new LineProblems();
 * if (problems.add(7, "malformed tunekit line: ...")) log("warning", problems.describe(7, "..."));
 * const summary = problems.summary(); // null unless more lines were ignored than shown
 */
export class LineProblems {
  #count = 0;
  readonly #lines: number[] = [];
  #first: { line: number; problem: string } | null = null;

  /** How many malformed lines were seen. */
  get count(): number {
    return this.#count;
  }

  /** Records the problem of stdout line `line`; true when it is among the first few, to be shown now. */
  add(line: number, problem: string): boolean {
    this.#count++;
    if (this.#lines.length < LISTED) this.#lines.push(line);
    this.#first ??= { line, problem };
    return this.#count <= SHOWN;
  }

  /**
   * The count and line numbers once the output is read, when more than one line was ignored (a single
   * one was shown in full); null otherwise.
   */
  summary(): string | null {
    if (this.#count < 2) return null;
    const more = this.#count > this.#lines.length ? ", ..." : "";
    const shown = this.#count > SHOWN ? `; the first ${SHOWN} are shown above` : "";
    return `${this.#count} malformed tunekit: lines were ignored in all (stdout lines ${this.#lines.join(", ")}${more})${shown}`;
  }

  /** What to add to a missing-metric failure: the reports may have been on the ignored lines. */
  note(): string | null {
    if (this.#first === null) return null;
    const { line, problem } = this.#first;
    return this.#count === 1
      ? `1 tunekit: line was ignored as malformed (stdout line ${line}: ${problem})`
      : `${this.#count} tunekit: lines were ignored as malformed (the first, stdout line ${line}: ${problem})`;
  }
}
