import { complete } from "./complete.js";
import { type FieldReader, given, type RawMap, received } from "./field-reader.js";
import type { Sweep, SweepBudget } from "./sweep.js";

/** The fields of a sweep about how a run executes, with their defaults applied. */
export type RunSettings = Pick<
  Sweep,
  "storage" | "workdir" | "env" | "budget" | "parallel" | "trialTimeout" | "killGrace" | "retries" | "logs"
>;

const BUDGET_KEYS = ["trials", "time", "maxConsecutiveFailures"] as const;

/**
 * Reads storage, workdir, env, budget, parallel, trialTimeout, killGrace, retries and logs. Durations
 * are numbers of seconds or strings such as "30m"; absent or null fields take their defaults.
 * @example
 * readRunSettings(reader, { parallel: 2, budget: { time: "1h" } })?.budget.time; // 3600
 */
export function readRunSettings(reader: FieldReader, raw: RawMap): RunSettings | undefined {
  const optional = (key: string) => (given(raw[key]) ? reader.string([key], raw[key]) : null);
  return complete({
    storage: optional("storage"),
    workdir: optional("workdir"),
    env: readEnv(reader, raw.env),
    budget: readBudget(reader, raw.budget),
    parallel: given(raw.parallel) ? reader.integer(["parallel"], raw.parallel, 1) : 1,
    trialTimeout: given(raw.trialTimeout) ? reader.seconds(["trialTimeout"], raw.trialTimeout) : null,
    killGrace: given(raw.killGrace) ? reader.seconds(["killGrace"], raw.killGrace, true) : 10,
    retries: given(raw.retries) ? reader.integer(["retries"], raw.retries, 0) : 1,
    logs: given(raw.logs) ? reader.string(["logs"], raw.logs) : "tunekit-logs",
  });
}

function readEnv(reader: FieldReader, raw: unknown): Record<string, string> | undefined {
  if (!given(raw)) return {};
  const map = reader.map(["env"], raw, "{DATASET: mnist}");
  if (map === undefined) return undefined;
  const before = reader.issues.count;
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(map)) {
    if (name.startsWith("TUNEKIT_")) {
      reader.fail(
        ["env", name],
        `names starting with TUNEKIT_ are reserved for the values tunekit passes to the program, but got "${name}". Rename it.`,
        "key",
      );
    } else if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      reader.fail(
        ["env", name],
        `an environment variable name holds only letters, digits and _ and does not start with a digit, but got "${name}". Rename it.`,
        "key",
      );
    } else if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
      env[name] = String(value);
    } else {
      reader.fail(
        ["env", name],
        `must be a string (numbers and booleans are converted), but ${received(value)}. Write "" for an empty value.`,
      );
    }
  }
  return reader.issues.count === before ? env : undefined;
}

function readBudget(reader: FieldReader, raw: unknown): SweepBudget | undefined {
  if (!given(raw)) return { trials: null, time: null, maxConsecutiveFailures: 5 };
  const map = reader.map(["budget"], raw, "{trials: 100, time: 2h}");
  if (map === undefined) return undefined;
  reader.onlyKeys(["budget"], map, BUDGET_KEYS);
  return complete({
    trials: given(map.trials) ? reader.integer(["budget", "trials"], map.trials, 1) : null,
    time: given(map.time) ? reader.seconds(["budget", "time"], map.time) : null,
    maxConsecutiveFailures: given(map.maxConsecutiveFailures)
      ? reader.integer(["budget", "maxConsecutiveFailures"], map.maxConsecutiveFailures, 1)
      : 5,
  });
}
