import { InvalidArgumentError } from "../errors.js";
import { PluginRegistry } from "../plugins/registry.js";
import type { PluginConfig } from "../storage/storage.js";
import type { StudyView } from "../study/study-view.js";
import type { FrozenTrial, IntermediateValue } from "../trial/frozen-trial.js";

/** Which objective of a vector or named report a pruner acts on: an index, a metric name, or Pareto rank. */
export type PruneTarget = number | string | "pareto";

/** What {@link Pruner.prune} receives. */
export interface PruneContext {
  /** Every trial of the study, refreshed just before the call. */
  readonly study: StudyView;
  /** The trial asking, with all its reports flushed. */
  readonly trial: FrozenTrial;
}

/**
 * The pruner contract, checked for every pruner by `describePruner`.
 *
 * `prune` runs inside `await trial.shouldPrune()`, after the trial's buffered reports are written and the
 * study snapshot refreshed. It may be async and may keep state shared by workers through
 * `ctx.study.state` (compare-and-set records, e.g. rungs), because other trials of this process and of
 * other processes call it concurrently. It must not throw for a trial without reports (return false), and
 * must treat NaN reports as worst.
 */
export interface Pruner {
  /** Registry name; `toJSON().name`. */
  readonly name: string;
  /** True when `prune` reads other trials, so the study must refresh its snapshot first. */
  readonly readsStudy: boolean;
  /** Whether the trial should stop now. */
  prune(ctx: PruneContext): boolean | Promise<boolean>;
  /**
   * Restricts which trials the sampler sees when sampling for `trial` (Hyperband shows each bracket its
   * own population). Undefined or a null result: the sampler sees every trial.
   */
  samplerFilter?(ctx: PruneContext): ((t: FrozenTrial) => boolean) | null;
  /** Runs once per trial in `ask()`, before sampling (e.g. to assign a Hyperband bracket). */
  beforeTrial?(ctx: PruneContext): void | Promise<void>;
  /** The config that rebuilds this pruner through {@link prunerRegistry}. */
  toJSON(): PluginConfig;
}

/**
 * The pruner registry (see `samplerRegistry`).
 * @example
 * registerPruner("my-pruner", (options) => new MyPruner(options));
 */
export const prunerRegistry = new PluginRegistry<Pruner>("pruner");

/**
 * Registers a pruner factory under `name` (see {@link prunerRegistry}).
 * @example
 * registerPruner("my-pruner", (options) => new MyPruner(options));
 */
export function registerPruner(name: string, factory: (options: PluginConfig["options"]) => Pruner): void {
  prunerRegistry.register(name, factory);
}

/**
 * The scalar a pruner compares for one report: the number itself, element `target` of a vector, or the
 * metric named `target`. NaN when the report lacks it. ("pareto" is resolved by the pruner, not here.)
 * @example
 * scalarReport({ loss: 0.3, acc: 0.9 }, "loss"); // 0.3
 */
export function scalarReport(value: IntermediateValue, target: number | string = 0): number {
  if (typeof value === "number") return value;
  if (Array.isArray(value)) {
    if (typeof target !== "number") {
      throw new InvalidArgumentError(
        `A pruner's objective "${target}" names a metric, but the report is a vector ${JSON.stringify(value)}. Report named values or pick an index.`,
        { name: String(target), value },
      );
    }
    return (value as readonly number[])[target] ?? Number.NaN;
  }
  const named = value as Readonly<Record<string, number>>;
  if (typeof target === "string") return named[target] ?? Number.NaN;
  const first = Object.keys(named)[target];
  return first === undefined ? Number.NaN : (named[first] as number);
}
