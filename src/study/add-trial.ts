import { InvalidArgumentError } from "../errors.js";
import { contains, type Distribution, type ParamValue } from "../search-space/distribution.js";
import { assertCompatible, describe, validateDistribution } from "../search-space/validate.js";
import type { NewTrial } from "../storage/storage.js";
import type { Direction, IntermediateValue, JsonValue } from "../trial/frozen-trial.js";
import { checkUserAttrs } from "../trial/json-value.js";

/** A finished trial to add to a study (see `Study.addTrial`). */
export interface AddTrialInput {
  readonly params: Readonly<Record<string, ParamValue>>;
  /** Per-parameter distributions; a name the study already knows may be omitted. */
  readonly distributions?: Readonly<Record<string, Distribution>>;
  /** Required for COMPLETE: one value per objective. */
  readonly values?: readonly number[] | number;
  /** COMPLETE (default), PRUNED or FAIL. */
  readonly state?: "COMPLETE" | "PRUNED" | "FAIL";
  readonly intermediateValues?: Readonly<Record<number, IntermediateValue>>;
  readonly constraints?: Readonly<Record<string, number>>;
  readonly userAttrs?: Readonly<Record<string, JsonValue>>;
}

/**
 * Validates an {@link AddTrialInput} and turns it into the record to store: every param needs a
 * distribution (given, or known to the study) compatible with the study's and containing the value, and a
 * COMPLETE trial needs one number per objective.
 * @example
 * addTrialRecord({ params: { x: 1 }, values: 3 }, ["minimize"], (n) => known.get(n));
 */
export function addTrialRecord(
  input: AddTrialInput,
  directions: readonly Direction[],
  knownDistribution: (name: string) => Distribution | undefined,
): NewTrial {
  const state = input.state ?? "COMPLETE";
  checkUserAttrs("addTrial()", input.userAttrs);
  const distributions: Record<string, Distribution> = {};
  for (const [name, value] of Object.entries(input.params)) {
    const given = input.distributions?.[name];
    const known = knownDistribution(name);
    const dist = given === undefined ? known : validateDistribution(name, given);
    if (dist === undefined) {
      throw new InvalidArgumentError(
        `addTrial(): parameter "${name}" has no distribution and the study has none for it. Pass distributions: { ${name}: ... }.`,
        { name, value },
      );
    }
    if (known !== undefined && given !== undefined) assertCompatible(name, known, dist);
    if (!contains(dist, value)) {
      throw new InvalidArgumentError(
        `addTrial(): parameter "${name}" = ${JSON.stringify(value)} lies outside its distribution ${describe(dist)}.`,
        {
          name,
          value,
        },
      );
    }
    distributions[name] = dist;
  }
  const values =
    input.values === undefined ? null : typeof input.values === "number" ? [input.values] : [...input.values];
  if (state === "COMPLETE") {
    if (
      values === null ||
      values.length !== directions.length ||
      values.some((v) => typeof v !== "number" || Number.isNaN(v))
    ) {
      throw new InvalidArgumentError(
        `addTrial(): a COMPLETE trial needs ${directions.length} non-NaN number(s) in values, but got ${JSON.stringify(input.values)}.`,
        { name: "values", value: input.values },
      );
    }
  }
  return {
    state,
    values,
    params: { ...input.params },
    distributions,
    ...(input.intermediateValues === undefined ? {} : { intermediateValues: input.intermediateValues }),
    ...(input.constraints === undefined ? {} : { constraints: input.constraints }),
    ...(input.userAttrs === undefined ? {} : { userAttrs: input.userAttrs }),
    ...(state === "FAIL" ? { failReason: { code: "added", message: "Added as failed." } } : {}),
  };
}
