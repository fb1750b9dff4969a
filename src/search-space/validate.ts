import { SearchSpaceError } from "../errors.js";
import { checkOptionKeys, type KnownKeys } from "../options/option-keys.js";
import type {
  CategoricalDistribution,
  Choice,
  Distribution,
  FloatDistribution,
  IntDistribution,
} from "./distribution.js";

/** Options of `suggestFloat`. `log` and `step` are exclusive. */
export interface FloatOptions {
  readonly log?: boolean;
  readonly step?: number;
}

/** The keys of {@link FloatOptions}, checked at runtime (JavaScript callers have no types). */
export const FLOAT_OPTION_KEYS = { log: true, step: true } satisfies KnownKeys<FloatOptions>;

/** Options of `suggestInt`. `log` requires `step` 1. */
export interface IntOptions {
  readonly log?: boolean;
  readonly step?: number;
}

/** The keys of {@link IntOptions}, checked at runtime (JavaScript callers have no types). */
export const INT_OPTION_KEYS = { log: true, step: true } satisfies KnownKeys<IntOptions>;

const STEP_TOLERANCE = 1e-8;

/** The largest integer (and integer width) a double holds exactly: beyond it an int range loses values. */
const MAX_INT = Number.MAX_SAFE_INTEGER;

/** A bound as the message shows it: a string is quoted and named, so `"0"` does not read as 0. */
function shown(v: unknown): string {
  return typeof v === "number" ? String(v) : `${JSON.stringify(v) ?? String(v)} (of type ${typeof v})`;
}

/** A parameter name must be a non-empty string: it keys the params of every trial and the storage rows. */
function checkName(where: string, name: string): void {
  if (typeof name !== "string" || name === "") {
    throw new SearchSpaceError(
      `${where}(${JSON.stringify(name) ?? String(name)}): the parameter name must be a non-empty string, but got ${shown(name)}. Name the parameter, e.g. "lr".`,
      { name: String(name), value: name },
    );
  }
}

function checkBounds(where: string, name: string, low: number, high: number): void {
  checkName(where, name);
  for (const [label, v] of [
    ["low", low],
    ["high", high],
  ] as const) {
    if (typeof v !== "number" || !Number.isFinite(v)) {
      const fix = typeof v === "string" ? ` Pass a number, e.g. Number(${label}).` : "";
      throw new SearchSpaceError(
        `${where}("${name}"): ${label} must be a finite number, but got ${label}=${shown(v)}.${fix}`,
        { name, value: v },
      );
    }
  }
  if (low > high) {
    throw new SearchSpaceError(
      `${where}("${name}"): low must be ≤ high, but got low=${low}, high=${high}. Swap the bounds.`,
      { name, value: { low, high } },
    );
  }
  if (!Number.isFinite(high - low)) {
    throw new SearchSpaceError(
      `${where}("${name}"): high − low must be a finite number for the samplers to draw from the range, but low=${low}, high=${high} span more than ${Number.MAX_VALUE}. Narrow the range, or sample the magnitude with log: true on a positive range.`,
      { name, value: { low, high } },
    );
  }
}

function checkLog(where: string, name: string, low: number, step: number | undefined, isInt: boolean): void {
  if (low <= 0) {
    throw new SearchSpaceError(
      `${where}("${name}"): low must be > 0 when log is true, but got low=${low}. Use a positive lower bound such as ${isInt ? "1" : "1e-8"}.`,
      { name, value: low },
    );
  }
  if (step !== undefined && (!isInt || step !== 1)) {
    throw new SearchSpaceError(
      `${where}("${name}"): log and step cannot be combined${isInt ? " (except step=1)" : ""}, but got step=${step}. Drop one of them.`,
      { name, value: step },
    );
  }
}

