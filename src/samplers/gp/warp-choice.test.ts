import { beforeAll, describe, expect, it } from "vitest";
import { createStudy, setVerbosity, type Trial } from "../../core.js";
import { Rng } from "../../math/rng.js";
import type { Observations } from "./gp-data.js";
import { GPSampler } from "./gp-sampler.js";
import { gpDims } from "./gp-space.js";
import { chooseOutputWarp } from "./warp-choice.js";

beforeAll(() => setVerbosity("silent"));

const DIMS = gpDims({ x: { type: "float", low: 0, high: 1, log: false, step: null } });

/** 1-D observations at n quasi-even points of [0, 1] with `f`'s values as losses. */
function observations(n: number, f: (x: number) => number): { obs: Observations; loss: Float64Array } {
  const rng = new Rng(11);
  const x = Float64Array.from({ length: n }, (_, i) => (i + rng.random()) / n);
  const loss = x.map(f);
  const obs: Observations = {
    x,
    n,
    losses: [loss],
    constraints: new Map(),
    feasible: new Uint8Array(n).fill(1),
    durations: new Float64Array(n).fill(Number.NaN),
    rows: Int32Array.from({ length: n }, (_, i) => i),
  };
  return { obs, loss };
}

const choose = (f: (x: number) => number, n = 30, previous: Record<string, number[]> | null = null) => {
  const { obs, loss } = observations(n, f);
  return chooseOutputWarp({ mode: "auto", obs, dims: DIMS, loss, deterministic: false, previous });
};

describe("chooseOutputWarp", () => {
  it("auto: warps losses spanning orders of magnitude, keeps a smooth minimum at 0 as it is", () => {
    expect(choose((x) => Math.exp(12 * x)).warped).toBe(true);
    expect(choose((x) => (x - 0.4) ** 2).warped).toBe(false);
    expect(choose((x) => Math.sin(6 * x)).warped).toBe(false);
  });

  it("keeps the chosen losses' order, and stores both models' fits and the choice", () => {
    const { obs, loss } = observations(30, (x) => Math.exp(12 * x));
    const choice = chooseOutputWarp({
      mode: "auto",
      obs,
      dims: DIMS,
      loss,
      deterministic: false,
      previous: null,
    });
    for (let i = 1; i < loss.length; i++)
      expect(choice.loss[i] as number).toBeGreaterThan(choice.loss[i - 1] as number);
    expect(Object.keys(choice.thetas).sort()).toEqual(["warp:choice", "warp:identity", "warp:power"]);
    expect(choice.thetas["warp:choice"]).toEqual([1]);
    expect(choice.objectiveStart).toEqual(choice.thetas["warp:power"]);
  });

  it("past 100 observations keeps the last choice between refits; none and power do not choose", () => {
    const f = (x: number) => (x - 0.4) ** 2;
    const kept = choose(f, 101, { "warp:choice": [1], "warp:identity": [0, 0, 0], "warp:power": [0, 0, 0] });
    expect(kept.warped).toBe(true); // 101 observations: not a refit trial, so the stored choice stands
    expect(choose(f, 102, { "warp:choice": [1] }).warped).toBe(false); // a refit trial: chosen again
    const { obs, loss } = observations(30, f);
    const none = chooseOutputWarp({
      mode: "none",
      obs,
      dims: DIMS,
      loss,
      deterministic: false,
      previous: null,
    });
    expect(none.loss).toBe(loss);
    const power = chooseOutputWarp({
      mode: "power",
      obs,
      dims: DIMS,
      loss,
      deterministic: false,
      previous: null,
    });
    expect(power.warped).toBe(true);
  });
});

describe("GPSampler outputWarp", () => {
  it("auto beats the default (none) on a loss spanning orders of magnitude: 5-D Rosenbrock, 30 trials, 5 seeds", async () => {
    const rosenbrock = (t: Trial) => {
      const v = [0, 1, 2, 3, 4].map((i) => t.suggestFloat(`x${i}`, -5, 10));
      let sum = 0;
      for (let i = 0; i < 4; i++)
        sum += 100 * ((v[i + 1] as number) - (v[i] as number) ** 2) ** 2 + (1 - (v[i] as number)) ** 2;
      return sum;
    };
    const median = async (outputWarp?: "auto") => {
      const values: number[] = [];
      for (let seed = 0; seed < 5; seed++) {
        const sampler = new GPSampler(outputWarp === undefined ? { seed } : { seed, outputWarp });
        const study = await createStudy({ sampler });
        await study.optimize(rosenbrock, { nTrials: 30 });
        values.push(study.bestValue);
      }
      return values.sort((a, b) => a - b)[2] as number;
    };
    // Measured: medians 463 (auto) and 2,580 (none).
    expect(await median("auto")).toBeLessThan((await median()) / 3);
  });
});
