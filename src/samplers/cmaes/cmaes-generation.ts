import type { CmaEsSolution } from "../../math/cma-es/cma-es.js";
import type { Direction, FrozenTrial } from "../../trial/frozen-trial.js";
import type { CmaEsRecord } from "./cmaes-record.js";
import { type NumericDistribution, toUnit } from "./cmaes-space.js";

/** How trials of a generation turn into CMA-ES solutions. */
export interface GenerationRules {
  readonly direction: Direction;
  /** Count PRUNED trials, valued at their last reported step. */
  readonly usePrunedTrials: boolean;
}

/** A generation ready to tell: its solutions and the trials they came from. */
export interface FullGeneration {
  readonly solutions: CmaEsSolution[];
  readonly trials: number[];
}

/**
 * The generation to tell, once `popsize` of the trials proposed from it have finished usably: COMPLETE
 * trials, and PRUNED ones (their last report) when `usePrunedTrials`. FAILED and STALE trials never
 * count, so a generation waits for replacements. When more than `popsize` are usable (a worker looked
 * late), the first to finish are taken (by completion time, then number) and the rest are surplus.
 * Returns null while the generation is not full.
 * @example
 * const full = fullGeneration(record, study.trials, { direction: "minimize", usePrunedTrials: false });
 */
export function fullGeneration(
  record: CmaEsRecord,
  trials: readonly FrozenTrial[],
  rules: GenerationRules,
): FullGeneration | null {
  const proposed = new Set(record.proposed);
  const usable: { trial: FrozenTrial; value: number }[] = [];
  for (const trial of trials) {
    if (!proposed.has(trial.number)) continue;
    if (!record.names.every((name) => typeof trial.params[name] === "number")) continue;
    const value = objectiveValue(trial, rules.usePrunedTrials);
    if (value !== null) usable.push({ trial, value: rules.direction === "maximize" ? -value : value });
  }
  if (usable.length < record.state.popsize) return null;
  usable.sort(
    (a, b) =>
      (a.trial.completedAt ?? Number.POSITIVE_INFINITY) - (b.trial.completedAt ?? Number.POSITIVE_INFINITY) ||
      a.trial.number - b.trial.number,
  );
  const chosen = usable.slice(0, record.state.popsize);
  return {
    solutions: chosen.map(({ trial, value }) => ({ x: unitPoint(record, trial), value })),
    trials: chosen.map(({ trial }) => trial.number),
  };
}

/** A finished trial's value for CMA-ES, or null when it does not count. */
function objectiveValue(trial: FrozenTrial, usePrunedTrials: boolean): number | null {
  if (trial.state === "COMPLETE") return trial.values?.[0] ?? null;
  if (trial.state !== "PRUNED" || !usePrunedTrials) return null;
  const steps = Object.keys(trial.intermediateValues).map(Number);
  if (steps.length === 0) return null;
  const last = trial.intermediateValues[Math.max(...steps)];
  return typeof last === "number" ? last : null;
}

/**
 * The trial's parameters as the unit-cube point CMA-ES saw: the rounded values it was given (as Optuna
 * tells them), so the update learns from what was evaluated.
 */
function unitPoint(record: CmaEsRecord, trial: FrozenTrial): Float64Array {
  return Float64Array.from(record.names, (name) => {
    return toUnit(record.distributions[name] as NumericDistribution, trial.params[name] as number);
  });
}
