import { InvalidArgumentError, SearchSpaceError, TrialPruned } from "../../errors.js";
import { log } from "../../logging/logger.js";
import { randomSeed } from "../../math/rng.js";
import { checkOptionKeys, type KnownKeys } from "../../options/option-keys.js";
import {
  type Choice,
  contains,
  type Distribution,
  type SearchSpace,
  toInternal,
} from "../../search-space/distribution.js";
import { describe } from "../../search-space/validate.js";
import type { PluginConfig } from "../../storage/storage.js";
import type { StudyView } from "../../study/study-view.js";
import type { FrozenTrial } from "../../trial/frozen-trial.js";
import { registerSampler, type Sampler, type SamplerContext } from "../sampler.js";
import { GridClaims } from "./grid-claims.js";
import { type GridSearchSpace, GridSpace } from "./grid-space.js";
import { PendingClaims } from "./pending-claims.js";

export type { GridSearchSpace } from "./grid-space.js";

/** Options of {@link GridSampler}. */
export interface GridSamplerOptions {
  /** The values to try per parameter (strings, finite numbers, booleans, null); the grid is their product. */
  readonly searchSpace: GridSearchSpace;
  /** Seed of the order the points are visited in; a random one when omitted (recorded in `toJSON()`). */
  readonly seed?: number;
}

/** The keys of {@link GridSamplerOptions}, checked at runtime (JavaScript callers have no types). */
export const GRID_SAMPLER_KEYS = { searchSpace: true, seed: true } satisfies KnownKeys<GridSamplerOptions>;

/** What a trial got in `beforeTrial`. */
type Assignment =
  /** A grid point: claimed now, or enqueued as a whole. */
  | { readonly kind: "point"; readonly point: Readonly<Record<string, Choice>> }
  /** An enqueued trial that names no whole grid point: its other parameters take random grid values. */
  | { readonly kind: "fill" }
  /** Every point was claimed between `isExhausted` and `beforeTrial` (another process took the last). */
  | { readonly kind: "none" };

/**
 * Runs every point of a grid (the cartesian product of value lists) exactly once, in a shuffled order
 * derived from the seed, so a partial run covers the space evenly.
 *
 * Points are claimed through the study's compare-and-set state record, so concurrent trials, several
 * `Study` objects and several processes or machines sharing a storage never run a point twice; the
 * order's seed is fixed by the first claim, so workers built without a seed still agree. `optimize`
 * stops with stopReason "exhausted" once every point is claimed (and no enqueued trial waits).
 *
 * - A point whose trial fails or is pruned is not run again (as in Optuna); enqueue it to retry it.
 * - An enqueued trial whose parameters name a whole grid point runs that point and claims it, so it is
 *   not run again. One that names only some grid parameters (or values off the grid) claims no point:
 *   its enqueued values are used as given, and its other parameters take random grid values.
 * - The objective may leave grid parameters unsuggested (conditional branches), but each parameter it
 *   suggests must be in the grid, with a grid value inside the suggested distribution (SearchSpaceError).
 * - Concurrent `optimize` loops sharing this sampler start no more trials than there are points left.
 *   A trial started after another process claimed the last point runs no point: its first suggest
 *   throws `TrialPruned` (with a warning), instead of spending a run on a point that already ran.
 * @example
 * const sampler = new GridSampler({ searchSpace: { lr: [0.1, 0.01], layers: [1, 2, 3] }, seed: 1 });
 * const study = await createStudy({ sampler });
 * await study.optimize((t) => t.suggestFloat("lr", 1e-3, 1, { log: true }) * t.suggestInt("layers", 1, 3));
 * // stopReason "exhausted" after the 6 points
 */
export class GridSampler implements Sampler {
  readonly name = "grid";
  readonly seed: number;
  readonly capabilities = { multiObjective: true, constraints: false } as const;
  private readonly searchSpace: GridSearchSpace;
  private readonly grid: GridSpace;
  private readonly claims: GridClaims;
  private readonly pending = new PendingClaims();
  /** By study name, then trial number; an entry lives from `beforeTrial` to `afterTrial`. */
  private readonly assignments = new Map<string, Map<number, Assignment>>();

  constructor(options: GridSamplerOptions) {
    if (options === null || typeof options !== "object") {
      throw new InvalidArgumentError(
        `GridSampler: options must be an object such as { searchSpace: { lr: [0.1, 0.01] } }, but got ${String(options)}.`,
      );
    }
    checkOptionKeys("GridSampler", options, GRID_SAMPLER_KEYS);
    if (options.seed !== undefined && !Number.isInteger(options.seed)) {
      throw new InvalidArgumentError(`GridSampler: seed must be an integer, but got ${options.seed}.`, {
        name: "seed",
        value: options.seed,
      });
    }
    this.grid = new GridSpace(options.searchSpace);
    this.searchSpace = Object.fromEntries(
      Object.keys(options.searchSpace).map((name) => [name, this.grid.values(name) as readonly Choice[]]),
    );
    this.seed = options.seed ?? randomSeed();
    this.claims = new GridClaims(this.grid, this.seed);
  }

