import type { FrozenTrial } from "../trial/frozen-trial.js";

/**
 * Whether a pruner that checks every `intervalSteps` steps after `nWarmupSteps` should check now, at
 * the trial's last reported `step`. Check points are nWarmupSteps, nWarmupSteps + intervalSteps, ...;
 * the check for a point happens at the first report at or after it, so a trial that skips a check
 * point's step is checked at its next report instead (Optuna's rule). Steps before nWarmupSteps are
 * never checked.
 * @example
 * isCheckStep(trial, 7, 5, 2); // true when 7 is the first reported step ≥ 7 since the check point 5
 */
export function isCheckStep(
  trial: FrozenTrial,
  step: number,
  nWarmupSteps: number,
  intervalSteps: number,
): boolean {
  if (step < nWarmupSteps) return false;
  const checkPoint = nWarmupSteps + Math.floor((step - nWarmupSteps) / intervalSteps) * intervalSteps;
  let previous = -1;
  for (const key in trial.intermediateValues) {
    const s = Number(key);
    if (s < step && s > previous) previous = s;
  }
  return previous < checkPoint;
}
