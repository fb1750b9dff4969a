import { describe, expect, it } from "vitest";
import { mannWhitneyU } from "../../../bench/runner/mann-whitney.js";
import { silenceLogs, thrown } from "../../../test/helpers.js";
import { InvalidArgumentError, MultiObjectiveError } from "../../errors.js";
import type { ParamValue } from "../../search-space/distribution.js";
import { createStudy } from "../../study/create-study.js";
import type { Trial } from "../../trial/trial.js";
import { RandomSampler } from "../random/random-sampler.js";
import { samplerRegistry } from "../sampler.js";
import { RegularizedEvolutionSampler } from "./evolution-sampler.js";

silenceLogs();

const TARGET = [2, 0, 3, 1, 1, 2, 0, 3];

/** A discrete problem: 8 four-way choices and 2 integers, each off its target adding to the loss. */
function discrete(trial: Trial): number {
  let loss = 0;
  TARGET.forEach((target, i) => {
    if (trial.suggestCategorical(`c${i}`, [0, 1, 2, 3]) !== target) loss += 1;
  });
  loss += Math.abs(trial.suggestInt("a", 0, 15) - 11) / 4;
  loss += Math.abs(trial.suggestInt("b", 1, 64, { log: true }) - 5) / 16;
  return loss;
}

async function run(
  sampler: RandomSampler | RegularizedEvolutionSampler,
  nTrials: number,
  objective = discrete,
) {
  const study = await createStudy({ sampler });
  await study.optimize(objective, { nTrials });
  return study;
}

function differing(
  a: Readonly<Record<string, ParamValue>>,
  b: Readonly<Record<string, ParamValue>>,
): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !Object.is(a[k], b[k]));
}

describe("RegularizedEvolutionSampler", () => {
  it("samples at random until P trials are COMPLETE: the same values as RandomSampler with its seed", async () => {
    const evolved = await run(new RegularizedEvolutionSampler({ seed: 4, populationSize: 10 }), 12);
    const random = await run(new RandomSampler({ seed: 4 }), 12);
    const params = (s: typeof evolved) => s.trials.map((t) => t.params);
    expect(params(evolved).slice(0, 10)).toEqual(params(random).slice(0, 10));
    expect(params(evolved).slice(10)).not.toEqual(params(random).slice(10));
  });

  it("each later trial is a member of the P most recent COMPLETE trials with exactly one parameter changed", async () => {
    const P = 10;
    const study = await run(
      new RegularizedEvolutionSampler({ seed: 1, populationSize: P, sampleSize: 3 }),
      60,
    );
    const trials = study.trials;
    for (let n = P; n < trials.length; n++) {
      const members = trials.slice(n - P, n);
      const parents = members.filter(
        (m) => differing(m.params, (trials[n] as (typeof trials)[number]).params).length === 1,
      );
      expect(parents.length, `trial ${n}`).toBeGreaterThan(0);
    }
  });

  it("improves over random search on a discrete problem (one-sided Mann–Whitney over 15 seeds, p < 0.01)", async () => {
    // Both samplers are seeded, so the p-value is a fixed number; the threshold states the claim.
    const evolved: number[] = [];
    const random: number[] = [];
    for (let seed = 0; seed < 15; seed++) {
      evolved.push((await run(new RegularizedEvolutionSampler({ seed }), 100)).bestValue);
      random.push((await run(new RandomSampler({ seed }), 100)).bestValue);
    }
    expect(mannWhitneyU(evolved, random, { alternative: "less" }).pValue).toBeLessThan(0.01);
  });

  it("conditional spaces: keeps the winner's branch parameters, draws the ones it lacks at random", async () => {
    // Continuous branch parameters, so a value drawn at random never equals a member's by chance.
    const conditional = (trial: Trial): number => {
      if (trial.suggestCategorical("model", ["linear", "tree"]) === "linear")
        return (trial.suggestFloat("C", 0, 10) - 3) ** 2 + trial.suggestFloat("l1", 0, 1);
      return 5 + (trial.suggestFloat("depth", 0, 16) - 8) ** 2 + trial.suggestFloat("leaves", 0, 1);
    };
    const P = 8;
    const study = await run(
      new RegularizedEvolutionSampler({ seed: 2, populationSize: P, sampleSize: 2 }),
      80,
      conditional,
    );
    const trials = study.trials;
    let mutatedInBranch = 0;
    let switched = 0;
    for (let n = P; n < trials.length; n++) {
      const child = (trials[n] as (typeof trials)[number]).params;
      const members = trials.slice(n - P, n);
      // A mutated branch parameter: one value differs from a member of the same branch. A mutated model:
      // the member's two branch parameters are gone and the other branch's two are new (5 keys differ).
      if (members.some((m) => differing(m.params, child).length === 1)) mutatedInBranch++;
      else if (members.some((m) => m.params.model !== child.model && differing(m.params, child).length === 5))
        switched++;
      else expect.fail(`trial ${n} ${JSON.stringify(child)} is no child of the population`);
    }
    expect(mutatedInBranch).toBeGreaterThan(0);
    expect(switched).toBeGreaterThan(0);
  });

  it("refuses a study with several objectives with a MultiObjectiveError", async () => {
    const study = await createStudy({
      sampler: new RegularizedEvolutionSampler({ seed: 1 }),
      directions: ["minimize", "minimize"],
    });
    const error = await study.ask().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MultiObjectiveError);
    expect((error as Error).message).toMatch(/supports one objective, but the study has 2/);
  });

  it("toJSON() records every option and rebuilds the same sampler through the registry", () => {
    const sampler = new RegularizedEvolutionSampler({
      seed: 3,
      populationSize: 30,
      sampleSize: 6,
      mutationScale: 0.2,
    });
    const config = sampler.toJSON();
    expect(config).toEqual({
      name: "evolution",
      options: { populationSize: 30, sampleSize: 6, mutationScale: 0.2, seed: 3 },
    });
    expect(samplerRegistry.create(config).toJSON()).toEqual(config);
    expect(new RegularizedEvolutionSampler({ seed: 3 }).toJSON().options).toEqual({
      populationSize: 20,
      sampleSize: 5,
      mutationScale: 0.1,
      seed: 3,
    });
  });

  it("rejects unknown and invalid options with an InvalidArgumentError naming the option", () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ populationSise: 10 }, "populationSise"],
      [{ populationSize: 0 }, "populationSize"],
      [{ populationSize: 2.5 }, "populationSize"],
      [{ sampleSize: 21 }, "sampleSize"],
      [{ populationSize: 4, sampleSize: 0 }, "sampleSize"],
      [{ mutationScale: 0 }, "mutationScale"],
      [{ mutationScale: Number.POSITIVE_INFINITY }, "mutationScale"],
      [{ seed: 1.5 }, "seed"],
    ];
    for (const [options, name] of bad) {
      const error = thrown(() => new RegularizedEvolutionSampler(options)) as InvalidArgumentError;
      expect(error, JSON.stringify(options)).toBeInstanceOf(InvalidArgumentError);
      expect(error.paramName).toBe(name);
      expect(error.message).toContain(name);
    }
    // A population smaller than the default sample size takes the whole population as the sample.
    expect(new RegularizedEvolutionSampler({ seed: 0, populationSize: 3 }).sampleSize).toBe(3);
  });
});
