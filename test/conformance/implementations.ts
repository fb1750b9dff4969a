import { MemoryStorage, NopPruner, RandomSampler } from "../../src/core.js";
import type { PrunerFactory } from "./describe-pruner.js";
import type { SamplerFactory } from "./describe-sampler.js";

/**
 * Every sampler, pruner and storage tunekit exports, by exported class name, with the factory its
 * conformance suite runs. `conformance.test.ts` fails when an exported plug-in is missing here.
 */
export const SAMPLERS: Readonly<Record<string, SamplerFactory>> = {
  RandomSampler: (seed) => new RandomSampler({ seed }),
};

/** See {@link SAMPLERS}. */
export const PRUNERS: Readonly<Record<string, PrunerFactory>> = {
  NopPruner: () => new NopPruner(),
};

/** See {@link SAMPLERS}. Storages that need a server or a file get their factory in an integration suite. */
export const STORAGES: Readonly<Record<string, () => MemoryStorage>> = {
  MemoryStorage: () => new MemoryStorage(),
};
