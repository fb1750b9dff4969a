import { describe, expect, it } from "vitest";
import { createStudy } from "../../study/create-study.js";
import { RandomSampler } from "../random/random-sampler.js";
import { ConditionalGroups } from "./conditional-groups.js";

const unit = { type: "float", low: 0, high: 1, log: false, step: null } as const;
const branch = { type: "categorical", choices: ["a", "b"] } as const;

async function study() {
  return createStudy({ sampler: new RandomSampler({ seed: 1 }) });
}

describe("ConditionalGroups", () => {
  it("partitions the COMPLETE trials' parameters outside the excluded ones by co-occurrence", async () => {
    const s = await study();
    await s.addTrial({
      params: { m: "a", p: 0.1, q: 0.2 },
      distributions: { m: branch, p: unit, q: unit },
      values: 1,
    });
    await s.addTrial({ params: { m: "b", r: 0.3 }, distributions: { m: branch, r: unit }, values: 2 });
    await s.addTrial({
      params: { m: "a", p: 0.4, q: 0.5 },
      distributions: { m: branch, p: unit, q: unit },
      values: 3,
    });
    const groups = new ConditionalGroups();
    expect(groups.spaces(s.fullView(), { m: branch })).toEqual([{ p: unit, q: unit }, { r: unit }]);
    // Without the exclusion the intersection is a group too.
    expect(new ConditionalGroups().spaces(s.fullView(), {})).toEqual([
      { m: branch },
      { p: unit, q: unit },
      { r: unit },
    ]);
  });

  it("ignores trials that are not COMPLETE, and takes in new ones incrementally", async () => {
    const s = await study();
    const groups = new ConditionalGroups();
    await s.addTrial({ params: { m: "a", p: 0.1 }, distributions: { m: branch, p: unit }, values: 1 });
    await s.addTrial({
      params: { m: "a", p: 0.2, q: 0.3 },
      distributions: { m: branch, p: unit, q: unit },
      state: "FAIL",
    });
    expect(groups.spaces(s.fullView(), { m: branch })).toEqual([{ p: unit }]);
    await s.addTrial({
      params: { m: "a", p: 0.2, q: 0.3 },
      distributions: { m: branch, p: unit, q: unit },
      values: 2,
    });
    const fresh = new ConditionalGroups().spaces(s.fullView(), { m: branch });
    expect(groups.spaces(s.fullView(), { m: branch })).toEqual(fresh);
    expect(fresh).toEqual([{ p: unit }, { q: unit }]);
  });
});
