import { InvalidArgumentError, StorageError } from "../../errors.js";
import { log } from "../../logging/logger.js";
import {
  type CmaEsState,
  defaultPopsize,
  initCmaEs,
  isDegenerate,
  sample,
  update,
} from "../../math/cma-es/cma-es.js";
import { stopReason } from "../../math/cma-es/cma-es-stop.js";
import { Rng, randomSeed } from "../../math/rng.js";
import { checkOptionKeys, type KnownKeys, knownOptions } from "../../options/option-keys.js";
import {
  type Distribution,
  isSingle,
  type SearchSpace,
  sameDistribution,
} from "../../search-space/distribution.js";
import { IntersectionSearchSpace } from "../../search-space/intersection.js";
import type { PluginConfig } from "../../storage/storage.js";
import type { StudyView } from "../../study/study-view.js";
import type { FrozenTrial, JsonValue } from "../../trial/frozen-trial.js";
import { RandomSampler } from "../random/random-sampler.js";
import { type IndependentSample, registerSampler, type Sampler, type SamplerContext } from "../sampler.js";
import { TPESampler } from "../tpe/tpe-sampler.js";
import { type FullGeneration, fullGeneration } from "./cmaes-generation.js";
import { CMAES_STATE_KEY, type CmaEsRecord, cmaEsRecordToJson, parseCmaEsRecord } from "./cmaes-record.js";
import { afterGeneration, CMAES_RESTARTS, type CmaEsRestart, NO_RESTARTS, nextRun } from "./cmaes-restart.js";
import { fromUnit, type NumericDistribution, toUnit } from "./cmaes-space.js";

export { CMAES_STATE_KEY, type CmaEsRecord, parseCmaEsRecord } from "./cmaes-record.js";
export { CMAES_RESTARTS, type CmaEsRestart, type CmaEsRestarts } from "./cmaes-restart.js";

/** The samplers that may take the parameters CMA-ES does not search. */
export const CMAES_FALLBACKS = ["random", "tpe"] as const;
/** See {@link CMAES_FALLBACKS}. */
export type CmaEsFallback = (typeof CMAES_FALLBACKS)[number];

/** Options of {@link CmaEsSampler}. */
export interface CmaEsSamplerOptions {
  /** The initial mean, by parameter name (external values); parameters not named start mid-range. */
  readonly x0?: Readonly<Record<string, number>>;
  /** The initial step size, as a fraction of each parameter's (log-)range. Default 1/6. */
  readonly sigma0?: number;
  /** λ, trials per generation. Default 4 + ⌊3 ln n⌋ for n searched parameters. */
  readonly popsize?: number;
  /** Seed of every candidate and of the fallback; a random one when omitted (recorded in `toJSON()`). */
  readonly seed?: number;
  /** Count PRUNED trials, valued at their last report (Optuna's `consider_pruned_trials`). Default false. */
  readonly usePrunedTrials?: boolean;
  /** The sampler of categorical and conditional parameters. Default "random". */
  readonly fallback?: CmaEsFallback;
  /**
   * Restart a stagnated search (flat best values, a collapsed spread or an ill-conditioned covariance) at
   * a random point: "ipop" doubles the population each time, "bipop" alternates that with small runs.
   * Default null: only a collapsed search restarts, at its mean, with the same population.
   */
  readonly restart?: CmaEsRestart;
}

/** The keys of {@link CmaEsSamplerOptions}, checked at runtime. */
export const CMAES_SAMPLER_KEYS = {
  x0: true,
  sigma0: true,
  popsize: true,
  seed: true,
  usePrunedTrials: true,
  fallback: true,
  restart: true,
} satisfies KnownKeys<CmaEsSamplerOptions>;

/** Compare-and-set attempts before giving up; each lost attempt means another writer made progress. */
const MAX_ATTEMPTS = 1000;

