import {
  InvalidArgumentError,
  SearchSpaceError,
  TrialFailed,
  TrialNotRunningError,
  TrialRejected,
} from "../errors.js";
import { Rng } from "../math/rng.js";
import { checkOptionKeys } from "../options/option-keys.js";
import type { Pruner } from "../pruners/pruner.js";
import type { Sampler } from "../samplers/sampler.js";
import {
  type Choice,
  contains,
  type Distribution,
  isSingle,
  type ParamValue,
  type SearchSpace,
  sameDistribution,
  toExternal,
  toInternal,
} from "../search-space/distribution.js";
import {
  assertCompatible,
  categoricalDistribution,
  describe,
  FLOAT_OPTION_KEYS,
  type FloatOptions,
  floatDistribution,
  INT_OPTION_KEYS,
  type IntOptions,
  intDistribution,
} from "../search-space/validate.js";
import type { Storage, TrialPatch } from "../storage/storage.js";
import type { StudyView } from "../study/study-view.js";
import type { FrozenTrial, IntermediateValue, JsonValue, TrialState } from "./frozen-trial.js";
import { checkAttrKey, checkUserAttr } from "./json-value.js";
import { PendingWrites } from "./pending-writes.js";

/** What a live trial needs from its study. Implemented by the study; not part of the public API. */
export interface TrialHost {
  readonly storage: Storage;
  readonly sampler: Sampler;
  readonly pruner: Pruner;
  /** The study-wide distribution recorded for `name`, if any. */
  distributionOf(name: string): Distribution | undefined;
  /** The study as the sampler may see it for `trial`. */
  samplerView(trial: FrozenTrial): StudyView;
  /** Refreshes the snapshot and returns the view pruners read. */
  prunerView(refresh: boolean): Promise<StudyView>;
  /** Takes a record this trial wrote into the study's snapshot. */
  absorb(trial: FrozenTrial): Promise<void>;
}

/**
 * A running trial, handed to the objective. `suggest*` is synchronous over the study's snapshot; params,
 * reports, constraints and attributes are buffered and written at the next `shouldPrune()` or `tell`.
 * @example
 * async function objective(trial: Trial) {
 *   const lr = trial.suggestFloat("lr", 1e-5, 1e-1, { log: true });
 *   const opt = trial.suggestCategorical("optimizer", ["adam", "sgd"]);
 *   return train({ lr, opt });
 * }
 */
export class Trial {
  /** Dense per-study number. */
  readonly number: number;
  /** Storage id. */
  readonly trialId: number;
  private abortController: AbortController | null = null;
  private abortReason: unknown = undefined;
  private aborted = false;
  private abortListener: (() => void) | null = null;
  private record: FrozenTrial;
  private readonly current: Record<string, ParamValue>;
  private readonly currentDistributions: Record<string, Distribution>;
  private readonly pending = new PendingWrites();
  /** The last write of this trial in flight (settled, never rejected): the next one starts after it. */
  private writes: Promise<void> = Promise.resolve();
  private paramsWriteScheduled = false;
  private relativeSpace: SearchSpace = {};
  private relativeValues: Readonly<Record<string, number>> = {};
  private samplerStudy: StudyView | null = null;
  /** The state `tell` gave this trial; once set, every write to it is refused. */
  private toldState: TrialState | null = null;

  /** @internal Created by the study in `ask()`. */
  constructor(
    private readonly host: TrialHost,
    record: FrozenTrial,
  ) {
    this.number = record.number;
    this.trialId = record.trialId;
    this.record = record;
    // Null-prototype maps: a parameter may be called "constructor" or "__proto__".
    this.current = Object.assign(Object.create(null), record.params);
    this.currentDistributions = Object.assign(Object.create(null), record.distributions);
  }

  /**
   * Aborts when the study stops (signal, timeout, `stop()`) or this trial's `trialTimeout` passes; its
   * reason is a `TrialInterrupted` error. Created on first use, so trials that never read it cost nothing.
   */
  get signal(): AbortSignal {
    if (this.abortController === null) {
      this.abortController = new AbortController();
      if (this.aborted) this.abortController.abort(this.abortReason);
    }
    return this.abortController.signal;
  }

  /** The parameters suggested so far (and any fixed by `enqueueTrial`), by name. */
  get params(): Readonly<Record<string, ParamValue>> {
    return { ...this.current };
  }

