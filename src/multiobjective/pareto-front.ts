import { InvalidArgumentError } from "../errors.js";
import { type Direction, type FrozenTrial, isFeasible } from "../trial/frozen-trial.js";
import { paretoFrontIndices } from "./non-dominated-sort.js";

/**
 * The Pareto-optimal trials of a study: among the COMPLETE trials with values that satisfy every
 * constraint ({@link isFeasible}), those whose values no other such trial's values dominate
 * (`dominates`). An infeasible trial is never on the front, even when no trial is feasible (the
 * front is then empty). Trials with equal values are all kept. The result is in ascending trial number.
 *
 * @throws InvalidArgumentError when a considered trial does not have one value per direction.
 * @example
 * const best = paretoFront(study.trials, ["minimize", "maximize"]);
 * for (const t of best) console.log(t.number, t.values);
 */
export function paretoFront(trials: readonly FrozenTrial[], directions: readonly Direction[]): FrozenTrial[] {
  const candidates: FrozenTrial[] = [];
  const values: (readonly number[])[] = [];
  for (const trial of trials) {
    if (trial.state !== "COMPLETE" || trial.values === null || !isFeasible(trial)) continue;
    if (trial.values.length !== directions.length) {
      throw new InvalidArgumentError(
        `paretoFront(): trial ${trial.number} has ${trial.values.length} values but there are ` +
          `${directions.length} directions. Pass one direction per objective of the study.`,
        { name: "directions", value: trial.number },
      );
    }
    candidates.push(trial);
    values.push(trial.values);
  }
  return paretoFrontIndices(values, directions)
    .map((i) => candidates[i] as FrozenTrial)
    .sort((a, b) => a.number - b.number);
}
