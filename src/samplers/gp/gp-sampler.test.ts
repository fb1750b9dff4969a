import { beforeAll, describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../../errors.js";
import { setVerbosity } from "../../logging/logger.js";
import { MemoryStorage } from "../../storage/memory/memory-storage.js";
import { createStudy } from "../../study/create-study.js";
import type { Trial } from "../../trial/trial.js";
import { RandomSampler } from "../random/random-sampler.js";
import { samplerRegistry } from "../sampler.js";
import { GP_STATE_KEY } from "./fit-cache.js";
import { GPSampler } from "./gp-sampler.js";

beforeAll(() => setVerbosity("silent"));

const sphere = (t: Trial) => (t.suggestFloat("x", -5, 5) - 1) ** 2 + (t.suggestFloat("y", -5, 5) + 2) ** 2;

async function bestOf(sampler: GPSampler | RandomSampler, nTrials: number, objective = sphere) {
  const study = await createStudy({ sampler });
  await study.optimize(objective, { nTrials });
  return { study, best: Math.min(...study.trials.map((t) => t.values?.[0] as number)) };
}

describe("GPSampler", () => {
  it("finds the minimum of a 2-D quadratic within 20 trials (random search does not)", async () => {
    const gp = await bestOf(new GPSampler({ seed: 1 }), 20);
    const random = await bestOf(new RandomSampler({ seed: 1 }), 20);
    expect(gp.best).toBeLessThan(1e-3);
    expect(gp.best).toBeLessThan(random.best);
  });

  it("every acquisition function makes progress; deterministicObjective too", async () => {
    for (const acquisition of ["logei", "ei", "pi", "ucb", "ts"] as const) {
      const { best } = await bestOf(new GPSampler({ seed: 2, acquisition, nCandidates: 256 }), 20);
      // Random search reaches about 1.6 here in 20 trials.
      expect(best, acquisition).toBeLessThan(0.5);
    }
    const { best } = await bestOf(new GPSampler({ seed: 2, deterministicObjective: true }), 20);
    expect(best).toBeLessThan(1e-3);
  });

  it("handles ints, steps, log scales and categoricals, returning values on their grids", async () => {
    const { study, best } = await bestOf(new GPSampler({ seed: 3 }), 30, (t) => {
      const n = t.suggestInt("n", 1, 20);
      const lr = t.suggestFloat("lr", 1e-5, 1, { log: true });
      const s = t.suggestFloat("s", 0, 1, { step: 0.25 });
      const c = t.suggestCategorical("c", ["a", "b", "c"] as const);
      return (n - 7) ** 2 / 10 + (Math.log10(lr) + 3) ** 2 + (s - 0.5) ** 2 + (c === "b" ? 0 : 1);
    });
    expect(best).toBeLessThan(0.3);
    const last = study.trials.slice(-10);
    expect(last.filter((t) => t.params.c === "b").length).toBeGreaterThan(5);
    for (const t of study.trials) expect([0, 0.25, 0.5, 0.75, 1]).toContain(t.params.s);
  });

  it("with a constraint, later trials are mostly feasible and the best feasible is near the constrained optimum", async () => {
    const study = await createStudy({ sampler: new GPSampler({ seed: 4 }) });
    await study.optimize(
      (t) => {
        const x = t.suggestFloat("x", -5, 5);
        const y = t.suggestFloat("y", -5, 5);
        t.setConstraint("c", 1 - x); // feasible when x ≥ 1
        return x * x + y * y;
      },
      { nTrials: 30 },
    );
    const late = study.trials.slice(-10);
    expect(late.filter((t) => (t.params.x as number) >= 1).length).toBeGreaterThanOrEqual(7);
    const feasible = study.trials
      .filter((t) => (t.params.x as number) >= 1)
      .map((t) => t.values?.[0] as number);
    expect(Math.min(...feasible)).toBeLessThan(1.1);
  });

  it("several objectives (ParEGO) spread along the Pareto front", async () => {
    const study = await createStudy({
      sampler: new GPSampler({ seed: 5 }),
      directions: ["minimize", "minimize"],
    });
    await study.optimize(
      (t) => {
        const x = t.suggestFloat("x", 0, 1);
        const y = t.suggestFloat("y", 0, 1);
        return [x, (1 + 9 * y) * (1 - Math.sqrt(x / (1 + 9 * y)))];
      },
      { nTrials: 30 },
    );
    expect(study.bestTrials.length).toBeGreaterThan(3);
    const lateY = study.trials.slice(-10).map((t) => t.params.y as number);
    expect(lateY.filter((y) => y < 0.2).length).toBeGreaterThan(5);
  });

  it("running trials (constant liar) make concurrent proposals differ", async () => {
    const study = await createStudy({ sampler: new GPSampler({ seed: 6 }) });
    await study.optimize(sphere, { nTrials: 12 });
    // Three trials asked before any is told, as by three workers.
    const xs: number[] = [];
    for (let i = 0; i < 3; i++) xs.push((await study.ask()).suggestFloat("x", -5, 5));
    expect(new Set(xs).size).toBe(3);
    const spread = Math.max(...xs) - Math.min(...xs);
    expect(spread).toBeGreaterThan(1e-3);
  });

  it("warns once about a parameter whose distribution changed, not about conditional ones", async () => {
    const messages: string[] = [];
    const { setLogSink } = await import("../../logging/logger.js");
    setVerbosity("warning");
    setLogSink((_level, message) => messages.push(message));
    try {
      const study = await createStudy({ sampler: new GPSampler({ seed: 7, nStartupTrials: 4 }) });
      await study.optimize(
        (t) => {
          const branch = t.suggestCategorical("m", ["a", "b"] as const);
          const r = t.suggestFloat("r", 0, t.number < 8 ? 1 : 2); // its range changes at trial 8
          return r + (branch === "a" ? t.suggestFloat("p", 0, 1) : 1 + t.suggestFloat("q", 0, 1));
        },
        { nTrials: 16 },
      );
    } finally {
      setLogSink(undefined);
      setVerbosity("silent");
    }
    expect(messages.filter((m) => m.includes('"r"')).length).toBe(1);
    expect(messages.filter((m) => m.includes('"p"') || m.includes('"q"'))).toEqual([]);
  });

  it("warm start: trials added with addTrial count as observations, so the GP starts at once", async () => {
    const study = await createStudy({ sampler: new GPSampler({ seed: 10 }) });
    const x = { type: "float", low: -5, high: 5, log: false, step: null } as const;
    for (let i = 0; i < 10; i++) {
      const [a, b] = [-4.5 + i, 4.5 - ((i * 7) % 10)];
      await study.addTrial({
        params: { x: a, y: b },
        distributions: { x, y: x },
        values: (a - 1) ** 2 + (b + 2) ** 2,
      });
    }
    await study.optimize(sphere, { nTrials: 5 });
    const best = Math.min(...study.trials.slice(10).map((t) => t.values?.[0] as number));
    expect(best).toBeLessThan(0.5);
  });

  it("edge cases: a constant objective, repeated points, a space of choices only", async () => {
    const flat = await createStudy({ sampler: new GPSampler({ seed: 11, nStartupTrials: 3 }) });
    await flat.optimize((t) => 0 * t.suggestFloat("x", 0, 1), { nTrials: 8 });
    expect(flat.trials.every((t) => t.state === "COMPLETE")).toBe(true);

    const repeated = await createStudy({
      sampler: new GPSampler({ seed: 12, nStartupTrials: 2, deterministicObjective: true }),
    });
    for (let i = 0; i < 4; i++) await repeated.enqueueTrial({ x: 0.5 });
    await repeated.optimize((t) => (t.suggestFloat("x", 0, 1) - 0.2) ** 2, { nTrials: 8 });
    const xs = repeated.trials.slice(4).map((t) => t.params.x as number);
    expect(xs.every((x) => x >= 0 && x <= 1)).toBe(true);
    expect(Math.min(...xs.map((x) => Math.abs(x - 0.2)))).toBeLessThan(0.1);

    const choices = await createStudy({ sampler: new GPSampler({ seed: 13, nStartupTrials: 4 }) });
    await choices.optimize(
      (t) => {
        const a = t.suggestCategorical("a", ["p", "q", "r"] as const);
        const b = t.suggestCategorical("b", [1, 2, 3, 4] as const);
        return (a === "q" ? 0 : 1) + (b === 3 ? 0 : 0.5);
      },
      { nTrials: 14 },
    );
    expect(choices.trials.slice(4).some((t) => t.params.a === "q" && t.params.b === 3)).toBe(true);
  });

  it("costAware: with two equally good basins, it spends less time (storage-clock durations)", async () => {
    // Minima at x = 0.2 and x = 0.8; a trial at x costs e^(5x) seconds on the storage clock.
    const spent = async (costAware: boolean) => {
      let now = 0;
      const storage = new MemoryStorage({ clock: () => now });
      const study = await createStudy({ storage, sampler: new GPSampler({ seed: 14, costAware }) });
      await study.optimize(
        (t) => {
          const x = t.suggestFloat("x", 0, 1);
          const y = t.suggestFloat("y", 0, 1);
          now += 1000 * Math.exp(5 * x);
          return Math.min((x - 0.2) ** 2, (x - 0.8) ** 2) + 0.1 * (y - 0.5) ** 2;
        },
        { nTrials: 25 },
      );
      return study.trials.slice(10).reduce((s, t) => s + ((t.completedAt ?? 0) - (t.startedAt ?? 0)), 0);
    };
    expect(await spent(true)).toBeLessThan(0.85 * (await spent(false)));
  });

  it("keeps its fit in the study state record", async () => {
    const storage = new MemoryStorage();
    const study = await createStudy({ storage, sampler: new GPSampler({ seed: 8, nStartupTrials: 3 }) });
    await study.optimize(sphere, { nTrials: 5 });
    const record = await storage.getState(study.studyId, GP_STATE_KEY);
    expect(record?.value).toMatchObject({ version: 1, names: ["x", "y"] });
  });

  it("rejects bad options with the rule and the value", () => {
    expect(() => new GPSampler({ acquisition: "qei" as never })).toThrow(InvalidArgumentError);
    expect(() => new GPSampler({ nStartupTrials: -1 })).toThrow(
      /nStartupTrials must be an integer ≥ 0, but got -1/,
    );
    expect(() => new GPSampler({ beta: Number.NaN })).toThrow(/beta/);
    expect(() => new GPSampler({ seed: 1.5 })).toThrow(/seed/);
    expect(() => new GPSampler({ acquisition: "ucb", costAware: true })).toThrow(
      /costAware needs acquisition/,
    );
    expect(() => new GPSampler({ outputWarp: "log" as never })).toThrow(
      /outputWarp must be one of auto, power, none/,
    );
  });

  it("avoidDuplicates: in a space without continuous parameters no configuration runs twice; off, many do", async () => {
    // 4 × 4 × 3 = 48 configurations; 30 trials concentrate near the best one.
    const discrete = (t: Trial) => {
      const a = t.suggestInt("a", 0, 3);
      const b = t.suggestFloat("b", 0, 3, { step: 1 });
      const c = t.suggestCategorical("c", ["a", "b", "c"]);
      return (a - 3) ** 2 + (b - 3) ** 2 + (c === "c" ? 0 : 1);
    };
    const repeats = async (avoidDuplicates: boolean) => {
      let total = 0;
      for (let seed = 0; seed < 5; seed++) {
        const study = await createStudy({ sampler: new GPSampler({ seed, avoidDuplicates }) });
        await study.optimize(discrete, { nTrials: 30 });
        const keys = study.trials.map((t) => JSON.stringify(t.params));
        // The 10 start-up trials (quasi-random) may repeat each other; the GP's 20 repeat nothing.
        total += keys.filter((k, i) => i >= 10 && keys.indexOf(k) < i).length;
      }
      return total;
    };
    expect(await repeats(true)).toBe(0);
    // Measured: 16–18 repeats per run without it.
    expect(await repeats(false)).toBeGreaterThan(40);
  });

  it("toJSON lists every option and rebuilds through the registry", () => {
    const sampler = new GPSampler({ seed: 9, acquisition: "ucb", beta: 3 });
    expect(sampler.toJSON()).toEqual({
      name: "gp",
      options: {
        seed: 9,
        nStartupTrials: 10,
        acquisition: "ucb",
        beta: 3,
        deterministicObjective: false,
        constantLiar: true,
        nCandidates: 512,
        nLocalSearch: 5,
        warnIndependentSampling: true,
        costAware: false,
        outputWarp: "auto",
        avoidDuplicates: true,
      },
    });
    expect(samplerRegistry.create(sampler.toJSON()).toJSON()).toEqual(sampler.toJSON());
  });
});
