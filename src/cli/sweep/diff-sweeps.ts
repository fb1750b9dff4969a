import type { JsonValue } from "../../core.js";
import type { Sweep, SweepParameter } from "./sweep.js";

/** One difference between two sweeps: the dotted field and its old and new values (null when absent). */
export interface SweepChange {
  readonly path: string;
  readonly from: JsonValue;
  readonly to: JsonValue;
}

/** Fields a study may change between runs: they steer how a run proceeds, not what a trial means. */
const COMPATIBLE_FIELDS = ["storage", "parallel", "trialTimeout", "killGrace", "retries", "logs"] as const;

/** Fields whose change makes old and new trials incomparable, or the stored sampler state wrong. */
const INCOMPATIBLE_FIELDS = [
  "version",
  "study",
  "command",
  "workdir",
  "env",
  "metrics",
  "directions",
  "sampler",
  "pruner",
  "constraints",
  "forbidden",
] as const;

/**
 * The differences between the sweep stored with a study and the one about to run it. Compatible: the
 * budget, parallel, trialTimeout, killGrace, retries, logs, storage, and categorical choices appended
 * at the end (`parameters.<name>.choices`). Everything else is incompatible: the command (and shell),
 * workdir, env, metrics, directions, sampler, pruner, constraints, forbidden rules, the study name, and
 * any parameter added, removed or otherwise changed. Parameter order is not compared: conditions, not
 * order, give a sweep its meaning.
 * @example
 * const { incompatible } = diffSweeps(stored, next);
 * if (incompatible.length > 0) throw new SweepChangedError(...);
 */
export function diffSweeps(
  stored: Sweep,
  next: Sweep,
): { compatible: SweepChange[]; incompatible: SweepChange[] } {
  const compatible: SweepChange[] = [];
  const incompatible: SweepChange[] = [];
  const compare = (into: SweepChange[], path: string, from: unknown, to: unknown) => {
    if (!sameJson(from, to)) into.push({ path, from: json(from), to: json(to) });
  };
  for (const key of ["trials", "time", "maxConsecutiveFailures"] as const) {
    compare(compatible, `budget.${key}`, stored.budget[key], next.budget[key]);
  }
  for (const key of COMPATIBLE_FIELDS) compare(compatible, key, stored[key], next[key]);
  for (const key of INCOMPATIBLE_FIELDS) compare(incompatible, key, stored[key], next[key]);
  const before = new Map(stored.parameters.map((p) => [p.name, p]));
  const after = new Map(next.parameters.map((p) => [p.name, p]));
  for (const [name, old] of before) {
    const now = after.get(name);
    if (now === undefined) compare(incompatible, `parameters.${name}`, old, null);
    else diffParameter(name, old, now, compatible, incompatible);
  }
  for (const [name, now] of after) {
    if (!before.has(name)) compare(incompatible, `parameters.${name}`, null, now);
  }
  return { compatible, incompatible };
}

function diffParameter(
  name: string,
  old: SweepParameter,
  now: SweepParameter,
  compatible: SweepChange[],
  incompatible: SweepChange[],
): void {
  const change = (into: SweepChange[], field: string, from: unknown, to: unknown) => {
    if (!sameJson(from, to))
      into.push({ path: `parameters.${name}.${field}`, from: json(from), to: json(to) });
  };
  if (old.kind !== now.kind) {
    incompatible.push({ path: `parameters.${name}`, from: json(old), to: json(now) });
    return;
  }
  change(incompatible, "when", old.when, now.when);
  if (old.kind === "constant" || now.kind === "constant") {
    change(incompatible, "value", (old as { value: unknown }).value, (now as { value: unknown }).value);
    return;
  }
  change(incompatible, "grid", old.grid, now.grid);
  const [a, b] = [old.distribution, now.distribution];
  if (a.type === "categorical" && b.type === "categorical") {
    // Old trials keep their choice indices only if the old list is a prefix of the new one.
    const appended = a.choices.length <= b.choices.length && a.choices.every((c, i) => c === b.choices[i]);
    change(appended ? compatible : incompatible, "choices", a.choices, b.choices);
    return;
  }
  change(incompatible, "distribution", a, b);
}

/** A sweep's parts are JSON by construction; this only changes the static type. */
function json(value: unknown): JsonValue {
  return value as JsonValue;
}

/**
 * Structural equality of JSON values, ignoring key order (a sweep read back from storage may have its
 * keys reordered).
 * @example
 * sameJson({ a: 1, b: [2] }, { b: [2], a: 1 }); // true
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  const bo = b as Record<string, unknown>;
  return (
    ka.length === kb.length &&
    ka.every((k) => Object.hasOwn(bo, k) && sameJson((a as Record<string, unknown>)[k], bo[k]))
  );
}