  /** The distributions of the parameters suggested so far. */
  get distributions(): Readonly<Record<string, Distribution>> {
    return { ...this.currentDistributions };
  }

  /** The user attributes set on this trial so far, including enqueued ones. */
  get userAttrs(): Readonly<Record<string, JsonValue>> {
    return { ...this.record.userAttrs, ...this.pending.userAttrs };
  }

  /**
   * A float in [low, high]; log-uniform with `log`, on the grid low + k·step with `step`.
   * @example
   * const dropout = trial.suggestFloat("dropout", 0, 0.5, { step: 0.05 });
   */
  suggestFloat(name: string, low: number, high: number, options?: FloatOptions): number {
    this.checkRunning("suggestFloat", name);
    // Before the shortcut for a known distribution, which would otherwise never see a typo such as `lg`.
    if (options !== undefined) checkOptionKeys(`suggestFloat("${name}")`, options, FLOAT_OPTION_KEYS);
    const known = this.host.distributionOf(name);
    const same =
      known?.type === "float" &&
      known.low === low &&
      known.high === high &&
      known.log === (options?.log === true) &&
      known.step === (options?.step ?? null);
    return this.suggest(
      name,
      same ? (known as Distribution) : floatDistribution(name, low, high, options),
    ) as number;
  }

  /**
   * An integer in [low, high] (inclusive); log-uniform with `log`, on the grid low + k·step with `step`.
   * @example
   * const layers = trial.suggestInt("layers", 1, 6);
   */
  suggestInt(name: string, low: number, high: number, options?: IntOptions): number {
    this.checkRunning("suggestInt", name);
    if (options !== undefined) checkOptionKeys(`suggestInt("${name}")`, options, INT_OPTION_KEYS);
    const known = this.host.distributionOf(name);
    const same =
      known?.type === "int" &&
      known.low === low &&
      known.high === high &&
      known.log === (options?.log === true) &&
      known.step === (options?.step ?? 1);
    return this.suggest(
      name,
      same ? (known as Distribution) : intDistribution(name, low, high, options),
    ) as number;
  }

  /**
   * One of `choices`, typed as the union of the given literals.
   * @example
   * const act = trial.suggestCategorical("activation", ["relu", "tanh"] as const); // "relu" | "tanh"
   */
  suggestCategorical<const T extends Choice>(name: string, choices: readonly T[]): T {
    this.checkRunning("suggestCategorical", name);
    return this.suggest(name, categoricalDistribution(name, choices)) as T;
  }

  /**
   * Records an intermediate value at `step` (a non-negative integer): one number, one per objective, or
   * named metrics (named values reported twice at one step merge by name). Buffered until `shouldPrune()`.
   * @example
   * trial.report({ loss: 0.31, accuracy: 0.9 }, epoch);
   */
  report(value: IntermediateValue, step: number): void {
    this.checkRunning("report");
    if (!Number.isInteger(step) || step < 0) {
      throw new InvalidArgumentError(
        `report(): step must be a non-negative integer, but got step=${step}. Use the epoch or iteration index.`,
        {
          name: "step",
          value: step,
        },
      );
    }
    checkReportValue(value);
    const frozen = Array.isArray(value)
      ? Object.freeze([...value])
      : typeof value === "object"
        ? Object.freeze({ ...value })
        : value;
    this.pending.report(step, frozen);
    this.scheduleParamsWrite();
  }

  /**
   * Writes buffered reports and asks the study's pruner whether to stop this trial.
   * @example
   * if (await trial.shouldPrune()) throw new TrialPruned();
   */
  async shouldPrune(): Promise<boolean> {
    this.checkRunning("shouldPrune");
    await this.flush();
    const study = await this.host.prunerView(this.host.pruner.readsStudy);
    return this.host.pruner.prune({ study, trial: this.record });
  }

  /**
   * Sets a named constraint; the trial is feasible when every constraint is ≤ 0.
   * @example
   * trial.setConstraint("latency_ms_over_budget", latencyMs - 20);
   */
  setConstraint(name: string, value: number): void {
    this.checkRunning("setConstraint", name);
    if (typeof value !== "number") {
      throw new InvalidArgumentError(
        `setConstraint("${name}"): value must be a number (≤ 0 means satisfied), but got ${typeof value}.`,
        {
          name,
          value,
        },
      );
    }
    this.pending.constraint(name, value);
  }

