import { describe, expect, it } from "vitest";
import { compareHref, parseRoute, studyHref } from "./route.js";

describe("parseRoute", () => {
  it("reads the list, a study with and without a tab, and a comparison", () => {
    expect(parseRoute("")).toEqual({ page: "list" });
    expect(parseRoute("#/")).toEqual({ page: "list" });
    expect(parseRoute("#/study/mnist")).toEqual({ page: "study", name: "mnist", tab: null });
    expect(parseRoute("#/study/mnist/contour")).toEqual({ page: "study", name: "mnist", tab: "contour" });
    expect(parseRoute("#/compare/a/b")).toEqual({ page: "compare", a: "a", b: "b" });
  });

  it("round-trips names with slashes, spaces, percent signs and HTML", () => {
    for (const name of ["a/b", "50% done", "<img src=x onerror=alert(1)>", "é ü"]) {
      expect(parseRoute(studyHref(name, "trials"))).toEqual({ page: "study", name, tab: "trials" });
      expect(parseRoute(compareHref(name, "x"))).toEqual({ page: "compare", a: name, b: "x" });
    }
  });

  it("falls back to the list on malformed hashes", () => {
    expect(parseRoute("#/study/%E0%A4%A")).toEqual({ page: "list" });
    expect(parseRoute("#/study/")).toEqual({ page: "list" });
    expect(parseRoute("#/compare/a")).toEqual({ page: "list" });
    expect(parseRoute("#/nowhere")).toEqual({ page: "list" });
  });
});