  /** Number of grid points. */
  get size(): number {
    return this.grid.size;
  }

  /** The grid is served through `sampleIndependent`: distributions are known only when suggested. */
  inferRelativeSearchSpace(): SearchSpace {
    return {};
  }

  /** Nothing is sampled jointly (see {@link GridSampler.inferRelativeSearchSpace}). */
  sampleRelative(): Record<string, number> {
    return {};
  }

  /** Claims the trial's grid point: the enqueued one, or the next unclaimed one of the order. */
  async beforeTrial(ctx: SamplerContext): Promise<void> {
    const { study, trial } = ctx;
    try {
      const assignment = await this.assign(study, trial);
      let byNumber = this.assignments.get(study.studyName);
      if (byNumber === undefined) {
        byNumber = new Map();
        this.assignments.set(study.studyName, byNumber);
      }
      byNumber.set(trial.number, assignment);
    } finally {
      this.pending.settle(study.studyName);
    }
  }

  private async assign(study: StudyView, trial: FrozenTrial): Promise<Assignment> {
    if (Object.keys(trial.params).length > 0) {
      const index = this.grid.indexOf(trial.params);
      if (index < 0) return { kind: "fill" };
      await this.claims.claimIndex(study.state, study.studyName, index);
      return { kind: "point", point: this.grid.pointAt(index) };
    }
    const index = await this.claims.claimNext(study.state, study.studyName);
    if (index !== null) return { kind: "point", point: this.grid.pointAt(index) };
    log(
      "warning",
      `GridSampler: trial ${trial.number} of study "${study.studyName}" started after every grid point was claimed (another worker took the last one); it runs no point, and its first suggest throws TrialPruned.`,
    );
    return { kind: "none" };
  }

  /** The trial's grid value of `name`, in internal form for the suggested distribution. */
  sampleIndependent(
    ctx: SamplerContext & { readonly name: string; readonly distribution: Distribution },
  ): number {
    const { name, distribution, trial } = ctx;
    const values = this.grid.values(name);
    if (values === undefined) {
      throw new SearchSpaceError(
        `GridSampler: parameter "${name}" is not in the grid; add it to searchSpace with the values to try (the grid has ${this.grid.names.map((n) => `"${n}"`).join(", ")}).`,
        { name },
      );
    }
    const assignment = this.assignments.get(ctx.study.studyName)?.get(trial.number);
    if (assignment === undefined) {
      throw new InvalidArgumentError(
        `GridSampler: trial ${trial.number} has no grid point: it was not started by ask() or optimize() of a study using this sampler, or it is already finished. Suggest parameters only in a running trial.`,
        { name, value: trial.number },
      );
    }
    if (assignment.kind === "none") {
      throw new TrialPruned(
        `GridSampler: every grid point was claimed before trial ${trial.number} started, so it runs none.`,
      );
    }
    const value =
      assignment.kind === "point"
        ? (assignment.point[name] as Choice)
        : (values[ctx.rng.integer(0, values.length - 1)] as Choice);
    if (!contains(distribution, value)) {
      throw new SearchSpaceError(
        `GridSampler: the grid value ${JSON.stringify(value)} of "${name}" lies outside ${describe(distribution)}, which the objective suggests. Keep the grid's values of "${name}" inside the suggested distribution, or widen the suggest call.`,
        { name, value },
      );
    }
    return toInternal(distribution, value);
  }

  /** Forgets the finished trial's grid point. */
  afterTrial(ctx: SamplerContext): void {
    const byNumber = this.assignments.get(ctx.study.studyName);
    byNumber?.delete(ctx.trial.number);
    if (byNumber?.size === 0) this.assignments.delete(ctx.study.studyName);
  }

  /**
   * True when every grid point is claimed and no enqueued trial waits. When false, it counts one trial as
   * on its way to `beforeTrial`, so concurrent `optimize` loops of this process start no more trials than
   * there are points left; call it only right before `ask()`.
   */
  async isExhausted({ study }: { readonly study: StudyView }): Promise<boolean> {
    const key = study.studyName;
    for (;;) {
      const generation = this.pending.generation(key);
      const free = this.grid.size - (await this.claims.claimed(study.state, key));
      // A local claim landed while reading: the read may predate it and the count not.
      if (this.pending.generation(key) !== generation) continue;
      // Each waiting trial runs, and a new trial needs a free point: max() never over-counts either.
      const work = Math.max(free, study.trialsInStates(["WAITING"]).length);
      if (work <= 0) return true;
      if (work > this.pending.count(key)) {
        this.pending.add(key);
        return false;
      }
      await this.pending.changed(key);
    }
  }

  /** `{ name: "grid", options: { searchSpace, seed } }`. */
  toJSON(): PluginConfig {
    return { name: this.name, options: { searchSpace: this.searchSpace, seed: this.seed } };
  }
}

registerSampler(
  "grid",
  (options) =>
    new GridSampler({
      searchSpace: options.searchSpace as GridSearchSpace,
      seed: options.seed as number | undefined,
    }),
);