  /**
   * Attaches a JSON value to the trial. Throws `InvalidArgumentError`, naming the path inside the value,
   * for anything JSON cannot hold unchanged (functions, cycles, BigInts, undefined, NaN, ±Infinity).
   * @example
   * trial.setUserAttr("git_sha", sha);
   */
  setUserAttr(key: string, value: JsonValue): void {
    this.checkRunning("setUserAttr", key);
    checkAttrKey(key);
    checkUserAttr(`setUserAttr(${JSON.stringify(key)})`, "value", value);
    this.pending.userAttr(key, value);
  }

  /**
   * Rejects this parameter combination: the trial is recorded as FAIL with code "forbidden" and does not
   * count against `nTrials`.
   * @example
   * if (heads > width) trial.forbid("heads must not exceed width");
   */
  forbid(reason: string): never {
    throw new TrialRejected(reason);
  }

  /**
   * Writes buffered params, reports, constraints and attributes now. Writes of one trial never overlap:
   * a flush waits for the one in flight (a heartbeat's, the objective's), and a write that fails puts its
   * patch back, so the next write (at the latest the finishing one) carries it.
   */
  flush(): Promise<void> {
    const write = this.writes.then(() => this.writePending());
    this.writes = write.catch(() => undefined);
    return write;
  }

  private async writePending(): Promise<void> {
    if (!this.pending.isDirty) return;
    const patch = this.pending.take();
    let written: FrozenTrial;
    try {
      written = await this.host.storage.updateTrial(this.trialId, patch);
    } catch (error) {
      this.pending.restore(patch);
      throw error;
    }
    if (written.seq > this.record.seq) this.record = written;
    await this.host.absorb(written);
  }

  /** Params suggested and not yet written are written soon, without waiting for a heartbeat. */
  private scheduleParamsWrite(): void {
    if (this.paramsWriteScheduled || !this.pending.hasParams) return;
    this.paramsWriteScheduled = true;
    setTimeout(() => {
      this.paramsWriteScheduled = false;
      this.flush().catch(() => undefined);
    }, 0);
  }

  /**
   * @internal Resolves once no write of this trial is in flight; a failed one's patch is back in the
   * buffer. The study awaits it before the finishing write, so that write carries everything.
   */
  writesSettled(): Promise<void> {
    return this.writes;
  }

  /** @internal Reports buffered since the last flush, by step. */
  get pendingReports(): Readonly<Record<number, IntermediateValue>> | undefined {
    return this.pending.reports;
  }

  /** @internal The buffered writes, cleared; the study folds them into the final write. */
  takePending(): TrialPatch {
    return this.pending.take();
  }

  /** @internal Puts back writes taken by {@link Trial.takePending} whose write failed (see `PendingWrites.restore`). */
  restorePending(patch: TrialPatch): void {
    this.pending.restore(patch);
  }

  /** @internal Sets the relative sample drawn in `ask()`. */
  setRelative(space: SearchSpace, values: Readonly<Record<string, number>>): void {
    this.relativeSpace = space;
    this.relativeValues = values;
  }

