import { describe, expect, it } from "vitest";
import { rankedImportances } from "./ranked-importances.js";

describe("rankedImportances", () => {
  it("lists the most important first, integer-like names included; ties keep the record's order", () => {
    expect(rankedImportances({ "0": 0.1, lr: 0.6, "12": 0.3, b: 0, a: 0 })).toEqual([
      { param: "lr", importance: 0.6 },
      { param: "12", importance: 0.3 },
      { param: "0", importance: 0.1 },
      { param: "b", importance: 0 },
      { param: "a", importance: 0 },
    ]);
    expect(rankedImportances({})).toEqual([]);
  });
});
