import { InvalidArgumentError, MultiObjectiveError } from "../../errors.js";
import { Rng, randomSeed } from "../../math/rng.js";
import { checkOptionKeys, type KnownKeys, knownOptions } from "../../options/option-keys.js";
import {
  type Distribution,
  type ParamValue,
  type SearchSpace,
  toInternal,
} from "../../search-space/distribution.js";
import type { PluginConfig } from "../../storage/storage.js";
import type { StudyView } from "../../study/study-view.js";
import type { FrozenTrial, JsonValue } from "../../trial/frozen-trial.js";
import { sampleUniform } from "../random/random-sampler.js";
import { registerSampler, type Sampler, type SamplerContext } from "../sampler.js";
import { mutateOne } from "./mutation.js";
import { population, tournament } from "./tournament.js";

/** Options of {@link RegularizedEvolutionSampler}. */
export interface RegularizedEvolutionSamplerOptions {
  /** P: how many of the most recent COMPLETE trials form the population. Default 20. */
  readonly populationSize?: number;
  /** S: how many population members each tournament draws (1 ≤ S ≤ P). Default 5. */
  readonly sampleSize?: number;
  /** Standard deviation of a numeric mutation on the parameter's (log) unit interval. Default 0.1. */
  readonly mutationScale?: number;
  /** Seed of every trial's stream; a random one when omitted (recorded in `toJSON()`). */
  readonly seed?: number;
}

/** The keys of {@link RegularizedEvolutionSamplerOptions}, checked at runtime. */
export const EVOLUTION_SAMPLER_KEYS = {
  populationSize: true,
  sampleSize: true,
  mutationScale: true,
  seed: true,
} satisfies KnownKeys<RegularizedEvolutionSamplerOptions>;

/**
 * Aging ("regularized") evolution, Real, Aggarwal, Huang & Le (AAAI 2019), for discrete, categorical and
 * architecture-like spaces with one objective.
 *
 * - The population is the P most recent COMPLETE trials of the study (by trial number). Until P trials
 *   have completed, parameters are drawn at random: the paper's random initial population.
 * - Each trial draws S members uniformly, takes the best (infeasible trials lose to feasible ones, then
 *   compare by summed violation) and copies its parameters with exactly one changed: a categorical takes
 *   another choice uniformly; an int or float takes a Gaussian step of `mutationScale` on its (log) unit
 *   interval, clipped, rounded to its grid (see `mutateValue`).
 * - Conditional spaces: the child carries the winner's parameters; one it lacks (another branch) is
 *   drawn at random, as is one whose distribution changed since.
 * - The study's trials are the whole state: every worker sees the same population in the shared storage
 *   and a restarted process rebuilds it, so no state record is needed. Parallel workers are the paper's
 *   asynchronous setting: each breeds from the population its snapshot shows.
 * - Defaults: the paper's main runs used P = 100, S = 25 over 20,000 models; HPO budgets are 100–1,000
 *   trials, so P = 20 keeps the population turning over 5–50 times, and S = 5 keeps S/P = 1/4. The paper
 *   mutates architectures by discrete operations; `mutationScale` = 0.1 (a tenth of the range) is our
 *   choice, set before any benchmark run.
 * @example
 * const study = await createStudy({ sampler: new RegularizedEvolutionSampler({ seed: 42 }) });
 */
export class RegularizedEvolutionSampler implements Sampler {
  readonly name = "evolution";
  readonly seed: number;
  readonly capabilities = { multiObjective: false, constraints: true } as const;
  readonly populationSize: number;
  readonly sampleSize: number;
  readonly mutationScale: number;

  constructor(options: RegularizedEvolutionSamplerOptions = {}) {
    checkOptionKeys("RegularizedEvolutionSampler", options, EVOLUTION_SAMPLER_KEYS);
    this.seed = options.seed ?? randomSeed();
    this.populationSize = options.populationSize ?? 20;
    this.sampleSize = options.sampleSize ?? Math.min(5, this.populationSize);
    this.mutationScale = options.mutationScale ?? 0.1;
    if (!Number.isInteger(this.seed)) fail("seed", this.seed, "must be an integer");
    if (!(Number.isInteger(this.populationSize) && this.populationSize >= 1))
      fail("populationSize", this.populationSize, "must be an integer ≥ 1, such as 20");
    if (
      !(Number.isInteger(this.sampleSize) && this.sampleSize >= 1 && this.sampleSize <= this.populationSize)
    )
      fail(
        "sampleSize",
        this.sampleSize,
        `must be an integer in [1, populationSize = ${this.populationSize}]`,
      );
    if (!(Number.isFinite(this.mutationScale) && this.mutationScale > 0))
      fail("mutationScale", this.mutationScale, "must be a finite number > 0, such as 0.1");
  }

  /** The winner's parameter space once the population is full; empty (all random) before. */
  inferRelativeSearchSpace(ctx: SamplerContext): SearchSpace {
    return this.winner(ctx.study, ctx.trial)?.distributions ?? {};
  }

  /** The winner's parameters with one mutated. */
  sampleRelative(ctx: SamplerContext & { readonly searchSpace: SearchSpace }): Record<string, number> {
    const winner = this.winner(ctx.study, ctx.trial);
    if (winner === null) return {};
    const rng = Rng.derive(this.seed, ctx.trial.number, "evolution-mutation");
    const params: Record<string, number> = {};
    for (const [name, dist] of Object.entries(ctx.searchSpace)) {
      params[name] = toInternal(dist, winner.params[name] as ParamValue);
    }
    return mutateOne(params, ctx.searchSpace, rng, this.mutationScale);
  }

  /** A uniform draw: the initial population, and parameters the winner lacks. */
  sampleIndependent(ctx: SamplerContext & { readonly distribution: Distribution }): number {
    return sampleUniform(ctx.distribution, ctx.rng);
  }

  /** `{ name: "evolution", options: { populationSize, sampleSize, mutationScale, seed } }`. */
  toJSON(): PluginConfig {
    return {
      name: this.name,
      options: {
        populationSize: this.populationSize,
        sampleSize: this.sampleSize,
        mutationScale: this.mutationScale,
        seed: this.seed,
      },
    };
  }

  /** The tournament winner for `trial`, or null while the population is not full. */
  private winner(study: StudyView, trial: FrozenTrial): FrozenTrial | null {
    if (study.directions.length > 1) {
      throw new MultiObjectiveError(
        `RegularizedEvolutionSampler supports one objective, but the study has ${study.directions.length} (${study.directions.join(", ")}). Use TPESampler or RandomSampler for several objectives.`,
      );
    }
    const members = population(study.trials, this.populationSize);
    if (members === null) return null;
    const rng = Rng.derive(this.seed, trial.number, "evolution-tournament");
    return tournament(members, this.sampleSize, study.directions[0] ?? "minimize", rng);
  }
}

function fail(name: string, value: unknown, rule: string): never {
  throw new InvalidArgumentError(`RegularizedEvolutionSampler: ${name} ${rule}, but got ${String(value)}.`, {
    name,
    value: (value ?? null) as JsonValue,
  });
}

registerSampler(
  "evolution",
  (options) =>
    new RegularizedEvolutionSampler(knownOptions('sampler "evolution"', options, EVOLUTION_SAMPLER_KEYS)),
);
