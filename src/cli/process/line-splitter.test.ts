import { describe, expect, it } from "vitest";
import { LineSplitter } from "./line-splitter.js";

function split(chunks: (string | Buffer)[], maxBytes?: number): string[] {
  const lines: string[] = [];
  const splitter = new LineSplitter((line) => lines.push(line), maxBytes);
  for (const chunk of chunks) splitter.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  splitter.end();
  return lines;
}

describe("LineSplitter", () => {
  it("splits on \\n and drops a \\r before it, keeping empty lines", () => {
    expect(split(["a\nb\r\n\nc\r\n"])).toEqual(["a", "b", "", "c"]);
  });

  it("joins lines across chunks, including a \\r\\n cut between them", () => {
    expect(split(["tuneki", "t: {}\r", "\nnext", "\n"])).toEqual(["tunekit: {}", "next"]);
  });

  it("emits a last line without a newline at the end, and nothing for empty output", () => {
    expect(split(["a\nlast"])).toEqual(["a", "last"]);
    expect(split([])).toEqual([]);
    expect(split(["a\n"])).toEqual(["a"]);
  });

  it("decodes a UTF-8 character cut between two chunks", () => {
    const bytes = Buffer.from("é€\n");
    expect(split([bytes.subarray(0, 1), bytes.subarray(1, 3), bytes.subarray(3)])).toEqual(["é€"]);
  });

  it("cuts an overlong line to its first bytes and goes on with the next line", () => {
    expect(split(["abcdefgh", "ij\nok\n", "0123456789"], 4)).toEqual(["abcd", "ok", "0123"]);
  });

  it("keeps memory bounded for a huge line without newline", () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line), 1024);
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    for (let i = 0; i < 200; i++) splitter.push(chunk);
    splitter.push(Buffer.from("\nend"));
    splitter.end();
    expect(lines.map((l) => l.length)).toEqual([1024, 3]);
  });
});