function checkStep(
  where: string,
  name: string,
  low: number,
  high: number,
  step: number,
  isInt: boolean,
): void {
  if (typeof step !== "number" || !Number.isFinite(step) || step <= 0 || (isInt && !Number.isInteger(step))) {
    throw new SearchSpaceError(
      `${where}("${name}"): step must be a positive ${isInt ? "integer" : "finite number"}, but got step=${shown(step)}.`,
      { name, value: step },
    );
  }
  const k = (high - low) / step;
  if (k > MAX_INT) {
    throw new SearchSpaceError(
      `${where}("${name}"): the range must hold at most ${MAX_INT} steps (Number.MAX_SAFE_INTEGER) for the samplers to count them exactly, but low=${low}, high=${high}, step=${step} give ${k}. Use a larger step or a narrower range.`,
      { name, value: step },
    );
  }
  if (Math.abs(k - Math.round(k)) > STEP_TOLERANCE * Math.max(1, k)) {
    const fixed = Number((low + Math.floor(k) * step).toPrecision(12));
    throw new SearchSpaceError(
      `${where}("${name}"): step must divide high − low, but got low=${low}, high=${high}, step=${step}. Use high=${fixed} or a step that divides ${high - low}.`,
      { name, value: step },
    );
  }
}

/**
 * Builds and validates the distribution of `suggestFloat(name, low, high, options)`.
 * @example
 * floatDistribution("lr", 1e-5, 1e-1, { log: true });
 */
export function floatDistribution(
  name: string,
  low: number,
  high: number,
  options: FloatOptions = {},
): FloatDistribution {
  const where = "suggestFloat";
  checkBounds(where, name, low, high);
  if (options !== undefined) checkOptionKeys(`${where}("${name}")`, options, FLOAT_OPTION_KEYS);
  const log = options.log === true;
  if (log) checkLog(where, name, low, options.step, false);
  if (options.step !== undefined) checkStep(where, name, low, high, options.step, false);
  return { type: "float", low, high, log, step: options.step ?? null };
}

/**
 * Builds and validates the distribution of `suggestInt(name, low, high, options)`.
 * @example
 * intDistribution("layers", 1, 8);
 */
export function intDistribution(
  name: string,
  low: number,
  high: number,
  options: IntOptions = {},
): IntDistribution {
  const where = "suggestInt";
  checkBounds(where, name, low, high);
  if (options !== undefined) checkOptionKeys(`${where}("${name}")`, options, INT_OPTION_KEYS);
  for (const [label, v] of [
    ["low", low],
    ["high", high],
  ] as const) {
    if (!Number.isInteger(v)) {
      throw new SearchSpaceError(`${where}("${name}"): ${label} must be an integer, but got ${label}=${v}.`, {
        name,
        value: v,
      });
    }
  }
  if (Math.max(Math.abs(low), Math.abs(high), high - low) > MAX_INT) {
    throw new SearchSpaceError(
      `${where}("${name}"): low and high must lie within ±${MAX_INT} and high − low must be at most ${MAX_INT} (Number.MAX_SAFE_INTEGER: beyond it a double skips integers), but got low=${low}, high=${high}. Narrow the range, or use suggestFloat with log: true for magnitudes this large.`,
      { name, value: { low, high } },
    );
  }
  const log = options.log === true;
  if (log) checkLog(where, name, low, options.step, true);
  const step = options.step ?? 1;
  checkStep(where, name, low, high, step, true);
  return { type: "int", low, high, log, step };
}

function isChoice(v: unknown): v is Choice {
  return v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean";
}

/**
 * Builds and validates the distribution of `suggestCategorical(name, choices)`.
 * @example
 * categoricalDistribution("optimizer", ["adam", "sgd"]);
 */