/**
 * CMA-ES (Hansen's tutorial, default constants) over a study's float and int parameters: strong on
 * continuous spaces with budgets of hundreds of trials or more, where it learns the scale and
 * correlations of the parameters.
 *
 * - The searched parameters are those every finished trial has with one distribution (the intersection
 *   search space), floats and ints with more than one value; log-scaled ones are searched in log space,
 *   and every coordinate in the unit cube of its range (ints and stepped floats rounded to their grid).
 *   Categorical and conditional parameters, and every parameter of the first trial, go to the fallback
 *   sampler (random or independent TPE), with one warning once trials exist.
 * - The search lives in the study's compare-and-set state record `"sampler:cmaes"` (mean, σ, covariance,
 *   paths, generation, the trials proposed from the current generation and those that fed the last
 *   update), so every worker and a restarted process continue ONE search. A trial belongs to the
 *   generation it was proposed from. When `popsize` of them have finished usably, the first worker to
 *   notice tells the generation (compare-and-set; a loser re-reads and proposes from the new state).
 * - COMPLETE trials count; PRUNED ones only with `usePrunedTrials` (valued at their last report); FAILED
 *   ones never, so a generation waits for replacements. Trials proposed beyond the first `popsize` usable
 *   ones (surplus from parallel workers) are told to the study as usual but do not feed the update.
 *   Trials of other samplers (before this sampler was used, or enqueued with every searched parameter
 *   fixed) never feed it: pass `x0` to start from a known good point.
 * - A change of the searched space (a parameter dropped or its range changed) starts a new search, with
 *   a warning. Without `restart`, a collapsed distribution (σ·max D < 1e-14 of the unit cube, or a
 *   non-finite entry) starts a new search at its mean. With `restart: "ipop"` or `"bipop"`, a stagnated
 *   one (flat best values over 10 + ⌈30n/λ⌉ generations, σ·max D < 1e-9·σ₀, cond(C) > 1e14, or collapsed)
 *   restarts at a random point with a doubled (IPOP) or, alternately, a small random (BIPOP) population;
 *   the restart sequence lives in the record, so all workers follow it.
 * @example
 * const study = await createStudy({ sampler: new CmaEsSampler({ seed: 1 }) });
 * await study.optimize((t) => (t.suggestFloat("x", -5, 5) - 1) ** 2 + t.suggestFloat("y", -5, 5) ** 2, { nTrials: 200 });
 */
export class CmaEsSampler implements Sampler {
  readonly name = "cmaes";
  readonly seed: number;
  readonly capabilities = { multiObjective: false, constraints: false } as const;
  readonly x0: Readonly<Record<string, number>> | undefined;
  readonly sigma0: number;
  readonly popsize: number | undefined;
  readonly usePrunedTrials: boolean;
  readonly fallback: CmaEsFallback;
  readonly restartStrategy: CmaEsRestart;
  private readonly fallbackSampler: Sampler;
  private readonly warned = new Set<string>();
  /** Restarts itself when shown another study's trials, so one serves every study. */
  private readonly intersection = new IntersectionSearchSpace();

  constructor(options: CmaEsSamplerOptions = {}) {
    if (options === null || typeof options !== "object") {
      throw new InvalidArgumentError(
        `CmaEsSampler: options must be an object such as { seed: 42 }, but got ${String(options)}.`,
      );
    }
    checkOptionKeys("CmaEsSampler", options, CMAES_SAMPLER_KEYS);
    const {
      x0,
      sigma0 = 1 / 6,
      popsize,
      seed,
      usePrunedTrials = false,
      fallback = "random",
      restart = null,
    } = options;
    if (
      x0 !== undefined &&
      (x0 === null || typeof x0 !== "object" || !Object.values(x0).every(Number.isFinite))
    ) {
      fail("x0", x0, "an object of finite numbers by parameter name, such as { lr: 0.01 }");
    }
    if (!(sigma0 > 0 && sigma0 <= 1))
      fail("sigma0", sigma0, "a number in (0, 1], the fraction of each range; 1/6 is the default");
    if (popsize !== undefined && !(Number.isInteger(popsize) && popsize >= 2))
      fail("popsize", popsize, "an integer ≥ 2");
    if (seed !== undefined && !Number.isInteger(seed)) fail("seed", seed, "an integer");
    if (typeof usePrunedTrials !== "boolean") fail("usePrunedTrials", usePrunedTrials, "true or false");
    if (!(CMAES_FALLBACKS as readonly string[]).includes(fallback))
      fail("fallback", fallback, `one of ${CMAES_FALLBACKS.map((f) => `"${f}"`).join(", ")}`);
    if (restart !== null && !(CMAES_RESTARTS as readonly unknown[]).includes(restart))
      fail("restart", restart, `null or one of ${CMAES_RESTARTS.map((r) => `"${r}"`).join(", ")}`);
    this.x0 = x0;
    this.restartStrategy = restart;
    this.sigma0 = sigma0;
    this.popsize = popsize;
    this.seed = seed ?? randomSeed();
    this.usePrunedTrials = usePrunedTrials;
    this.fallback = fallback;
    this.fallbackSampler =
      fallback === "tpe"
        ? new TPESampler({ seed: this.seed, multivariate: false, warnIndependentSampling: false })
        : new RandomSampler({ seed: this.seed });
  }

