import {
  InvalidArgumentError,
  MultiObjectiveError,
  NoCompletedTrialsError,
  NothingToScoreError,
} from "../errors.js";
import { checkOptionKeys, type KnownKeys } from "../options/option-keys.js";
import {
  type Distribution,
  isSingle,
  type SearchSpace,
  sameDistribution,
} from "../search-space/distribution.js";
import { intersectionSearchSpace } from "../search-space/intersection.js";
import type { Direction, FrozenTrial, TrialState } from "../trial/frozen-trial.js";
import { FanovaEvaluator } from "./fanova/fanova-evaluator.js";
import type { ImportanceEvaluator } from "./importance-evaluator.js";
import { buildImportanceInput } from "./importance-input.js";

/** How conditional parameters are scored: see {@link ParamImportancesOptions.conditional}. */
export const CONDITIONAL_MODES = ["intersection", "active"] as const;

/** One of {@link CONDITIONAL_MODES}. */
export type ConditionalMode = (typeof CONDITIONAL_MODES)[number];

/**
 * What to show beside scores computed with `conditional: "active"`: each was computed over its own set of
 * trials, so they do not add up to one and compare only loosely.
 */
export const ACTIVE_IMPORTANCE_NOTE =
  "Each parameter was scored over the trials where it is active, as its share of the importance among the parameters active with it: these scores are not normalised together.";

/** Options of {@link paramImportances} and {@link getParamImportances}. */
export interface ParamImportancesOptions {
  /**
   * How importance is measured. Default: a `FanovaEvaluator` (64 trees, a fresh random seed: pass
   * `new FanovaEvaluator({ seed })` for repeatable scores), chosen from the figures of
   * `bench/importance.ts`: on functions of known Sobol indices it ranks parameters closest to the truth
   * (Spearman 0.90–0.97 at 100 random trials, 0.96–0.97 at 1,000) and puts every dummy below every
   * parameter of index ≥ 0.05 in 10 of 10 seeds except for 100-trial TPE studies of an interaction
   * (7 of 10), in 0.14 s at 1,000 trials of 10 parameters. `PedAnovaEvaluator` is 10–60× faster (22 ms
   * at 10,000 trials) but needs more trials (it fails that dummy rule in 3–5 of 10 seeds at 100 trials).
   */
  readonly evaluator?: ImportanceEvaluator;
  /**
   * Score only these parameters (the others are left out of the evaluator's input too). A name that no
   * scored trial has is an error naming the known ones; a parameter with a single possible value is left
   * out of the result, as always.
   */
  readonly params?: readonly string[];
  /**
   * What importance is measured for: any number computed from a trial (another objective, the duration, a
   * user attribute). Default: the objective value; required when the study has several objectives.
   * Trials whose target is not a finite number are left out.
   * @example
   * { target: (t) => t.values![1], targetName: "latency", targetDirection: "minimize" }
   */
  readonly target?: (trial: FrozenTrial) => number;
  /** The target's name, for display (the command line, the dashboard); not used in the computation. */
  readonly targetName?: string;
  /**
   * Whether a lower or a higher target is better, which matters to evaluators that look at the best trials
   * (PED-ANOVA). Default: the direction of the first objective (as Optuna does), also for a custom
   * `target`: set it when your target runs the other way (a duration in a maximised study).
   */
  readonly targetDirection?: Direction;
  /**
   * Divide the scores by their sum so that they add up to 1 (default true). All-zero scores (a constant
   * target) stay all zero.
   */
  readonly normalize?: boolean;
  /**
   * "intersection" (default, as Optuna): only the parameters every scored trial has, with one
   * distribution, are scored, all over the same trials. "active": each parameter is scored over the
   * trials where it is active (with the distribution it has in the latest such trial), with the
   * intersection search space of those trials as the evaluator's columns; it gets its own score in that
   * evaluation, divided by the sum of that evaluation's scores when `normalize` is on. Parameters of
   * different branches are thus scored over different trials, and the result does not add up to one:
   * show {@link ACTIVE_IMPORTANCE_NOTE} beside it.
   */
  readonly conditional?: ConditionalMode;
  /** The trials scored, by state. Default COMPLETE only: pruned and failed trials have no final value. */
  readonly states?: readonly TrialState[];
}

const OPTION_KEYS = {
  evaluator: true,
  params: true,
  target: true,
  targetName: true,
  targetDirection: true,
  normalize: true,
  conditional: true,
  states: true,
} satisfies KnownKeys<ParamImportancesOptions>;

/** What {@link getParamImportances} needs of a study: a `Study` fits. */
export interface ImportanceStudy {
  readonly directions: readonly Direction[];
  getTrials(): Promise<readonly FrozenTrial[]>;
}

