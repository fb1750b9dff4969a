import {
  InvalidArgumentError,
  MultiObjectiveError,
  NoCompletedTrialsError,
  TrialFailed,
  TrialNotFoundError,
  TrialNotRunningError,
} from "../errors.js";
import { isLogged, log } from "../logging/logger.js";
import { Rng } from "../math/rng.js";
import { paretoFront } from "../multiobjective/pareto-front.js";
import { checkOptionKeys, type KnownKeys } from "../options/option-keys.js";
import type { Pruner } from "../pruners/pruner.js";
import type { Sampler, SamplerContext } from "../samplers/sampler.js";
import type { Distribution, ParamValue, SearchSpace } from "../search-space/distribution.js";
import { validateDistribution } from "../search-space/validate.js";
import type {
  ClaimRequest,
  FinishResult,
  Storage,
  StudyRecord,
  TrialOutcome,
  TrialPatch,
} from "../storage/storage.js";
import {
  type FrozenTrial,
  type IntermediateValue,
  isFinished,
  type JsonValue,
  type TrialState,
} from "../trial/frozen-trial.js";
import { mergeIntermediate } from "../trial/intermediate.js";
import { checkAttrKey, checkUserAttr, checkUserAttrs } from "../trial/json-value.js";
import { Trial, type TrialHost } from "../trial/trial.js";
import { type AddTrialInput, addTrialRecord } from "./add-trial.js";
import { checkEnqueuedParams } from "./enqueued-params.js";
import {
  type ObjectiveFunction,
  type OptimizeOptions,
  type OptimizeResult,
  runOptimize,
} from "./optimize.js";
import { SnapshotView } from "./snapshot-view.js";
import { StudySnapshot } from "./study-snapshot.js";
import type { StateStore, StudyView } from "./study-view.js";
import { type ResolvedOutcome, resolveTell, resolveValues, type TellResult } from "./tell-result.js";
import { finishedTrialMessage } from "./trial-log.js";

/** Studies with trials this process asked for and has not told; see {@link failUntoldTrials}. */
const studiesWithLiveTrials = new Set<Study>();

/**
 * Records every trial this process asked for and never told as FAIL "interrupted", so a process that
 * ends normally leaves no trial RUNNING. The Node entry runs it on `beforeExit`; call it yourself before
 * exiting in other environments.
 * @example
 * await failUntoldTrials();
 */
export async function failUntoldTrials(): Promise<number> {
  let count = 0;
  for (const study of [...studiesWithLiveTrials]) {
    for (const number of [...study.liveTrials().keys()]) {
      await study.tell(number, {
        state: "FAIL",
        reason: { code: "interrupted", message: "The process ended before the trial was told." },
      });
      count++;
    }
  }
  return count;
}

/** Options of {@link Study.enqueueTrial}. */
export interface EnqueueOptions {
  readonly userAttrs?: Readonly<Record<string, JsonValue>>;
  /** Skip when a trial was already enqueued (or ran) with exactly these params, unless it failed. */
  readonly skipIfExists?: boolean;
  /**
   * The distributions the objective will suggest the params from, to check the values against now;
   * default: those the study's earlier trials used. Values outside them are refused.
   */
  readonly distributions?: SearchSpace;
}

/** The keys of {@link EnqueueOptions}, checked at runtime (JavaScript callers have no types). */
const ENQUEUE_KEYS = {
  userAttrs: true,
  skipIfExists: true,
  distributions: true,
} satisfies KnownKeys<EnqueueOptions>;

/** Options of {@link Study.ask}. */
export interface AskOptions {
  /** Parameters to suggest up front (as Optuna's `fixed_distributions`), available in `trial.params`. */
  readonly distributions?: SearchSpace;
}

/** The keys of {@link AskOptions}, checked at runtime (JavaScript callers have no types). */
const ASK_KEYS = { distributions: true } satisfies KnownKeys<AskOptions>;

/** What the study was opened with. */
export interface StudyInit {
  readonly storage: Storage;
  readonly record: StudyRecord;
  readonly sampler: Sampler;
  readonly pruner: Pruner;
  readonly workerId: string;
}

