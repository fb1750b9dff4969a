import {
  type JsonValue,
  type PluginConfig,
  type PluginRegistry,
  prunerRegistry,
  samplerRegistry,
  TunekitError,
} from "../../core.js";
import { closestName, didYouMean } from "../../options/closest-name.js";
import { type FieldReader, given, isRawMap, received } from "./field-reader.js";

/** Which plug-in a field configures. */
export type PluginKind = "sampler" | "pruner";

const DEFAULT_NAME: Readonly<Record<PluginKind, string>> = { sampler: "tpe", pruner: "median" };

interface Built {
  readonly capabilities?: { readonly multiObjective: boolean };
  toJSON(): PluginConfig;
}

const REGISTRY: Readonly<Record<PluginKind, PluginRegistry<Built>>> = {
  sampler: samplerRegistry,
  pruner: prunerRegistry,
};

/**
 * Reads `sampler:` or `pruner:`: a registered name, or `{name, ...options}`; the pruner also takes
 * `none` (no pruning, stored as `nop`). Options are kept as written (not the plug-in's `toJSON()`), so a
 * sampler without a seed does not make every run's sweep differ from the stored one.
 * @example
 * readPlugin(reader, "sampler", { name: "tpe", seed: 1 }); // { name: "tpe", options: { seed: 1 } }
 */
export function readPlugin(reader: FieldReader, kind: PluginKind, raw: unknown): PluginConfig | undefined {
  if (!given(raw)) return { name: DEFAULT_NAME[kind], options: {} };
  let name: string | undefined;
  let options: Record<string, JsonValue> = {};
  if (typeof raw === "string") {
    name = reader.string([kind], raw);
  } else if (isRawMap(raw)) {
    if (!Object.hasOwn(raw, "name")) {
      return reader.required(
        [kind, "name"],
        `is required, such as {name: ${DEFAULT_NAME[kind]}, ...options}.`,
      );
    }
    name = reader.string([kind, "name"], raw.name);
    const { name: _, ...rest } = raw;
    options = rest as Record<string, JsonValue>;
  } else {
    return reader.fail([kind], `must be a ${kind} name or {name: ..., ...options}, but ${received(raw)}.`);
  }
  if (name === undefined) return undefined;
  if (kind === "pruner" && name === "none") name = "nop";
  const names = REGISTRY[kind].names();
  if (!names.includes(name)) {
    const known = kind === "pruner" ? [...names, "none"] : names;
    return reader.fail(
      typeof raw === "string" ? [kind] : [kind, "name"],
      `unknown ${kind} "${name}".${didYouMean(name, known)} Registered ${kind}s: ${known.join(", ")}.`,
    );
  }
  return { name, options };
}

/**
 * Builds the plug-in once, so its own checks run now rather than at the first trial; a rejected option
 * is reported at its key when the error names it. Also reports option keys that are a near miss of one
 * the plug-in records (a typo the plug-in would silently ignore), and a sampler without multi-objective
 * support in a study with several metrics.
 * @example
 * checkPlugin(reader, "pruner", { name: "median", options: { nWarmupSteps: -1 } }, 1); // an issue
 */
export function checkPlugin(
  reader: FieldReader,
  kind: PluginKind,
  config: PluginConfig,
  objectives: number,
): void {
  let plugin: Built;
  try {
    plugin = REGISTRY[kind].create(config);
  } catch (e) {
    if (!(e instanceof Error)) throw e;
    const key = e instanceof TunekitError ? e.paramName : undefined;
    const at = key !== undefined && Object.hasOwn(config.options, key) ? [kind, key] : [kind];
    reader.fail(at, `the ${kind} "${config.name}" rejects its options: ${e.message}`);
    return;
  }
  const recorded = Object.keys(plugin.toJSON().options);
  for (const key of Object.keys(config.options)) {
    const near = recorded.includes(key) ? null : closestName(key, recorded);
    if (near !== null) {
      reader.fail(
        [kind, key],
        `the ${kind} "${config.name}" has no option "${key}". Did you mean "${near}"?`,
        "key",
      );
    }
  }
  if (objectives > 1 && plugin.capabilities?.multiObjective === false) {
    reader.fail(
      [kind],
      `the sampler "${config.name}" does not support several objectives, but the sweep has ${objectives} metrics. Choose a sampler that supports several objectives, or keep one metric.`,
    );
  }
}
