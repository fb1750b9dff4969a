import type { Rng } from "../math/rng.js";
import { PluginRegistry } from "../plugins/registry.js";
import type { Distribution, SearchSpace } from "../search-space/distribution.js";
import type { PluginConfig } from "../storage/storage.js";
import type { StudyView } from "../study/study-view.js";
import type { FrozenTrial } from "../trial/frozen-trial.js";

/** What a sampler can handle. The study checks these flags; it never tests concrete classes. */
export interface SamplerCapabilities {
  /** Handles studies with several objectives. */
  readonly multiObjective: boolean;
  /** Uses constraint values (feasible trials preferred). */
  readonly constraints: boolean;
}

/** What every sampler hook receives. */
export interface SamplerContext {
  /** The study as the sampler may see it (a pruner such as Hyperband may restrict it to a bracket). */
  readonly study: StudyView;
  /** The trial being sampled for, as last written (RUNNING, with any fixed params of an enqueued trial). */
  readonly trial: FrozenTrial;
  /**
   * A generator derived from (seed, trial number, and the parameter name for independent sampling), so a
   * parameter's value does not depend on which other parameters were suggested before it, and a
   * resumed or distributed run reproduces it.
   */
  readonly rng: Rng;
}

/** What `sampleIndependent` is asked for, beside the {@link SamplerContext}. */
export interface IndependentSample {
  readonly name: string;
  readonly distribution: Distribution;
  /**
   * The parameters this trial has taken so far (internal values) and their distributions, without
   * those with a single possible value (computed when called); absent when the caller does not know
   * them (a direct call).
   */
  readonly taken?: () => {
    readonly params: Readonly<Record<string, number>>;
    readonly distributions: Readonly<Record<string, Distribution>>;
  };
}

/**
 * The sampler contract, checked for every sampler by `describeSampler`.
 *
 * Sampling is split as in Optuna: once per trial, inside `await study.ask()`, the sampler may infer a
 * *relative* search space from the history and sample all of it jointly (`sampleRelative`, may be async);
 * every parameter the objective then suggests that was not sampled relatively is sampled
 * *independently* (`sampleIndependent`, synchronous, because `suggest*` is).
 *
 * Values are internal: a float or int as itself, a categorical as the index of its choice. A returned
 * value must lie in the distribution (on its step grid, inside its bounds); the study rejects others.
 * Hooks read only the snapshot in their context and must not query storage per suggest; shared state
 * goes through `ctx.study.state` (compare-and-set), which may be written by other workers concurrently.
 * A sampler must be deterministic given its seed and the snapshot, so the same seed reproduces a run.
 */
export interface Sampler {
  /** Registry name; `toJSON().name`. */
  readonly name: string;
  /** The seed every per-trial generator is derived from. */
  readonly seed: number;
  readonly capabilities: SamplerCapabilities;
  /** The parameters to sample jointly for this trial (empty for purely independent samplers). */
  inferRelativeSearchSpace(ctx: SamplerContext): SearchSpace;
  /** Joint values for `searchSpace` (internal form); names missing from the result are sampled independently. */
  sampleRelative(
    ctx: SamplerContext & { readonly searchSpace: SearchSpace },
  ): Readonly<Record<string, number>> | Promise<Readonly<Record<string, number>>>;
  /** One parameter's value (internal form). */
  sampleIndependent(ctx: SamplerContext & IndependentSample): number;
  /** Runs in `ask()` after the trial is claimed, before relative sampling. */
  beforeTrial?(ctx: SamplerContext): void | Promise<void>;
  /** Runs after the trial's final state is stored (`ctx.trial` is the finished record). */
  afterTrial?(ctx: SamplerContext): void | Promise<void>;
  /** True when the sampler has nothing left to propose (an exhausted grid); `optimize` then stops. */
  isExhausted?(ctx: { readonly study: StudyView }): boolean | Promise<boolean>;
  /** The config that rebuilds this sampler through {@link samplerRegistry}. */
  toJSON(): PluginConfig;
}

/**
 * The sampler registry: `createStudy` stores `sampler.toJSON()`, and `loadStudy`, the command line and
 * remote workers rebuild the sampler from it.
 * @example
 * registerSampler("my-sampler", (options) => new MySampler(options));
 */
export const samplerRegistry = new PluginRegistry<Sampler>("sampler");

/**
 * Registers a sampler factory under `name` (see {@link samplerRegistry}).
 * @example
 * registerSampler("my-sampler", (options) => new MySampler(options));
 */
export function registerSampler(name: string, factory: (options: PluginConfig["options"]) => Sampler): void {
  samplerRegistry.register(name, factory);
}
