import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../../core.js";
import { closestName, didYouMean } from "../../options/closest-name.js";
import { parseDuration } from "./duration.js";
import { paramEnvName } from "./param-name.js";
import { scanTemplate } from "./template.js";

describe("parseDuration", () => {
  it("reads seconds and unit strings", () => {
    expect(parseDuration(90)).toBe(90);
    expect(parseDuration(0.5)).toBe(0.5);
    expect(parseDuration("45")).toBe(45);
    expect(parseDuration("90s")).toBe(90);
    expect(parseDuration("30m")).toBe(1800);
    expect(parseDuration("2h")).toBe(7200);
    expect(parseDuration("1h30m")).toBe(5400);
    expect(parseDuration("1h0m5s")).toBe(3605);
    expect(parseDuration(" 1.5h ")).toBe(5400);
  });

  it("refuses anything else, naming the accepted forms", () => {
    for (const bad of ["", "h", "30x", "30m1h", "-5", "1 h", "5m5m"]) {
      expect(() => parseDuration(bad), bad).toThrow(InvalidArgumentError);
    }
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => parseDuration(bad)).toThrow(/non-negative/);
    expect(() => parseDuration("soon")).toThrow(
      'A duration must be a non-negative number of seconds or a string such as "90s", "30m", "2h" or "1h30m", but got "soon".',
    );
  });
});

describe("paramEnvName", () => {
  it("upper-cases and turns every other character into _", () => {
    expect(paramEnvName("lr")).toBe("TUNEKIT_PARAM_LR");
    expect(paramEnvName("opt.lr-max_2")).toBe("TUNEKIT_PARAM_OPT_LR_MAX_2");
  });
});

describe("closestName", () => {
  it("suggests near misses only", () => {
    expect(closestName("paramters", ["parameters", "pruner"])).toBe("parameters");
    expect(closestName("Metric", ["metric", "metrics"])).toBe("metric");
    expect(closestName("nStartupTrial", ["nStartupTrials"])).toBe("nStartupTrials");
    expect(closestName("smapler", ["sampler"])).toBe("sampler");
    expect(closestName("zzz", ["sampler", "pruner"])).toBeNull();
    expect(didYouMean("zzz", ["a"])).toBe("");
  });
});

describe("scanTemplate", () => {
  it("splits text and placeholders, with $${ as a literal", () => {
    expect(scanTemplate(`a\${x}b$\${y}$z\${u.v-w}`)).toEqual({
      parts: [
        { kind: "text", text: "a" },
        { kind: "ref", name: "x" },
        { kind: "text", text: `b\${y}$z` },
        { kind: "ref", name: "u.v-w" },
      ],
      errors: [],
    });
  });

  it("reports unclosed and malformed placeholders", () => {
    expect(scanTemplate(`\${x`).errors[0]).toContain('has no closing "}"');
    expect(scanTemplate(`\${}`).errors[0]).toContain(`"\${}" is not a placeholder`);
    expect(scanTemplate(`\${a b}`).parts).toEqual([{ kind: "text", text: `\${a b}` }]);
  });
});