/** What one call scores: the trials, their oriented targets, the parameters asked for (null: all). */
interface Scoring {
  readonly scored: readonly FrozenTrial[];
  readonly y: Float64Array;
  readonly wanted: Set<string> | null;
  readonly evaluator: ImportanceEvaluator;
  readonly normalize: boolean;
}

const DEFAULT_STATES: readonly TrialState[] = ["COMPLETE"];

/**
 * How much each parameter mattered to the target over `trials`, most important first: name → score ≥ 0
 * (summing to 1 by default). Synchronous, for trials already at hand (the dashboard's cache); use
 * {@link getParamImportances} on a study. Parameters with a single possible value are left out. (A
 * JavaScript object lists integer-like keys such as "2" first whatever their score: sort the entries by
 * value if your parameters have such names.)
 * Throws `NoCompletedTrialsError` when no trial in `states` has a finite target, `MultiObjectiveError`
 * when the study has several objectives and no `target`, `NothingToScoreError` when no parameter is left
 * to score, `InvalidArgumentError` for an unknown name in `params`.
 * @example
 * paramImportances(study.trials, study.directions); // { lr: 0.71, layers: 0.22, dropout: 0.07 }
 */
export function paramImportances(
  trials: readonly FrozenTrial[],
  directions: readonly Direction[],
  options: ParamImportancesOptions = {},
): Record<string, number> {
  checkOptions(options);
  const states = options.states ?? DEFAULT_STATES;
  const { scored, y } = scoredTrials(trials, directions, options, states);
  const wanted = wantedParams(options, scored);
  const scoring: Scoring = {
    scored,
    y,
    wanted,
    evaluator: options.evaluator ?? new FanovaEvaluator(),
    normalize: options.normalize !== false,
  };
  const scores = options.conditional === "active" ? activeScores(scoring) : intersectionScores(scoring);
  return ordered(scores);
}

/**
 * {@link paramImportances} over a study's trials, after refreshing it so that other workers' trials count.
 * @example
 * const importances = await getParamImportances(study);
 * const latency = await getParamImportances(study, { target: (t) => t.values![1], targetName: "latency" });
 */
export async function getParamImportances(
  study: ImportanceStudy,
  options: ParamImportancesOptions = {},
): Promise<Record<string, number>> {
  return paramImportances(await study.getTrials(), study.directions, options);
}

/** Refuses unknown keys and an unknown conditional mode: from JavaScript, a typo would silently score otherwise. */
function checkOptions(options: ParamImportancesOptions): void {
  checkOptionKeys("paramImportances()", options, OPTION_KEYS);
  const mode = options.conditional;
  if (mode !== undefined && !CONDITIONAL_MODES.includes(mode)) {
    throw new InvalidArgumentError(
      `paramImportances(): conditional must be one of ${CONDITIONAL_MODES.map((m) => `"${m}"`).join(", ")}, but got ${JSON.stringify(mode)}.`,
      { name: "conditional", value: mode },
    );
  }
}

/** The trials in `states` with a finite target, and their targets oriented lower-is-better. */
function scoredTrials(
  trials: readonly FrozenTrial[],
  directions: readonly Direction[],
  options: ParamImportancesOptions,
  states: readonly TrialState[],
): { scored: FrozenTrial[]; y: Float64Array } {
  const target = options.target ?? defaultTarget(directions);
  const sign = (options.targetDirection ?? directions[0] ?? "minimize") === "maximize" ? -1 : 1;
  const scored: FrozenTrial[] = [];
  const values: number[] = [];
  for (const trial of trials) {
    if (!states.includes(trial.state)) continue;
    const value = target(trial);
    if (typeof value !== "number" || !Number.isFinite(value)) continue;
    scored.push(trial);
    values.push(sign * value);
  }
  if (scored.length === 0) {
    throw new NoCompletedTrialsError(
      `Parameter importance needs at least one trial in state ${states.join("/")} with a finite target, but none of the ${trials.length} trials has one. Run more trials, or widen the states option.`,
    );
  }
  return { scored, y: Float64Array.from(values) };
}

function defaultTarget(directions: readonly Direction[]): (trial: FrozenTrial) => number {
  if (directions.length > 1) {
    throw new MultiObjectiveError(
      `Parameter importance needs one target, but the study has ${directions.length} objectives. Pass target, e.g. { target: (t) => t.values![0], targetName: "objective 0" }.`,
    );
  }
  return (trial) => trial.values?.[0] ?? Number.NaN;
}

/** The names `options.params` asks for (all when unset), after checking that the scored trials know them. */
function wantedParams(options: ParamImportancesOptions, scored: readonly FrozenTrial[]): Set<string> | null {
  if (options.params === undefined) return null;
  const known = new Set<string>();
  for (const trial of scored) for (const name of Object.keys(trial.params)) known.add(name);
  const unknown = options.params.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new InvalidArgumentError(
      `params: ${unknown.map((n) => JSON.stringify(n)).join(", ")} ${unknown.length === 1 ? "is" : "are"} not a parameter of any scored trial. Known parameters: ${[...known].sort().join(", ") || "(none)"}.`,
      { name: "params", value: unknown },
    );
  }
  return new Set(options.params);
}

