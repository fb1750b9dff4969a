import { InvalidArgumentError } from "../errors.js";
import {
  contains,
  type Distribution,
  type ParamValue,
  type SearchSpace,
} from "../search-space/distribution.js";
import { assertCompatible, describe, validateDistribution } from "../search-space/validate.js";

function shown(value: unknown): string {
  return typeof value === "number" ? String(value) : (JSON.stringify(value) ?? String(value));
}

/** Checks one value's form: what a parameter can be and a storage keeps as it is. */
function checkForm(name: string, value: unknown): void {
  const fail = (why: string): never => {
    throw new InvalidArgumentError(`enqueueTrial(): parameter ${JSON.stringify(name)} ${why}`, {
      name,
      value,
    });
  };
  if (name === "") fail("has an empty name. Name every parameter as the objective suggests it.");
  const type = typeof value;
  if (type !== "number" && type !== "string" && type !== "boolean" && value !== null) {
    fail(`must be a number, string, boolean or null, but got ${type === "object" ? "an object" : type}.`);
  }
  if (type === "number" && !Number.isFinite(value)) {
    fail(
      `is ${value}, which cannot be enqueued: storages keep parameters as JSON, which would store it as null. Enqueue a finite number.`,
    );
  }
}

/**
 * Checks the params of `enqueueTrial` before anything is written: each a finite number, string, boolean
 * or null, and inside its distribution when one is known — given in `distributions` (validated, and
 * compatible with the study's), else the one the study's earlier trials suggested the name from.
 * Parameters the study has not seen yet are checked when the trial suggests them.
 * @example
 * checkEnqueuedParams({ lr: 0.1 }, undefined, (name) => study.distributionOf(name));
 */
export function checkEnqueuedParams(
  params: Readonly<Record<string, unknown>>,
  given: SearchSpace | undefined,
  known: (name: string) => Distribution | undefined,
): void {
  for (const [name, value] of Object.entries(params)) {
    checkForm(name, value);
    const studyDist = known(name);
    const givenDist = given?.[name] === undefined ? undefined : validateDistribution(name, given[name]);
    if (givenDist !== undefined && studyDist !== undefined) assertCompatible(name, studyDist, givenDist);
    const dist = givenDist ?? studyDist;
    if (dist === undefined || contains(dist, value as ParamValue)) continue;
    const source =
      givenDist === undefined
        ? `the distribution the study's earlier trials suggested it from. Enqueue a value within it, or, when the objective's range changed, pass the new one: enqueueTrial(params, { distributions: { ${name}: ... } }).`
        : "its distribution. Enqueue a value within it.";
    throw new InvalidArgumentError(
      `enqueueTrial(): parameter ${JSON.stringify(name)} = ${shown(value)} lies outside ${describe(dist)}, ${source}`,
      { name, value },
    );
  }
}