/**
 * A study: the trials of one optimization, stored in a storage and shared by every process that opens it.
 * Reads (`trials`, `bestTrial`, ...) are synchronous over a local snapshot that `ask`, `tell`, `refresh`
 * and `getTrials` bring up to date incrementally.
 * @example
 * const study = await createStudy({ direction: "minimize" });
 * await study.optimize((t) => (t.suggestFloat("x", -10, 10) - 2) ** 2, { nTrials: 50 });
 * console.log(study.bestParams);
 */
export class Study {
  readonly storage: Storage;
  readonly sampler: Sampler;
  readonly pruner: Pruner;
  /** Identifies this process's loops in trial records (host:pid:random under Node). */
  readonly workerId: string;
  private record: StudyRecord;
  private readonly snapshot: StudySnapshot;
  private readonly live = new Map<number, Trial>();
  private readonly stateStore: StateStore;
  private readonly stopListeners = new Set<() => void>();
  private readonly host: TrialHost;
  private unfilteredView: StudyView | null = null;

  /** @internal Use `createStudy` or `loadStudy`. */
  constructor(init: StudyInit) {
    this.storage = init.storage;
    this.record = init.record;
    this.sampler = init.sampler;
    this.pruner = init.pruner;
    this.workerId = init.workerId;
    this.snapshot = new StudySnapshot(init.record.directions);
    const studyId = init.record.studyId;
    this.stateStore = {
      get: (key) => this.storage.getState(studyId, key),
      compareAndSet: (key, version, value) => this.storage.compareAndSetState(studyId, key, version, value),
    };
    this.host = {
      storage: this.storage,
      sampler: this.sampler,
      pruner: this.pruner,
      distributionOf: (name) => this.snapshot.distributionOf(name),
      samplerView: (trial) => this.samplerView(trial),
      prunerView: async (refresh) => {
        if (refresh) await this.refresh();
        return this.view(null);
      },
      absorb: async (trial) => {
        await this.absorb(trial);
      },
    };
  }

  /** The study's name. */
  get studyName(): string {
    return this.record.name;
  }

  /** The storage id of the study. */
  get studyId(): number {
    return this.record.studyId;
  }

  /** One direction per objective. */
  get directions() {
    return this.record.directions;
  }

  /** Names of the objectives, when given. */
  get metricNames(): readonly string[] | null {
    return this.record.metricNames;
  }

  /** The study's user attributes. */
  get userAttrs(): Readonly<Record<string, JsonValue>> {
    return this.record.userAttrs;
  }

  /** The stored study record (as last read or written by this process). */
  get studyRecord(): StudyRecord {
    return this.record;
  }

  /** Every trial in the local snapshot, by number. Call `refresh()` or `getTrials()` for other processes' news. */
  get trials(): FrozenTrial[] {
    return this.snapshot.trials.slice();
  }

  /** The best COMPLETE feasible trial. Throws on a multi-objective study or when there is none. */
  get bestTrial(): FrozenTrial {
    return this.best("bestTrial");
  }

  private best(what: string): FrozenTrial {
    this.requireSingleObjective(what);
    const best = this.snapshot.best();
    if (best === undefined) {
      const complete = this.snapshot.inStates(["COMPLETE"]).length;
      throw new NoCompletedTrialsError(
        complete === 0
          ? `Study "${this.studyName}" has no complete trial yet, so it has no best trial. Run optimize() or tell() a result first.`
          : `Study "${this.studyName}" has ${complete} complete trial(s) but none satisfies its constraints (all ≤ 0), so it has no best trial.`,
      );
    }
    return best;
  }

  /** The best trial's value. */
  get bestValue(): number {
    return this.best("bestValue").values?.[0] as number;
  }

  /** The best trial's parameters. */
  get bestParams(): Readonly<Record<string, ParamValue>> {
    return this.best("bestParams").params;
  }

  /** The Pareto front of COMPLETE feasible trials (for one objective, the best trials, ties included). */
  get bestTrials(): FrozenTrial[] {
    return paretoFront(this.snapshot.trials, this.directions);
  }

