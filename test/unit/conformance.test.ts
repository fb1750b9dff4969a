import { describe, expect, it } from "vitest";
import * as api from "../../src/index.js";
import { describePruner } from "../conformance/describe-pruner.js";
import { describeSampler } from "../conformance/describe-sampler.js";
import { describeStorage } from "../conformance/describe-storage.js";
import { PRUNERS, SAMPLERS, STORAGES } from "../conformance/implementations.js";

for (const [name, factory] of Object.entries(SAMPLERS)) describeSampler(name, factory);
for (const [name, factory] of Object.entries(PRUNERS)) describePruner(name, factory);
for (const [name, factory] of Object.entries(STORAGES)) describeStorage(name, factory);

describe("every exported plug-in is in its conformance suite", () => {
  const exported = (suffix: string) =>
    Object.entries(api)
      .filter(
        ([key, value]) =>
          key.endsWith(suffix) &&
          key !== suffix &&
          typeof value === "function" &&
          /^class\s/.test(String(value)),
      )
      .map(([key]) => key)
      .sort();

  it("samplers", () => {
    expect(exported("Sampler")).toEqual(Object.keys(SAMPLERS).sort());
  });

  it("pruners", () => {
    expect(exported("Pruner")).toEqual(Object.keys(PRUNERS).sort());
  });

  it("storages", () => {
    expect(exported("Storage")).toEqual(Object.keys(STORAGES).sort());
  });
});
