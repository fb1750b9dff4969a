import { checkOptionKeys, type KnownKeys } from "../options/option-keys.js";
import type { Pruner } from "../pruners/pruner.js";
import type { Sampler } from "../samplers/sampler.js";
import { loadStudy, type StorageInput } from "../study/create-study.js";
import {
  type ObjectiveFunction,
  OPTIMIZE_KEYS,
  type OptimizeOptions,
  type OptimizeResult,
} from "../study/optimize.js";

/** Options of {@link runWorker}: the study to join, the objective, and `optimize`'s options. */
export interface RunWorkerOptions extends OptimizeOptions {
  readonly studyName: string;
  readonly storage: StorageInput;
  readonly objective: ObjectiveFunction;
  /** Defaults to the sampler stored with the study. */
  readonly sampler?: Sampler;
  /** Defaults to the pruner stored with the study. */
  readonly pruner?: Pruner;
  readonly workerId?: string;
}

/** The keys of {@link RunWorkerOptions}, checked at runtime (JavaScript callers have no types). */
export const RUN_WORKER_KEYS = {
  ...OPTIMIZE_KEYS,
  studyName: true,
  storage: true,
  objective: true,
  sampler: true,
  pruner: true,
  workerId: true,
} satisfies KnownKeys<RunWorkerOptions>;

/**
 * Joins an existing study as one more worker: loads it (sampler and pruner rebuilt from its stored
 * config), runs `optimize` with leases and heartbeats, and stops cleanly on SIGINT/SIGTERM. Start as
 * many as you like, on as many machines as share the storage.
 * @example
 * await runWorker({ studyName: "mnist", storage: "postgres://tunekit@db/hpo", objective, maxTrials: 500 });
 */
export async function runWorker(options: RunWorkerOptions): Promise<OptimizeResult> {
  checkOptionKeys("runWorker()", options, RUN_WORKER_KEYS);
  const { studyName, storage, objective, sampler, pruner, workerId, ...optimizeOptions } = options;
  const study = await loadStudy({
    studyName,
    storage,
    ...(sampler === undefined ? {} : { sampler }),
    ...(pruner === undefined ? {} : { pruner }),
    ...(workerId === undefined ? {} : { workerId }),
  });
  return study.optimize(objective, optimizeOptions);
}