  /** Brings the snapshot up to date with every write since it was last refreshed. */
  async refresh(): Promise<void> {
    this.snapshot.applyChanges(await this.storage.getTrialsSince(this.studyId, this.snapshot.cursor));
  }

  /**
   * Refreshes, then returns the trials (optionally only those in `states`).
   * @example
   * const done = await study.getTrials({ states: ["COMPLETE"] });
   */
  async getTrials(options: { readonly states?: readonly TrialState[] } = {}): Promise<FrozenTrial[]> {
    await this.refresh();
    return options.states === undefined ? this.trials : this.snapshot.inStates(options.states);
  }

  /**
   * Sets a study-level user attribute.
   * @example
   * await study.setUserAttr("dataset", "cifar10");
   */
  async setUserAttr(key: string, value: JsonValue): Promise<void> {
    checkAttrKey(key);
    checkUserAttr(`study.setUserAttr(${JSON.stringify(key)})`, "value", value);
    this.record = await this.storage.updateStudy(this.studyId, { userAttrs: { [key]: value } });
  }

  /**
   * Starts a trial: claims the oldest enqueued one or creates a new one, and samples its relative
   * parameters. Finish it with {@link Study.tell}.
   * @example
   * const trial = await study.ask();
   * await study.tell(trial, objective(trial));
   */
  async ask(options: AskOptions = {}): Promise<Trial> {
    checkOptionKeys("ask()", options, ASK_KEYS);
    const distributions = Object.entries(options.distributions ?? {}).map(
      ([name, dist]) => [name, validateDistribution(name, dist)] as const,
    );
    const trial = (await this.claimNext({ workerId: this.workerId })) as Trial;
    await this.failOnThrow(trial, "search-space", () => {
      for (const [name, dist] of distributions) suggestByDistribution(trial, name, dist);
    });
    return trial;
  }

  /** @internal `ask` with a study-wide cap and a lease; null when the cap is reached. */
  async claimNext(request: ClaimRequest): Promise<Trial | null> {
    const record = await this.claimFresh(request);
    if (record === null) return null;
    // A claim that waited for other workers' claims returns a number past the snapshot's end: those
    // trials (just started, no params yet) arrive with this trial's tell when the storage reads changes
    // there, so the claim does not read again for them.
    if (!this.snapshot.apply(record) && this.storage.finishTrialWithChanges === undefined)
      await this.refresh();
    const trial = new Trial(this.host, record);
    this.live.set(record.number, trial);
    studiesWithLiveTrials.add(this);
    await this.failOnThrow(trial, "sampler-error", async () => {
      await this.pruner.beforeTrial?.({ study: this.view(null), trial: record });
      const study = this.samplerView(record);
      await this.sampler.beforeTrial?.({
        study,
        trial: record,
        rng: Rng.derive(this.sampler.seed, record.number, "before"),
      });
      const relCtx = new LazyRngContext(study, record, this.sampler.seed, "relative");
      const space = this.sampler.inferRelativeSearchSpace(relCtx);
      if (Object.keys(space).length > 0) {
        trial.setRelative(
          space,
          await this.sampler.sampleRelative({ study, trial: record, rng: relCtx.rng, searchSpace: space }),
        );
      }
    });
    return trial;
  }

  /**
   * Brings the snapshot up to date and claims a trial, in one storage call when the storage can (one
   * round trip per trial fewer on PostgreSQL), so the sampler sees every trial finished before the claim.
   */
  private async claimFresh(request: ClaimRequest): Promise<FrozenTrial | null> {
    if (this.storage.claimTrialWithChanges === undefined) {
      await this.refresh();
      return this.storage.claimTrial(this.studyId, request);
    }
    const { trial, changes } = await this.storage.claimTrialWithChanges(
      this.studyId,
      request,
      this.snapshot.cursor,
    );
    this.snapshot.applyChanges(changes);
    return trial;
  }

