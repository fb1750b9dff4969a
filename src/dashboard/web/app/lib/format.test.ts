import { describe, expect, it } from "vitest";
import { escapeHtml } from "./escape.js";
import { formatAgo, formatNumber, formatParam, formatSeconds } from "./format.js";

describe("formatNumber", () => {
  it("formats API numbers, including the ones JSON carries as strings", () => {
    expect(formatNumber(0.123456789)).toBe("0.123457");
    expect(formatNumber(42)).toBe("42");
    expect(formatNumber(0.000012345)).toBe("1.2345e-5");
    expect(formatNumber(12345678.9)).toBe("1.2346e7");
    expect(formatNumber("NaN")).toBe("NaN");
    expect(formatNumber("Infinity")).toBe("∞");
    expect(formatNumber("-Infinity")).toBe("−∞");
    expect(formatNumber(null)).toBe("—");
  });
});

describe("formatSeconds and formatAgo", () => {
  it("pick a readable unit", () => {
    expect(formatSeconds(0.25)).toBe("250 ms");
    expect(formatSeconds(42)).toBe("42 s");
    expect(formatSeconds(5400)).toBe("90 min");
    expect(formatSeconds(9000)).toBe("2.5 h");
    expect(formatAgo(1_000_000 - 90_000, 1_000_000)).toBe("2 min ago");
  });
});

describe("formatParam", () => {
  it("shows strings as they are and other choices as JSON", () => {
    expect(formatParam("adam")).toBe("adam");
    expect(formatParam(true)).toBe("true");
    expect(formatParam(null)).toBe("null");
    expect(formatParam(1e-3)).toBe("0.001");
  });
});

describe("escapeHtml", () => {
  it("escapes every character Plotly's HTML subset could read as markup", () => {
    expect(escapeHtml(`<img src=x onerror="alert('1')">&`)).toBe(
      "&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;",
    );
  });
});
