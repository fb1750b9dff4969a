import { describe, expect, it } from "vitest";
import { sentence } from "./sentence.js";

describe("sentence", () => {
  it("ends a text with one period", () => {
    expect(sentence("the program exited with code 1")).toBe("the program exited with code 1.");
    expect(sentence("Pruned at step 3.")).toBe("Pruned at step 3.");
    expect(sentence("Why? ")).toBe("Why?");
    expect(sentence("(log: /tmp/x.log).")).toBe("(log: /tmp/x.log).");
  });
});