  /** The float and int parameters (with more than one value) every finished trial has. */
  inferRelativeSearchSpace(ctx: SamplerContext): SearchSpace {
    const space = this.intersection.calculate(ctx.study.trials);
    return Object.fromEntries(
      Object.entries(space).filter(([, dist]) => dist.type !== "categorical" && !isSingle(dist)),
    );
  }

  /**
   * Tells the current generation if it is full, then proposes this trial from the (new) current one,
   * both through one compare-and-set of the study's record.
   */
  async sampleRelative(
    ctx: SamplerContext & { readonly searchSpace: SearchSpace },
  ): Promise<Record<string, number>> {
    const { searchSpace, trial, study } = ctx;
    const names = Object.keys(searchSpace).sort();
    if (names.length === 0 || names.every((name) => name in trial.params)) return {};
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const stored = await study.state.get(CMAES_STATE_KEY);
      let record = this.current(
        stored === null ? null : parseCmaEsRecord(stored.value, study.studyName),
        searchSpace,
        study,
      );
      const full = fullGeneration(record, study.trials, {
        direction: study.directions[0] ?? "minimize",
        usePrunedTrials: this.usePrunedTrials,
      });
      if (full !== null) record = this.tell(record, full, study);
      const x = sample(record.state, Rng.derive(record.seed, trial.number, "cmaes"));
      const next: CmaEsRecord = { ...record, proposed: [...record.proposed, trial.number] };
      if (
        (await study.state.compareAndSet(CMAES_STATE_KEY, stored?.version ?? 0, cmaEsRecordToJson(next))) !==
        null
      ) {
        const values: Record<string, number> = {};
        record.names.forEach((name, j) => {
          values[name] = fromUnit(record.distributions[name] as NumericDistribution, x[j] as number);
        });
        return values;
      }
    }
    throw new StorageError(
      `CmaEsSampler: study "${study.studyName}": ${MAX_ATTEMPTS} compare-and-set attempts on "${CMAES_STATE_KEY}" in a row lost to other writers. The storage's compareAndSetState may be broken; check that it returns the new record on success.`,
      { name: CMAES_STATE_KEY },
    );
  }

  /** The fallback sampler's value (categorical and conditional parameters, and the first trial's). */
  sampleIndependent(ctx: SamplerContext & IndependentSample): number {
    if (ctx.study.trials.some(isUsableHistory)) {
      this.warnOnce(
        "fallback",
        `CmaEsSampler: parameter "${ctx.name}" (trial ${ctx.trial.number}) is sampled by the ${this.fallback} fallback, not CMA-ES, because it is categorical or not in every finished trial with one distribution (a conditional parameter, or one whose range changed). Other such parameters are not reported again.`,
      );
    }
    return this.fallbackSampler.sampleIndependent(ctx);
  }

  /** `{ name: "cmaes", options: { x0?, sigma0, popsize?, seed, usePrunedTrials, fallback, restart } }`. */
  toJSON(): PluginConfig {
    const options: Record<string, JsonValue> = {
      sigma0: this.sigma0,
      seed: this.seed,
      usePrunedTrials: this.usePrunedTrials,
      fallback: this.fallback,
      restart: this.restartStrategy,
    };
    if (this.x0 !== undefined) options.x0 = { ...this.x0 };
    if (this.popsize !== undefined) options.popsize = this.popsize;
    return { name: this.name, options };
  }

  /** The stored search when it is over `searchSpace`, else a fresh one (with a warning if one existed). */
  private current(stored: CmaEsRecord | null, searchSpace: SearchSpace, study: StudyView): CmaEsRecord {
    const names = Object.keys(searchSpace).sort();
    if (stored !== null && sameSpace(stored, names, searchSpace)) return stored;
    if (stored !== null) {
      this.warnOnce(
        `space:${names.join(",")}`,
        `CmaEsSampler: study "${study.studyName}" now searches ${names.join(", ")} (or their ranges changed), not ${stored.names.join(", ")}: a new CMA-ES search starts over this space.`,
      );
    }
    const distributions = Object.fromEntries(names.map((name) => [name, searchSpace[name] as Distribution]));
    const mean = names.map((name) => {
      const dist = searchSpace[name] as NumericDistribution;
      const start = this.x0?.[name];
      return start === undefined ? 0.5 : Math.min(1, Math.max(0, toUnit(dist, start)));
    });
    return {
      format: 1,
      seed: stored?.seed ?? this.seed,
      names,
      distributions,
      state: initCmaEs({ mean, sigma: this.sigma0, popsize: this.popsize }),
      proposed: [],
      fedBy: [],
      restarts: NO_RESTARTS,
    };
  }

  /**
   * The record after telling a full generation, restarted when the search stagnated. Proposals are
   * emptied either way, so a trial proposed from the old run that finishes later never feeds the new one.
   */
  private tell(record: CmaEsRecord, full: FullGeneration, study: StudyView): CmaEsRecord {
    const state = update(record.state, full.solutions);
    const told = { ...record, proposed: [], fedBy: full.trials };
    if (this.restartStrategy === null) {
      return { ...told, state: isDegenerate(state) ? this.restart(state, study) : state };
    }
    const values = full.solutions.map((s) => s.value);
    const restarts = afterGeneration(record.restarts, record.state, values);
    const reason = isDegenerate(state)
      ? "degenerate"
      : stopReason(state, this.sigma0, restarts.recentBests, values);
    if (reason === null) return { ...told, state, restarts };
    const next = nextRun(restarts, {
      strategy: this.restartStrategy,
      seed: record.seed,
      dim: state.dim,
      basePopsize: this.popsize ?? defaultPopsize(state.dim),
      sigma0: this.sigma0,
    });
    log(
      "info",
      `CmaEsSampler: study "${study.studyName}": restart ${next.restarts.count} (${this.restartStrategy}, ${next.restarts.regime} regime) after ${state.generation} generations (${reason}); population ${next.state.popsize}, step size ${next.state.sigma}.`,
    );
    return { ...told, ...next };
  }

  /**
   * A fresh search at the collapsed one's mean (mid-range if it is not finite), with σ₀ and C = I, when
   * the distribution has shrunk to nothing; the policy without a `restart` option.
   */
  private restart(state: CmaEsState, study: StudyView): CmaEsState {
    this.warnOnce(
      "restart",
      `CmaEsSampler: study "${study.studyName}": the CMA-ES distribution collapsed after ${state.generation} generations (step size ${state.sigma}); a new search starts at its mean with sigma0 = ${this.sigma0}.`,
    );
    const mean = Array.from(state.mean, (m) => (Number.isFinite(m) ? Math.min(1, Math.max(0, m)) : 0.5));
    return initCmaEs({ mean, sigma: this.sigma0, popsize: state.popsize });
  }

  private warnOnce(key: string, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    log("warning", message);
  }
}

function sameSpace(record: CmaEsRecord, names: readonly string[], space: SearchSpace): boolean {
  return (
    record.names.length === names.length &&
    record.names.every((name, j) => {
      const stored = record.distributions[name];
      return (
        name === names[j] && stored !== undefined && sameDistribution(stored, space[name] as Distribution)
      );
    })
  );
}

function isUsableHistory(trial: FrozenTrial): boolean {
  return trial.state === "COMPLETE" || trial.state === "PRUNED";
}

function fail(name: string, value: unknown, what: string): never {
  throw new InvalidArgumentError(`CmaEsSampler: ${name} must be ${what}, but got ${JSON.stringify(value)}.`, {
    name,
    value: value as JsonValue,
  });
}

registerSampler(
  "cmaes",
  (options) => new CmaEsSampler(knownOptions('sampler "cmaes"', options, CMAES_SAMPLER_KEYS)),
);