/** The intersection search space of `trials`, single-valued parameters included. */
function sharedSpace(trials: readonly FrozenTrial[]): SearchSpace {
  return intersectionSearchSpace(trials, {
    states: [...new Set(trials.map((t) => t.state))],
    includeSingle: true,
  });
}

/** The parameters of `trials`' intersection search space to score: `wanted` ones, single-valued ones left out. */
function columnsOf(space: SearchSpace, wanted: Set<string> | null): [string, Distribution][] {
  return Object.entries(space).filter(([name, dist]) => !isSingle(dist) && (wanted?.has(name) ?? true));
}

function intersectionScores({ scored, y, wanted, evaluator, normalize }: Scoring): Map<string, number> {
  const space = sharedSpace(scored);
  const missing = [...(wanted ?? [])].filter((name) => space[name] === undefined);
  if (missing.length > 0) {
    throw new InvalidArgumentError(
      `params: ${missing.map((n) => JSON.stringify(n)).join(", ")} ${missing.length === 1 ? "is" : "are"} not set, with one distribution, in every scored trial, so the intersection search space leaves ${missing.length === 1 ? "it" : "them"} out. Score conditional parameters with { conditional: "active" }.`,
      { name: "params", value: missing },
    );
  }
  const columns = columnsOf(space, wanted);
  if (columns.length === 0) throw nothingToScore(scored.length);
  const scores = evaluate(evaluator, buildImportanceInput(scored, columns, y));
  if (normalize) normalizeInPlace(scores);
  return new Map(columns.map(([name], j) => [name, scores[j] as number]));
}

function activeScores({ scored, y, wanted, evaluator, normalize }: Scoring): Map<string, number> {
  const latest = new Map<string, Distribution>();
  for (const trial of [...scored].sort((a, b) => a.number - b.number)) {
    for (const [name, dist] of Object.entries(trial.distributions)) latest.set(name, dist);
  }
  const out = new Map<string, number>();
  // Parameters active in the same trials share one evaluation.
  const evaluations = new Map<string, { names: string[]; scores: Float64Array }>();
  for (const name of [...latest.keys()].sort()) {
    const dist = latest.get(name) as Distribution;
    if ((wanted !== null && !wanted.has(name)) || isSingle(dist)) continue;
    const rows: number[] = [];
    scored.forEach((trial, i) => {
      const own = trial.distributions[name];
      if (own !== undefined && sameDistribution(own, dist)) rows.push(i);
    });
    const key = rows.join(",");
    let evaluation = evaluations.get(key);
    if (evaluation === undefined) {
      const trials = rows.map((i) => scored[i] as FrozenTrial);
      const columns = columnsOf(sharedSpace(trials), wanted);
      const scores = evaluate(
        evaluator,
        buildImportanceInput(
          trials,
          columns,
          Float64Array.from(rows, (i) => y[i] as number),
        ),
      );
      if (normalize) normalizeInPlace(scores);
      evaluation = { names: columns.map(([n]) => n), scores };
      evaluations.set(key, evaluation);
    }
    out.set(name, evaluation.scores[evaluation.names.indexOf(name)] as number);
  }
  if (out.size === 0) throw nothingToScore(scored.length);
  return out;
}

function evaluate(
  evaluator: ImportanceEvaluator,
  input: ReturnType<typeof buildImportanceInput>,
): Float64Array {
  const scores = evaluator.evaluate(input);
  const bad = scores.length !== input.params.length || scores.some((s) => !(s >= 0) || !Number.isFinite(s));
  if (bad) {
    throw new InvalidArgumentError(
      `evaluator "${evaluator.name}" must return one finite score ≥ 0 per parameter (${input.params.length}), but returned [${[...scores].join(", ")}]. Fix the evaluator.`,
      { name: "evaluator", value: evaluator.name },
    );
  }
  return scores;
}

function normalizeInPlace(scores: Float64Array): void {
  let sum = 0;
  for (const s of scores) sum += s;
  if (sum > 0) for (let j = 0; j < scores.length; j++) scores[j] = (scores[j] as number) / sum;
}

function nothingToScore(nTrials: number): NothingToScoreError {
  return new NothingToScoreError(
    `Parameter importance found no parameter to score over ${nTrials} trial(s): the parameters they all share have a single possible value, or they share none. Score conditional parameters with { conditional: "active" }, or widen params.`,
  );
}

/** Most important first; ties by name, so equal scores always come in the same order. */
function ordered(scores: Map<string, number>): Record<string, number> {
  const entries = [...scores].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return Object.fromEntries(entries);
}