export function categoricalDistribution(name: string, choices: readonly Choice[]): CategoricalDistribution {
  checkName("suggestCategorical", name);
  if (!Array.isArray(choices) || choices.length === 0) {
    throw new SearchSpaceError(
      `suggestCategorical("${name}"): choices must be a non-empty array, but got ${JSON.stringify(choices)}. Give at least one choice.`,
      { name, value: choices },
    );
  }
  const seen = new Set<unknown>();
  for (const c of choices) {
    if (!isChoice(c)) {
      throw new SearchSpaceError(
        `suggestCategorical("${name}"): each choice must be a string, number, boolean or null, but got ${typeof c}. Map objects to names and look them up in the objective.`,
        { name, value: c },
      );
    }
    if (typeof c === "number" && !Number.isFinite(c)) {
      throw new SearchSpaceError(
        `suggestCategorical("${name}"): each number among the choices must be finite, because storages keep choices as JSON, which has no ${c}; but got ${c}. Use a string such as "${c}" and convert it in the objective.`,
        { name, value: c },
      );
    }
    if (seen.has(c)) {
      throw new SearchSpaceError(
        `suggestCategorical("${name}"): choices must be distinct, but ${JSON.stringify(c)} appears twice.`,
        {
          name,
          value: c,
        },
      );
    }
    seen.add(c);
  }
  return { type: "categorical", choices: [...choices] };
}

/**
 * Checks that `next` may be used for a parameter that the study already knows with `previous`: the same
 * kind and log flag (ranges may change between runs), and categorical choices where one list is a
 * prefix of the other (choices only grow by appending; older workers may still use the shorter list). Throws a {@link SearchSpaceError} with code "incompatible-distribution" otherwise.
 * @example
 * assertCompatible("opt", { type: "categorical", choices: ["a"] }, { type: "categorical", choices: ["a", "b"] });
 */
export function assertCompatible(name: string, previous: Distribution, next: Distribution): void {
  const fail = (rule: string): never => {
    throw new SearchSpaceError(
      `Parameter "${name}": ${rule}, but it was ${describe(previous)} and is now ${describe(next)}. Use a new parameter name for a different search space.`,
      { name, value: next },
      "incompatible-distribution",
    );
  };
  if (previous.type !== next.type) fail("one name must keep one kind of distribution in a study");
  if (previous.type === "categorical" && next.type === "categorical") {
    // Either list may be the longer: a worker started before choices were appended still uses the prefix.
    const [shorter, longer] =
      next.choices.length <= previous.choices.length
        ? [next.choices, previous.choices]
        : [previous.choices, next.choices];
    const prefix = shorter.every((c, i) => Object.is(c, longer[i]) || c === longer[i]);
    if (!prefix) fail("categorical choices may only grow by appending new choices at the end");
    return;
  }
  if (
    (previous as FloatDistribution | IntDistribution).log !==
    (next as FloatDistribution | IntDistribution).log
  ) {
    fail("a parameter cannot switch between log and linear scale");
  }
}

/**
 * A short human description of a distribution, for messages and logs.
 * @example
 * describe({ type: "int", low: 1, high: 8, log: false, step: 1 }); // "int[1, 8]"
 */
export function describe(d: Distribution): string {
  if (d.type === "categorical") return `categorical${JSON.stringify(d.choices)}`;
  const extra = d.log ? " log" : d.step !== null && d.step !== 1 ? ` step ${d.step}` : "";
  return `${d.type}[${d.low}, ${d.high}${extra}]`;
}

/**
 * Validates a distribution that arrives as data (addTrial, a stored record, a sweep file) by rebuilding it
 * through the same checks `suggest*` applies.
 * @example
 * validateDistribution("x", { type: "float", low: 0, high: 1, log: false, step: null });
 */
export function validateDistribution(name: string, d: Distribution): Distribution {
  switch (d?.type) {
    case "float":
      return floatDistribution(name, d.low, d.high, {
        log: d.log,
        ...(d.step === null ? {} : { step: d.step }),
      });
    case "int":
      return intDistribution(name, d.low, d.high, {
        log: d.log,
        ...(d.log && d.step === 1 ? {} : { step: d.step }),
      });
    case "categorical":
      return categoricalDistribution(name, d.choices);
    default:
      throw new SearchSpaceError(`Parameter "${name}": unknown distribution ${JSON.stringify(d)}.`, {
        name,
        value: d,
      });
  }
}
