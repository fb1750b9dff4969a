import { describe, expect, it } from "vitest";
import { parseProcStat, processStartTime, readProcStat } from "./proc-stat.js";

const tail = "S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 50 18446744073709551615";

describe("parseProcStat", () => {
  it("reads state, pgrp and start time", () => {
    expect(parseProcStat(`4242 (python3) ${tail}`)).toEqual({ state: "S", pgrp: 4242, startTime: 987654 });
  });

  it("reads the fields after the last ')' when the command name holds spaces and parentheses", () => {
    expect(parseProcStat(`4242 (my (odd) ) name) ${tail}`)).toEqual({
      state: "S",
      pgrp: 4242,
      startTime: 987654,
    });
  });

  it("returns null for text of another shape", () => {
    expect(parseProcStat("")).toBeNull();
    expect(parseProcStat("4242 python3 S 1")).toBeNull();
    expect(parseProcStat("4242 (x) S 1 2")).toBeNull();
  });
});

describe.runIf(readProcStat(process.pid) !== null)("readProcStat on Linux", () => {
  it("reads this process and nothing for a pid that cannot exist", () => {
    expect(readProcStat(process.pid)).toMatchObject({ state: expect.any(String) });
    expect(processStartTime(process.pid)).toBeGreaterThan(0);
    expect(readProcStat(2 ** 30)).toBeNull();
  });
});
