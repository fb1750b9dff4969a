import { beforeAll, describe, expect, it } from "vitest";
import { createStudy, MemoryStorage, setVerbosity, type Trial } from "../../core.js";
import { TPESampler, type TPESamplerOptions } from "./tpe-sampler.js";

beforeAll(() => setVerbosity("silent"));

/** 4 × 4 × 3 = 48 configurations; the best is (3, 3, "c"). */
function discrete(trial: Trial): number {
  const a = trial.suggestInt("a", 0, 3);
  const b = trial.suggestFloat("b", 0, 3, { step: 1 });
  const c = trial.suggestCategorical("c", ["a", "b", "c"]);
  return (a - 3) ** 2 + (b - 3) ** 2 + (c === "c" ? 0 : 1);
}

async function configurations(options: TPESamplerOptions, nTrials: number, objective = discrete) {
  const study = await createStudy({ sampler: new TPESampler({ nStartupTrials: 5, ...options }) });
  await study.optimize(objective, { nTrials });
  return study.trials.map((t) => JSON.stringify(t.params));
}

const repeats = (keys: string[]) => keys.length - new Set(keys).size;

describe("TPESampler avoidDuplicates", () => {
  it("in a discrete space, proposes no configuration twice (multivariate, group, univariate); off, it does", async () => {
    for (const mode of [{}, { group: true }, { multivariate: false }] as TPESamplerOptions[]) {
      let offRepeats = 0;
      for (let seed = 0; seed < 5; seed++) {
        const on = await configurations({ ...mode, seed }, 30);
        // The 5 start-up trials are random and may repeat each other; TPE's 25 never repeat anything.
        const startup = new Set(on.slice(0, 5));
        expect(repeats(on.slice(5))).toBe(0);
        expect(on.slice(5).filter((k) => startup.has(k))).toEqual([]);
        offRepeats += repeats(await configurations({ ...mode, seed, avoidDuplicates: false }, 30));
      }
      // Measured: 30–60 repeats over the five seeds without it; TPE concentrates on the optimum.
      expect(offRepeats).toBeGreaterThan(10);
    }
  });

  it("univariate: the same values as with avoidDuplicates off until that run first repeats a configuration", async () => {
    for (let seed = 0; seed < 5; seed++) {
      const on = await configurations({ multivariate: false, seed }, 40);
      const off = await configurations({ multivariate: false, seed, avoidDuplicates: false }, 40);
      // The first TPE trial (after the 5 random ones, which both runs share) repeating a configuration.
      const firstRepeat = off.findIndex((k, i) => i >= 5 && off.indexOf(k) < i);
      expect(firstRepeat).toBeGreaterThanOrEqual(5);
      expect(on.slice(0, firstRepeat)).toEqual(off.slice(0, firstRepeat));
      expect(on[firstRepeat]).not.toBe(off[firstRepeat]);
    }
  });

  it("leaves a space with a continuous float exactly as it was", async () => {
    const mixed = (trial: Trial) => discrete(trial) + trial.suggestFloat("x", -1, 1) ** 2;
    for (const mode of [{}, { multivariate: false }] as TPESamplerOptions[]) {
      const on = await configurations({ ...mode, seed: 3 }, 40, mixed);
      const off = await configurations({ ...mode, seed: 3, avoidDuplicates: false }, 40, mixed);
      expect(on).toEqual(off);
    }
  });

  it("counts running trials: two trials asked at once never share a configuration", async () => {
    let offShared = 0;
    for (const avoidDuplicates of [true, false]) {
      for (let seed = 0; seed < 10; seed++) {
        const study = await createStudy({
          storage: new MemoryStorage(),
          sampler: new TPESampler({ seed, nStartupTrials: 3, avoidDuplicates }),
        });
        const one = (t: Trial) => t.suggestCategorical("k", ["a", "b", "c", "d", "e", "f"]);
        for (const k of ["a", "b", "c"]) study.enqueueTrial({ k });
        await study.optimize((t) => ["a", "b", "c", "d", "e", "f"].indexOf(one(t) as string), {
          nTrials: 3,
        });
        const first = await study.ask();
        const second = await study.ask();
        const shared = one(first) === one(second);
        if (avoidDuplicates) expect(shared).toBe(false);
        else if (shared) offShared++;
        expect(["a", "b", "c"]).not.toContain(avoidDuplicates ? one(first) : "d");
      }
    }
    // Off, the two often agree: l(x) of three trials puts most mass near "a".
    expect(offShared).toBeGreaterThan(0);
  });
});
