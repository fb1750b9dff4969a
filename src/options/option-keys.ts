import { InvalidArgumentError } from "../errors.js";
import { log } from "../logging/logger.js";
import { didYouMean } from "./closest-name.js";

/**
 * Every key of an options type, as a record of `true`. Declare a list with
 * `{ ... } satisfies KnownKeys<XOptions>` next to the type: the compiler then fails when a field is added
 * to the type but not to the list (or the list names a field the type lacks).
 * @example
 * const KEYS = { seed: true } satisfies KnownKeys<RandomSamplerOptions>;
 */
export type KnownKeys<T> = { readonly [K in keyof Required<T>]: true };

/**
 * Throws an `InvalidArgumentError` when `options` (from JavaScript, where the types do not check) has a
 * key that `known` lacks, naming the key and the closest known one: a typo such as `seeed` would
 * otherwise be ignored and cost the user a run with the default.
 * @example
 * checkOptionKeys("new TPESampler()", { seeed: 1 }, TPE_KEYS); // throws: unknown option "seeed". Did you mean "seed"?
 */
export function checkOptionKeys(
  where: string,
  options: unknown,
  known: Readonly<Record<string, true>>,
): void {
  if (options === undefined) return;
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new InvalidArgumentError(
      `${where}: options must be an object such as { ${Object.keys(known)[0] ?? ""}: ... }, but got ${options === null ? "null" : Array.isArray(options) ? "an array" : `${String(options)} of type ${typeof options}`}.`,
      { name: "options", value: options },
    );
  }
  // for-in, not Object.keys: no array per call, as suggest* passes its options here on every call.
  for (const key in options) {
    if (!Object.hasOwn(options, key) || Object.hasOwn(known, key)) continue;
    throw new InvalidArgumentError(
      `${where}: unknown option "${key}".${didYouMean(key, Object.keys(known))} Known options: ${Object.keys(known).join(", ")}.`,
      { name: key, value: (options as Record<string, unknown>)[key] },
    );
  }
}

/**
 * The members of a stored plug-in config that this version knows, with a warning for the rest: a study
 * written by a newer tunekit still opens, while a constructor called from code refuses unknown keys.
 * @example
 * new TPESampler(knownOptions("sampler tpe", stored, TPE_KEYS));
 */
export function knownOptions<T>(
  where: string,
  options: Readonly<Record<string, unknown>>,
  known: Readonly<Record<string, true>>,
): T {
  const kept: Record<string, unknown> = {};
  const dropped: string[] = [];
  for (const [key, value] of Object.entries(options)) {
    if (Object.hasOwn(known, key)) kept[key] = value;
    else dropped.push(key);
  }
  if (dropped.length > 0) {
    log(
      "warning",
      `The ${where} config names option(s) ${dropped.map((k) => `"${k}"`).join(", ")} that this version of tunekit does not know; ignoring them.`,
    );
  }
  return kept as T;
}