  /** Runs `fn`; when it throws, records the trial as FAIL with `code` (never left RUNNING) and rethrows. */
  private async failOnThrow(trial: Trial, code: string, fn: () => void | Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      // A TrialFailed (an enqueued value outside `ask`'s distributions) carries its own reason code.
      const reason = { code: error instanceof TrialFailed ? error.reasonCode : code, message };
      await this.tell(trial, { state: "FAIL", reason });
      throw error;
    }
  }

  /**
   * Finishes a trial: values (COMPLETE), `{ state: "PRUNED" }`, or `{ state: "FAIL", reason }`. Writes
   * the trial's buffered params and reports in the same write. Telling a finished trial again with the
   * same outcome returns it unchanged; a different outcome throws `TrialNotRunningError`. An invalid
   * result (wrong count, not a number) records FAIL and throws `ObjectiveResultError`.
   * @example
   * await study.tell(trial, 0.93);
   * await study.tell(7, { state: "PRUNED" });
   */
  async tell(trialOrNumber: Trial | FrozenTrial | number, result: TellResult): Promise<FrozenTrial> {
    const { record, error } = await this.finish(trialOrNumber, (t) =>
      resolveTell(t, result, this.directions),
    );
    if (error !== null) throw error;
    return record;
  }

  /**
   * @internal Finishes a trial with an objective's raw return value: one number per objective, anything
   * else FAIL "invalid-result". The error, if any, is returned after the FAIL is recorded.
   */
  tellValue(trial: Trial, raw: unknown): Promise<{ record: FrozenTrial; error: Error | null }> {
    return this.finish(trial, (t) => resolveValues(t, raw, this.directions));
  }

  private async finish(
    trialOrNumber: Trial | FrozenTrial | number,
    resolve: (trial: FrozenTrial) => ResolvedOutcome,
  ): Promise<{ record: FrozenTrial; error: Error | null }> {
    const number = typeof trialOrNumber === "number" ? trialOrNumber : trialOrNumber.number;
    const liveTrial = this.live.get(number);
    // A flush in flight (a heartbeat's) holds part of the buffer: wait for it, so the finishing write
    // carries everything and no late write meets a finished trial.
    if (liveTrial !== undefined) await liveTrial.writesSettled();
    const known = liveTrial?.lastRecord ?? (await this.findTrial(number));
    // Resolve before taking the buffer, so a rejected result loses no buffered write. A PRUNED trial
    // takes its last report as its value, so reports still in the buffer count.
    const outcome = resolve(withBufferedReports(known, liveTrial?.pendingReports));
    const patch: TrialPatch = liveTrial?.takePending() ?? {};
    const finish = await this.finishInStorage(known.trialId, {
      params: patch.params,
      distributions: patch.distributions,
      intermediateValues: patch.intermediateValues,
      constraints:
        outcome.constraints === undefined
          ? patch.constraints
          : { ...patch.constraints, ...outcome.constraints },
      userAttrs: patch.userAttrs,
      systemAttrs: patch.systemAttrs,
      state: outcome.state,
      values: outcome.values,
      failReason: outcome.failReason,
    }).catch((error: unknown) => {
      // Nothing was written: the buffer goes back, so a later tell of this trial still carries it.
      liveTrial?.restorePending(patch);
      throw error;
    });
    this.live.delete(number);
    liveTrial?.markTold(finish.trial.state);
    if (this.live.size === 0) studiesWithLiveTrials.delete(this);
    const absorbing = this.absorb(finish.trial);
    if (absorbing !== undefined) await absorbing;
    if (!finish.ok) return { record: this.alreadyFinished(finish.trial, outcome), error: null };
    await this.sampler.afterTrial?.({
      study: this.samplerView(finish.trial),
      trial: finish.trial,
      rng: Rng.derive(this.sampler.seed, number, "after"),
    });
    if (isLogged("info")) {
      const level =
        finish.trial.state === "FAIL" && finish.trial.failReason?.code !== "forbidden" ? "warning" : "info";
      log(level, finishedTrialMessage(finish.trial, this.directions, this.snapshot.best()));
    }
    return { record: finish.trial, error: outcome.error };
  }

  /** `finishTrial`, reading the other workers' changes in the same call when the storage can. */
  private async finishInStorage(trialId: number, outcome: TrialOutcome): Promise<FinishResult> {
    if (this.storage.finishTrialWithChanges === undefined) return this.storage.finishTrial(trialId, outcome);
    const { result, changes } = await this.storage.finishTrialWithChanges(
      trialId,
      outcome,
      this.snapshot.cursor,
    );
    this.snapshot.applyChanges(changes);
    return result;
  }

  /** A repeated tell: fine with the same outcome, an error otherwise. */
  private alreadyFinished(t: FrozenTrial, outcome: ResolvedOutcome): FrozenTrial {
    if (t.state === outcome.state && sameValues(t.values, outcome.values)) return t;
    const now =
      t.state === "WAITING"
        ? "WAITING (enqueued, not started: ask() claims it before it can be told)"
        : t.state === "STALE"
          ? "STALE: its lease ended without a heartbeat and another worker took it for lost; this late result is refused and changes nothing"
          : `already ${t.state}`;
    const values = t.values ? ` with values ${JSON.stringify(t.values)}` : "";
    throw new TrialNotRunningError(
      `tell(${t.number}): trial ${t.number} is ${now}${values}, so it cannot become ${outcome.state}. Tell each trial once, after ask().`,
      { name: String(t.number), value: outcome.values },
    );
  }

  /**
   * Queues parameters for a coming trial; `suggest*` returns them instead of sampling. Returns the
   * WAITING trial, or null when skipped because it exists. Throws `InvalidArgumentError`, writing
   * nothing, for a value outside its distribution (given, or known from earlier trials) and for NaN or
   * ±Infinity; a value the objective's distribution turns out not to hold fails only that trial.
   * @example
   * await study.enqueueTrial({ lr: 1e-3, optimizer: "adam" });
   */
  async enqueueTrial(
    params: Readonly<Record<string, ParamValue>>,
    options: EnqueueOptions = {},
  ): Promise<FrozenTrial | null> {
    if (params === null || typeof params !== "object" || Array.isArray(params)) {
      throw new InvalidArgumentError(
        `enqueueTrial(): params must be an object of name → value, but got ${Array.isArray(params) ? "an array" : String(params)}.`,
      );
    }
    checkOptionKeys("enqueueTrial()", options, ENQUEUE_KEYS);
    checkUserAttrs("enqueueTrial()", options.userAttrs);
    await this.refresh();
    checkEnqueuedParams(params, options.distributions, (name) => this.snapshot.distributionOf(name));
    if (options.skipIfExists === true) {
      const exists = this.snapshot.trials.some(
        (t) =>
          t.state !== "FAIL" &&
          sameParams((t.systemAttrs.fixedParams as typeof params | undefined) ?? t.params, params),
      );
      if (exists) return null;
    }
    const record = await this.storage.createTrial(this.studyId, {
      state: "WAITING",
      params: { ...params },
      // Kept apart from params, which grow as the trial suggests more: skipIfExists compares these.
      systemAttrs: { fixedParams: { ...params } },
      ...(options.userAttrs === undefined ? {} : { userAttrs: options.userAttrs }),
    });
    await this.absorb(record);
    return record;
  }

  /**
   * Adds a finished trial from elsewhere (warm start from earlier experiments). Distributions default to
   * those the study already knows for each name.
   * @example
   * await study.addTrial({ params: { x: 2 }, distributions: { x: { type: "float", low: -10, high: 10, log: false, step: null } }, values: [0] });
   */
  async addTrial(input: AddTrialInput): Promise<FrozenTrial> {
    await this.refresh();
    const newTrial = addTrialRecord(input, this.directions, (name) => this.snapshot.distributionOf(name));
    const record = await this.storage.createTrial(this.studyId, newTrial);
    await this.absorb(record);
    return record;
  }

  /**
   * Runs the objective in a loop (see {@link OptimizeOptions}) and resolves with why it stopped.
   * @example
   * const { stopReason } = await study.optimize(objective, { nTrials: 100, concurrency: 4 });
   */
  optimize(objective: ObjectiveFunction, options: OptimizeOptions = {}): Promise<OptimizeResult> {
    return runOptimize(this, objective, options);
  }

  /** Asks running `optimize` loops of this object to start no new trial and wind down. */
  stop(): void {
    for (const listener of [...this.stopListeners]) listener();
  }

  /** @internal Registers a `stop()` listener; returns its remover. */
  onStop(listener: () => void): () => void {
    this.stopListeners.add(listener);
    return () => this.stopListeners.delete(listener);
  }

  /** @internal The sampler's view for `trial` (restricted when the pruner says so). */
  samplerView(trial: FrozenTrial): StudyView {
    const filter = this.pruner.samplerFilter?.({ study: this.view(null), trial }) ?? null;
    return this.view(filter);
  }

  /** @internal The best trial of a single-objective study, or undefined (never throws). */
  peekBest(): FrozenTrial | undefined {
    return this.directions.length === 1 ? this.snapshot.best() : undefined;
  }

  /** @internal The unrestricted view of the snapshot. */
  fullView(): StudyView {
    return this.view(null);
  }

  /** @internal The trials this process has started and not told, by number. */
  liveTrials(): ReadonlyMap<number, Trial> {
    return this.live;
  }

  private view(filter: ((t: FrozenTrial) => boolean) | null): StudyView {
    if (filter === null) {
      this.unfilteredView ??= new SnapshotView(
        this.studyName,
        this.snapshot,
        this.stateStore,
        this.metricNames,
        null,
      );
      return this.unfilteredView;
    }
    return new SnapshotView(this.studyName, this.snapshot, this.stateStore, this.metricNames, filter);
  }

  /** Takes a record this process wrote into the snapshot; refreshes only when trials before it are unseen. */
  private absorb(trial: FrozenTrial): Promise<void> | undefined {
    return this.snapshot.apply(trial) ? undefined : this.refresh();
  }

  private async findTrial(number: number): Promise<FrozenTrial> {
    if (this.snapshot.trials[number] === undefined) await this.refresh();
    const t = this.snapshot.trials[number];
    if (t === undefined) {
      throw new TrialNotFoundError(
        `tell(${number}): study "${this.studyName}" has no trial ${number} (it has ${this.snapshot.trials.length}).`,
        {
          name: String(number),
          value: number,
        },
      );
    }
    if (!isFinished(t.state)) return (await this.storage.getTrial(t.trialId)) ?? t;
    return t;
  }

  private requireSingleObjective(what: string): void {
    if (this.directions.length !== 1) {
      throw new MultiObjectiveError(
        `${what} is defined for single-objective studies, but "${this.studyName}" has ${this.directions.length} objectives. Use bestTrials (the Pareto front).`,
      );
    }
  }
}

