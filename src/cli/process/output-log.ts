import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import { dirname } from "node:path";

/**
 * A trial's log file: both output streams appended in arrival order. Writes are synchronous, so the
 * order is exactly the order chunks arrived in, the file is complete as soon as the process is done
 * (nothing to flush), and a fast writer is slowed to disk speed instead of filling memory. A write
 * error (disk full) stops logging, never the trial, and is kept for the trial's warnings.
 * @example
 * const log = OutputLog.open("runs/trial-7.log");
 * log.write(Buffer.from("epoch 1\n"));
 * log.close();
 */
export class OutputLog {
  readonly #path: string;
  #fd: number | null;
  #error: string | null = null;

  private constructor(path: string, fd: number) {
    this.#path = path;
    this.#fd = fd;
  }

  /** Opens (creating its folders) the file for appending; throws when it cannot. */
  static open(path: string): OutputLog {
    mkdirSync(dirname(path), { recursive: true });
    return new OutputLog(path, openSync(path, "a"));
  }

  /** Why writing stopped, or null. */
  get error(): string | null {
    return this.#error;
  }

  /** Appends a chunk; after a failed write, drops everything. */
  write(chunk: Buffer): void {
    if (this.#fd === null) return;
    try {
      for (let done = 0; done < chunk.length; ) done += writeSync(this.#fd, chunk, done);
    } catch (error) {
      this.#error = `could not write the log ${this.#path} (${(error as Error).message}); the rest of the output is not logged`;
      this.close();
    }
  }

  /** Closes the file; later writes are dropped. */
  close(): void {
    if (this.#fd === null) return;
    const fd = this.#fd;
    this.#fd = null;
    try {
      closeSync(fd);
    } catch (error) {
      this.#error ??= `could not close the log ${this.#path} (${(error as Error).message})`;
    }
  }
}
