import { InvalidArgumentError } from "../../errors.js";
import { type Rng, randomSeed } from "../../math/rng.js";
import { checkOptionKeys, type KnownKeys } from "../../options/option-keys.js";
import type { Distribution } from "../../search-space/distribution.js";
import type { PluginConfig } from "../../storage/storage.js";
import { registerSampler, type Sampler, type SamplerContext } from "../sampler.js";

/** Options of {@link RandomSampler}. */
export interface RandomSamplerOptions {
  /** Seed of every trial's stream; a random one when omitted (recorded in `toJSON()`). */
  readonly seed?: number;
}

/** The keys of {@link RandomSamplerOptions}, checked at runtime (JavaScript callers have no types). */
export const RANDOM_SAMPLER_KEYS = { seed: true } satisfies KnownKeys<RandomSamplerOptions>;

/**
 * Draws one internal value from `dist` with `rng`: uniform, log-uniform, uniform over a step grid, or a
 * uniform choice index. Shared by samplers that fall back to random sampling (startup trials).
 * @example
 * sampleUniform({ type: "float", low: 1e-5, high: 1, log: true, step: null }, rng);
 */
export function sampleUniform(dist: Distribution, rng: Rng): number {
  if (dist.type === "categorical") return rng.integer(0, dist.choices.length - 1);
  if (dist.type === "int") {
    if (dist.log) {
      // Log-uniform over [low − ½, high + ½] then rounded, so each integer keeps its share of log space.
      const v = Math.round(Math.exp(rng.uniform(Math.log(dist.low - 0.5), Math.log(dist.high + 0.5))));
      return Math.min(dist.high, Math.max(dist.low, v));
    }
    return dist.low + dist.step * rng.integer(0, Math.round((dist.high - dist.low) / dist.step));
  }
  if (dist.step !== null) {
    const k = rng.integer(0, Math.round((dist.high - dist.low) / dist.step));
    return Math.min(dist.high, dist.low + k * dist.step);
  }
  if (dist.log) {
    const v = Math.exp(rng.uniform(Math.log(dist.low), Math.log(dist.high)));
    return Math.min(dist.high, Math.max(dist.low, v));
  }
  return rng.uniform(dist.low, dist.high);
}

/**
 * Samples every parameter independently and uniformly (log-uniformly for `log`, uniformly over the grid
 * for `step`). A baseline, and what users want for wide exploration or many parallel workers.
 * @example
 * const study = await createStudy({ sampler: new RandomSampler({ seed: 42 }) });
 */
export class RandomSampler implements Sampler {
  readonly name = "random";
  readonly seed: number;
  readonly capabilities = { multiObjective: true, constraints: false } as const;

  constructor(options: RandomSamplerOptions = {}) {
    checkOptionKeys("RandomSampler", options, RANDOM_SAMPLER_KEYS);
    if (options.seed !== undefined && !Number.isInteger(options.seed)) {
      throw new InvalidArgumentError(`RandomSampler: seed must be an integer, but got ${options.seed}.`, {
        name: "seed",
        value: options.seed,
      });
    }
    this.seed = options.seed ?? randomSeed();
  }

  /** Random search samples nothing jointly. */
  inferRelativeSearchSpace(): Record<string, Distribution> {
    return {};
  }

  /** Random search samples nothing jointly. */
  sampleRelative(): Record<string, number> {
    return {};
  }

  /** A uniform draw from the parameter's distribution. */
  sampleIndependent(ctx: SamplerContext & { readonly distribution: Distribution }): number {
    return sampleUniform(ctx.distribution, ctx.rng);
  }

  /** `{ name: "random", options: { seed } }`. */
  toJSON(): PluginConfig {
    return { name: this.name, options: { seed: this.seed } };
  }
}

registerSampler("random", (options) => new RandomSampler({ seed: options.seed as number | undefined }));
