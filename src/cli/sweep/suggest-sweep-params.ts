import type { Distribution, ParamValue, Trial } from "../../core.js";
import { describeCondition, matches } from "./condition.js";
import type { Sweep } from "./sweep.js";

/**
 * Draws one trial's parameters: in sweep order, skipping each parameter whose `when` is false for the
 * values so far; constants are included in the result but never suggested into the trial (they are
 * not searched, and would only clutter the study's search space). Then rejects the trial through
 * `trial.forbid` (recorded as FAIL, reason "forbidden") when a `forbidden` rule matches.
 * @example
 * const objective = async (trial: Trial) => {
 *   const params = suggestSweepParams(trial, sweep); // { lr: 0.003, opt: "sgd", epochs: 20 }
 *   return runProgram(substituteArgs(argv, { params, trialNumber: trial.number, study: sweep.study }));
 * };
 */
export function suggestSweepParams(trial: Trial, sweep: Sweep): Record<string, ParamValue> {
  const values: Record<string, ParamValue> = {};
  for (const p of sweep.parameters) {
    if (p.when !== null && !matches(p.when, values)) continue;
    values[p.name] = p.kind === "constant" ? p.value : suggest(trial, p.name, p.distribution);
  }
  sweep.forbidden.forEach((rule, i) => {
    if (matches(rule, values))
      trial.forbid(`forbidden by rule ${i + 1} of the sweep: ${describeCondition(rule)}`);
  });
  return values;
}

function suggest(trial: Trial, name: string, d: Distribution): ParamValue {
  switch (d.type) {
    case "float":
      return trial.suggestFloat(
        name,
        d.low,
        d.high,
        d.step === null ? { log: d.log } : { log: d.log, step: d.step },
      );
    case "int":
      return trial.suggestInt(name, d.low, d.high, { log: d.log, step: d.step });
    case "categorical":
      return trial.suggestCategorical(name, d.choices);
  }
}
