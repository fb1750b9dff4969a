/** Lines longer than this are cut for the line callback (the log file still gets every byte). */
export const MAX_LINE_BYTES = 1024 * 1024;

/**
 * Cuts a byte stream into text lines on "\n" (dropping a "\r" before it), across chunk boundaries.
 * It splits bytes rather than decoded text because a newline byte never occurs inside a multi-byte
 * UTF-8 character, so a character cut between two chunks is decoded whole. A line over `maxBytes` keeps
 * its first `maxBytes` bytes and drops the rest, so a program printing megabytes without a newline
 * cannot exhaust memory.
 * @example
 * const splitter = new LineSplitter((line) => console.log(line));
 * splitter.push(Buffer.from("a\r\nb")); // logs "a"
 * splitter.end(); // logs "b"
 */
export class LineSplitter {
  readonly #emit: (line: string) => void;
  readonly #maxBytes: number;
  #parts: Buffer[] = [];
  #size = 0;
  #cut = false;

  constructor(emit: (line: string) => void, maxBytes = MAX_LINE_BYTES) {
    this.#emit = emit;
    this.#maxBytes = maxBytes;
  }

  /** Emits every line the chunk completes and keeps the rest for the next chunk. */
  push(chunk: Buffer): void {
    let start = 0;
    for (let newline = chunk.indexOf(0x0a); newline !== -1; newline = chunk.indexOf(0x0a, start)) {
      this.#keep(chunk.subarray(start, newline));
      this.#flush();
      start = newline + 1;
    }
    // A copy: a view would pin the whole chunk it came from until the line ends.
    this.#keep(Buffer.from(chunk.subarray(start)));
  }

  /** Emits the last line when the output did not end with a newline. */
  end(): void {
    if (this.#size > 0 || this.#cut) this.#flush();
  }

  #keep(bytes: Buffer): void {
    const room = this.#maxBytes - this.#size;
    const kept = bytes.length > room ? bytes.subarray(0, room) : bytes;
    if (kept.length < bytes.length) this.#cut = true;
    if (kept.length === 0) return;
    this.#parts.push(kept);
    this.#size += kept.length;
  }

  #flush(): void {
    const text = Buffer.concat(this.#parts, this.#size).toString("utf8");
    this.#parts = [];
    this.#size = 0;
    this.#cut = false;
    this.#emit(text.endsWith("\r") ? text.slice(0, -1) : text);
  }
}