  /** @internal Aborts `signal` (once; later calls are ignored) and runs the `onAbort` listener. */
  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.abortReason = reason;
    this.abortController?.abort(reason);
    this.abortListener?.();
  }

  /** @internal Whether `abort` was called, and why. */
  get abortState(): { readonly aborted: boolean; readonly reason: unknown } {
    return { aborted: this.aborted, reason: this.abortReason };
  }

  /** @internal Sets the one listener `abort` calls (the optimize loop's grace timer). */
  onAbort(listener: () => void): void {
    this.abortListener = listener;
    if (this.aborted) listener();
  }

  /** @internal Called by the study once the trial is finished: later writes to it are refused. */
  markTold(state: TrialState): void {
    this.toldState = state;
  }

  /** Refuses a write after `tell`: it would never be stored, and silently dropping it hides a bug. */
  private checkRunning(method: string, name?: string): void {
    if (this.toldState === null) return;
    const call = `${method}(${name === undefined ? "" : JSON.stringify(name)})`;
    throw new TrialNotRunningError(
      `${call}: trial ${this.number} is already finished (${this.toldState}), so nothing more can be suggested, reported or set on it. Do this before tell(), or in the next trial.`,
      { name: String(this.number), value: this.toldState },
    );
  }

  /** @internal The last record written. */
  get lastRecord(): FrozenTrial {
    return this.record;
  }

  private suggest(name: string, dist: Distribution): ParamValue {
    const mine = Object.hasOwn(this.currentDistributions, name) ? this.currentDistributions[name] : undefined;
    if (mine !== undefined) {
      if (!sameDistribution(mine, dist)) {
        throw new SearchSpaceError(
          `Parameter "${name}": trial ${this.number} already suggested it from ${describe(mine)} and now asks for ${describe(dist)}; within one trial a name has one distribution (its value is already fixed). Suggest it once with one range, or use another name for the second parameter.`,
          { name, value: dist },
          "incompatible-distribution",
        );
      }
      return this.current[name] as ParamValue;
    }
    const known = this.host.distributionOf(name);
    if (known !== undefined && known !== dist && !sameDistribution(known, dist))
      assertCompatible(name, known, dist);
    const value = Object.hasOwn(this.current, name)
      ? this.fixedValue(name, dist)
      : this.sampleValue(name, dist);
    this.current[name] = value;
    this.currentDistributions[name] = dist;
    this.pending.param(name, value, dist);
    return value;
  }

  /**
   * An enqueued value, when `dist` holds it. One it does not hold (another choice, a string for a number,
   * out of range, off the grid) fails this trial alone: a `TrialFailed`, which `optimize` records as FAIL
   * "invalid-enqueued-params" and goes on from, since the value is a property of this trial, not a bug.
   */
  private fixedValue(name: string, dist: Distribution): ParamValue {
    const value = this.current[name] as ParamValue;
    if (contains(dist, value)) return value;
    throw new TrialFailed(
      "invalid-enqueued-params",
      `Trial ${this.number}: parameter "${name}" was enqueued as ${typeof value === "number" ? value : JSON.stringify(value)}, which lies outside ${describe(dist)} that the objective suggests it from, so the trial cannot run with it; it is recorded as FAIL and the study goes on. Enqueue values within the distribution.`,
    );
  }

  private sampleValue(name: string, dist: Distribution): ParamValue {
    if (isSingle(dist)) return dist.type === "categorical" ? (dist.choices[0] as Choice) : dist.low;
    const relative = this.relativeSpace[name];
    const fromRelative = this.relativeValues[name];
    if (relative !== undefined && fromRelative !== undefined && sameDistribution(relative, dist)) {
      return this.checked(name, dist, fromRelative);
    }
    this.samplerStudy ??= this.host.samplerView(this.record);
    const sampler = this.host.sampler;
    const internal = sampler.sampleIndependent({
      study: this.samplerStudy,
      trial: this.record,
      rng: Rng.derive(sampler.seed, this.number, name),
      name,
      distribution: dist,
      taken: this.takenSoFar,
    });
    return this.checked(name, dist, internal);
  }

  /** {@link taken} bound once per trial, not allocated per suggest. */
  private readonly takenSoFar = () => this.taken();

  /** The params suggested so far, as `sampleIndependent` sees them (single-valued ones left out). */
  private taken(): { params: Record<string, number>; distributions: Record<string, Distribution> } {
    const params: Record<string, number> = {};
    const distributions: Record<string, Distribution> = {};
    for (const name in this.currentDistributions) {
      const dist = this.currentDistributions[name] as Distribution;
      if (isSingle(dist)) continue;
      params[name] = toInternal(dist, this.current[name] as ParamValue);
      distributions[name] = dist;
    }
    return { params, distributions };
  }

  private checked(name: string, dist: Distribution, internal: number): ParamValue {
    const value = toExternal(dist, internal);
    if (value === undefined || (dist.type !== "categorical" && !contains(dist, value))) {
      throw new InvalidArgumentError(
        `Sampler "${this.host.sampler.name}" returned ${String(internal)} for "${name}", which is outside ${describe(dist)}. This is a bug in the sampler.`,
        { name, value: internal },
      );
    }
    return value;
  }
}

function checkReportValue(value: IntermediateValue): void {
  const bad = (why: string): never => {
    throw new InvalidArgumentError(`report(): ${why}, but got ${JSON.stringify(value)}.`, {
      name: "value",
      value,
    });
  };
  if (typeof value === "number") return;
  if (Array.isArray(value)) {
    if (value.length === 0 || !value.every((v) => typeof v === "number"))
      bad("a vector report must be a non-empty array of numbers");
    return;
  }
  if (value === null || typeof value !== "object")
    bad("a report must be a number, an array of numbers or an object of named numbers");
  const entries = Object.entries(value);
  if (entries.length === 0 || !entries.every(([, v]) => typeof v === "number"))
    bad("named reports must map names to numbers");
}
