/**
 * Helpers for the pruner tests: a study holding given learning curves as COMPLETE trials, and a running
 * trial that reports a curve and asks its pruner. Test-only; never imported by src/.
 */
import type { Pruner } from "../src/pruners/pruner.js";
import { RandomSampler } from "../src/samplers/random/random-sampler.js";
import { MemoryStorage } from "../src/storage/memory/memory-storage.js";
import { createStudy } from "../src/study/create-study.js";
import type { Study } from "../src/study/study.js";
import type { Direction, IntermediateValue } from "../src/trial/frozen-trial.js";
import type { Trial } from "../src/trial/trial.js";

/** A learning curve: the report at each step, by step (an array: step i is element i; holes skip steps). */
export type Curve = Readonly<Record<number, IntermediateValue>> | readonly (IntermediateValue | undefined)[];

/** Options of {@link curveStudy}. */
export interface CurveStudyOptions {
  readonly directions?: readonly Direction[];
  readonly metricNames?: readonly string[];
  readonly storage?: MemoryStorage;
  readonly studyName?: string;
}

/**
 * A study with `pruner` whose COMPLETE trials have the given curves (each final value: the last report's
 * first number, or 0 for a named report, or `finals[i]` when given).
 * @example
 * const study = await curveStudy(new MedianPruner(), [[1, 2], [3, 4]]);
 */
export async function curveStudy(
  pruner: Pruner,
  curves: readonly Curve[],
  options: CurveStudyOptions & { readonly finals?: readonly (number | readonly number[])[] } = {},
): Promise<Study> {
  const directions = options.directions ?? ["minimize"];
  const study = await createStudy({
    pruner,
    directions,
    sampler: new RandomSampler({ seed: 1 }),
    storage: options.storage ?? new MemoryStorage(),
    ...(options.studyName === undefined ? {} : { studyName: options.studyName }),
    ...(options.metricNames === undefined ? {} : { metricNames: options.metricNames }),
  });
  for (const [i, curve] of curves.entries()) {
    const intermediateValues = toRecord(curve);
    const final = options.finals?.[i] ?? finalOf(intermediateValues, directions.length);
    await study.addTrial({ params: {}, values: final, intermediateValues });
  }
  return study;
}

/**
 * Starts a trial, reports `curve` step by step and returns what `shouldPrune()` answered after each
 * report, by step (the trial stays RUNNING; tell it or not).
 * @example
 * const answers = await runCurve(study, [5, 4, 3]); // { 0: false, 1: false, 2: true }
 */
export async function runCurve(study: Study, curve: Curve, trial?: Trial): Promise<Record<number, boolean>> {
  const t = trial ?? (await study.ask());
  const answers: Record<number, boolean> = {};
  for (const [step, value] of Object.entries(toRecord(curve))) {
    t.report(value, Number(step));
    answers[Number(step)] = await t.shouldPrune();
  }
  return answers;
}

/** The steps at which `answers` said prune. */
export function prunedAt(answers: Record<number, boolean>): number[] {
  return Object.entries(answers)
    .filter(([, pruned]) => pruned)
    .map(([step]) => Number(step));
}

function toRecord(curve: Curve): Record<number, IntermediateValue> {
  const out: Record<number, IntermediateValue> = {};
  if (Array.isArray(curve)) {
    curve.forEach((v: IntermediateValue | undefined, step: number) => {
      if (v !== undefined) out[step] = v;
    });
  } else {
    for (const [step, v] of Object.entries(curve)) out[Number(step)] = v as IntermediateValue;
  }
  return out;
}

function finalOf(values: Record<number, IntermediateValue>, nObjectives: number): number | number[] {
  const steps = Object.keys(values).map(Number);
  const last = steps.length === 0 ? 0 : values[steps[steps.length - 1] as number];
  if (typeof last === "number") return nObjectives === 1 ? last : Array(nObjectives).fill(last);
  if (Array.isArray(last)) return nObjectives === 1 ? (last[0] as number) : last.slice(0, nObjectives);
  return nObjectives === 1 ? 0 : Array(nObjectives).fill(0);
}
