import { describe, expect, it } from "vitest";
import { frozenTrial } from "../../../test/helpers.js";
import { Rng } from "../../math/rng.js";
import type { FrozenTrial } from "../../trial/frozen-trial.js";
import { population, tournament } from "./tournament.js";

function complete(number: number, value: number, constraints: Record<string, number> = {}): FrozenTrial {
  return frozenTrial({ number, trialId: number, state: "COMPLETE", values: [value], constraints });
}

describe("population", () => {
  it("is null until `size` trials are COMPLETE", () => {
    const trials = [complete(0, 1), frozenTrial({ number: 1, state: "PRUNED" }), complete(2, 3)];
    expect(population(trials, 3)).toBeNull();
    expect(population(trials, 2)?.map((t) => t.number)).toEqual([0, 2]);
  });

  it("is the most recent P COMPLETE trials, not the best P (aging)", () => {
    // Values fall with age: the oldest trials are the best ones, and they are the ones left out.
    const trials = Array.from({ length: 10 }, (_, i) => complete(i, i));
    trials.splice(
      7,
      0,
      frozenTrial({ number: 99, state: "FAIL" }),
      frozenTrial({ number: 100, state: "RUNNING" }),
    );
    expect(population(trials, 4)?.map((t) => t.number)).toEqual([6, 7, 8, 9]);
  });
});

describe("tournament", () => {
  it("picks the best of its sample: with S = P the population's best, for either direction", () => {
    const members = [complete(0, 5), complete(1, 2), complete(2, 9), complete(3, 4)];
    for (let seed = 0; seed < 20; seed++) {
      expect(tournament(members, 4, "minimize", new Rng(seed)).number).toBe(1);
      expect(tournament(members, 4, "maximize", new Rng(seed)).number).toBe(2);
    }
  });

  it("with S = 1 draws members uniformly; with S = 2 the worst member never wins", () => {
    const members = [complete(0, 5), complete(1, 2), complete(2, 9), complete(3, 4)];
    const rng = new Rng(11);
    const once = [0, 0, 0, 0];
    const twice = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) {
      const a = tournament(members, 1, "minimize", rng).number;
      const b = tournament(members, 2, "minimize", rng).number;
      once[a] = (once[a] as number) + 1;
      twice[b] = (twice[b] as number) + 1;
    }
    for (const c of once) expect(Math.abs(c - 1000)).toBeLessThan(110);
    // Pairs without replacement: the best wins 3 of the 6 pairs, the second 2, the third 1, the worst 0.
    expect(twice[2]).toBe(0);
    expect(Math.abs((twice[1] as number) - 2000)).toBeLessThan(130);
    expect(Math.abs((twice[3] as number) - 1333)).toBeLessThan(120);
    expect(Math.abs((twice[0] as number) - 667)).toBeLessThan(100);
  });

  it("infeasible trials lose to feasible ones and among themselves by summed violation", () => {
    const members = [
      complete(0, 0, { c: 2 }),
      complete(1, 100, { c: 0 }),
      complete(2, -1, { c: 0.5, d: 0.1 }),
    ];
    expect(tournament(members, 3, "minimize", new Rng(1)).number).toBe(1);
    const infeasible = [
      members[0] as FrozenTrial,
      members[2] as FrozenTrial,
      complete(3, -5, { c: Number.NaN }),
    ];
    expect(tournament(infeasible, 3, "minimize", new Rng(1)).number).toBe(2);
  });
});
