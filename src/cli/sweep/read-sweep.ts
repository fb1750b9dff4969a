import type { PluginConfig } from "../../core.js";
import { complete } from "./complete.js";
import { type FieldReader, given, type RawMap, received } from "./field-reader.js";
import { withGridSearchSpace } from "./grid-search-space.js";
import { readCommand } from "./read-command.js";
import { type ConditionScope, readCondition } from "./read-condition.js";
import { readObjectives } from "./read-objectives.js";
import { readParameters } from "./read-parameters.js";
import { checkPlugin, readPlugin } from "./read-plugin.js";
import { readRunSettings } from "./read-run-settings.js";
import type { Condition, Sweep, SweepParameter } from "./sweep.js";

/** Every top-level key a sweep file may have. */
export const SWEEP_KEYS = [
  "study",
  "storage",
  "command",
  "shell",
  "workdir",
  "env",
  "metric",
  "direction",
  "metrics",
  "directions",
  "sampler",
  "pruner",
  "budget",
  "parallel",
  "trialTimeout",
  "killGrace",
  "retries",
  "logs",
  "constraints",
  "parameters",
  "forbidden",
] as const;

// Keys that belong one level down are the likeliest slips at the top.
const TOP_HINTS: Readonly<Record<string, string>> = {
  trials: "Did you mean budget.trials? Write budget: {trials: ...}.",
  time: "Did you mean budget.time? Write budget: {time: ...}.",
  maxConsecutiveFailures: "Put it under budget: {maxConsecutiveFailures: ...}.",
  seed: "Give it to the sampler: sampler: {name: tpe, seed: 1}.",
  timeout: "Did you mean trialTimeout (per trial) or budget.time (per run)?",
};

/**
 * Validates a sweep given as plain data in file form (a parsed YAML file, or a stored sweep turned back
 * into file form) and applies the defaults. Every problem goes to `reader`; the result is undefined
 * when there was any.
 * @example
 * const sweep = readSweep(reader, { command: "python train.py", metric: "loss", parameters: { x: [1, 2] } }, "demo");
 */
export function readSweep(reader: FieldReader, raw: RawMap, defaultStudy: string | null): Sweep | undefined {
  const before = reader.issues.count;
  reader.onlyKeys([], raw, SWEEP_KEYS, TOP_HINTS);
  // Placeholders and rules are checked against the declared names even when a definition is broken,
  // so one mistake is not reported a second time as an unknown name.
  const { parameters, scope } = readParameters(reader, raw.parameters);
  const objectives = readObjectives(reader, raw);
  const plugins = readPlugins(reader, raw, parameters, objectives?.metrics.length ?? 1);
  const fields = complete({
    study: readStudy(reader, raw.study, defaultStudy),
    command: readCommand(reader, raw, scope.declared),
    objectives,
    plugins,
    settings: readRunSettings(reader, raw),
    parameters,
    forbidden: readForbidden(reader, raw.forbidden, scope),
  });
  if (fields === undefined || reader.issues.count > before) return undefined;
  const { objectives: o, plugins: p, settings } = fields;
  return {
    version: 1,
    study: fields.study,
    storage: settings.storage,
    command: fields.command,
    workdir: settings.workdir,
    env: settings.env,
    metrics: o.metrics,
    directions: o.directions,
    sampler: p.sampler,
    pruner: p.pruner,
    budget: settings.budget,
    parallel: settings.parallel,
    trialTimeout: settings.trialTimeout,
    killGrace: settings.killGrace,
    retries: settings.retries,
    logs: settings.logs,
    constraints: o.constraints,
    parameters: fields.parameters,
    forbidden: fields.forbidden,
  };
}

function readPlugins(
  reader: FieldReader,
  raw: RawMap,
  parameters: readonly SweepParameter[] | undefined,
  objectives: number,
): { sampler: PluginConfig; pruner: PluginConfig } | undefined {
  const read = readPlugin(reader, "sampler", raw.sampler);
  // The grid is built from the parameters; while they have issues, its options cannot be checked.
  const waitsForGrid = read?.name === "grid" && parameters === undefined;
  const sampler =
    read === undefined || waitsForGrid ? undefined : withGridSearchSpace(reader, read, parameters ?? []);
  const pruner = readPlugin(reader, "pruner", raw.pruner);
  if (sampler !== undefined) checkPlugin(reader, "sampler", sampler, objectives);
  if (pruner !== undefined) checkPlugin(reader, "pruner", pruner, objectives);
  return complete({ sampler, pruner });
}

function readStudy(reader: FieldReader, raw: unknown, fallback: string | null): string | undefined {
  if (given(raw)) return reader.string(["study"], raw);
  if (fallback !== null && fallback.trim() !== "") return fallback;
  return reader.required(
    ["study"],
    "is required here (there is no file name to take it from), such as study: lr-sweep.",
  );
}

function readForbidden(reader: FieldReader, raw: unknown, scope: ConditionScope): Condition[] | undefined {
  if (!given(raw)) return [];
  if (!Array.isArray(raw)) {
    return reader.fail(
      ["forbidden"],
      `must be a list of rules such as [{opt: sgd, batch: {gt: 128}}], but ${received(raw)}.`,
    );
  }
  const rules = raw.map((rule, i) => readCondition(reader, ["forbidden", i], rule, scope, null));
  return rules.every((r) => r !== undefined) ? (rules as Condition[]) : undefined;
}