/** A sampler context whose generator is derived only when read (most samplers never read it here). */
class LazyRngContext implements SamplerContext {
  private derived: Rng | undefined;

  constructor(
    readonly study: StudyView,
    readonly trial: FrozenTrial,
    private readonly seed: number,
    private readonly key: string,
  ) {}

  get rng(): Rng {
    this.derived ??= Rng.derive(this.seed, this.trial.number, this.key);
    return this.derived;
  }
}

/** `trial` with its buffered reports merged in (by step, named values by name), as `tell` will store them. */
function withBufferedReports(
  trial: FrozenTrial,
  pending: Readonly<Record<number, IntermediateValue>> | undefined,
): FrozenTrial {
  if (pending === undefined) return trial;
  const merged: Record<number, IntermediateValue> = { ...trial.intermediateValues };
  for (const key of Object.keys(pending)) {
    const step = Number(key);
    merged[step] = mergeIntermediate(merged[step], pending[step] as IntermediateValue);
  }
  return { ...trial, intermediateValues: merged };
}

function suggestByDistribution(trial: Trial, name: string, d: Distribution): void {
  if (d.type === "categorical") trial.suggestCategorical(name, d.choices);
  else if (d.type === "int") trial.suggestInt(name, d.low, d.high, d.log ? { log: true } : { step: d.step });
  else
    trial.suggestFloat(name, d.low, d.high, d.log ? { log: true } : d.step === null ? {} : { step: d.step });
}

function sameValues(a: readonly number[] | null, b: readonly number[] | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}

/** Whether two parameter sets have the same names with the same values. */
function sameParams(
  a: Readonly<Record<string, ParamValue>>,
  b: Readonly<Record<string, ParamValue>>,
): boolean {
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && Object.is(a[k], b[k]))
  );
}
