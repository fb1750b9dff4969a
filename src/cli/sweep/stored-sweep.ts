import { z } from "zod";
import { FieldReader } from "./field-reader.js";
import { Issues } from "./issues.js";
import { readSweep } from "./read-sweep.js";
import type { Condition, Sweep, SweepParameter } from "./sweep.js";

const value = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const matchOps = z.strictObject({
  eq: value.optional(),
  ne: value.optional(),
  in: z.array(value).optional(),
  notIn: z.array(value).optional(),
  lt: z.number().optional(),
  lte: z.number().optional(),
  gt: z.number().optional(),
  gte: z.number().optional(),
});
const condition = z.record(z.string(), matchOps);
const distribution = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("float"),
    low: z.number(),
    high: z.number(),
    log: z.boolean(),
    step: z.number().nullable(),
  }),
  z.strictObject({
    type: z.literal("int"),
    low: z.number(),
    high: z.number(),
    log: z.boolean(),
    step: z.number(),
  }),
  z.strictObject({ type: z.literal("categorical"), choices: z.array(value) }),
]);
const parameter = z.discriminatedUnion("kind", [
  z.strictObject({
    name: z.string(),
    kind: z.literal("sample"),
    distribution,
    when: condition.nullable(),
    grid: z.array(z.number()).nullable(),
  }),
  z.strictObject({ name: z.string(), kind: z.literal("constant"), value, when: condition.nullable() }),
]);
const plugin = z.strictObject({ name: z.string(), options: z.record(z.string(), z.json()) });

/** The shape of a stored sweep; the meaning (rules, references, plug-in options) is checked by readSweep. */
const storedSweep = z.strictObject({
  version: z.literal(1),
  study: z.string(),
  storage: z.string().nullable(),
  command: z.discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("argv"), argv: z.array(z.string()) }),
    z.strictObject({ kind: z.literal("shell"), script: z.string() }),
  ]),
  workdir: z.string().nullable(),
  env: z.record(z.string(), z.string()),
  metrics: z.array(z.string()),
  directions: z.array(z.enum(["minimize", "maximize"])),
  sampler: plugin,
  pruner: plugin,
  budget: z.strictObject({
    trials: z.number().nullable(),
    time: z.number().nullable(),
    maxConsecutiveFailures: z.number(),
  }),
  parallel: z.number(),
  trialTimeout: z.number().nullable(),
  killGrace: z.number(),
  retries: z.number(),
  logs: z.string(),
  constraints: z.array(z.string()),
  parameters: z.array(parameter),
  forbidden: z.array(condition),
});

/**
 * Re-validates a sweep read back from storage (`where` names it in issues, such as
 * `study "lr" in sqlite:./t.db`): its shape, then every rule a sweep file obeys, by turning it back
 * into file form and reading that. Issues carry no line. Throws a `SweepError`.
 * @example
 * const stored = parseStoredSweep(JSON.parse(text), `study "${name}"`);
 */
export function parseStoredSweep(json: unknown, where: string): Sweep {
  const issues = new Issues(where, () => null);
  const version = (json as { version?: unknown } | null)?.version;
  if (version !== 1) {
    issues.add(
      ["version"],
      `this tunekit reads sweep version 1, but the stored sweep has version ${JSON.stringify(version ?? null)}. Run it with the tunekit version that wrote it.`,
    );
    issues.throwIfAny();
  }
  const parsed = storedSweep.safeParse(json);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) issues.add(issue.path.map(segment), issue.message);
    issues.throwIfAny();
  }
  const sweep = parsed.data as Sweep;
  const seen = new Set<string>();
  sweep.parameters.forEach((p, i) => {
    if (seen.has(p.name)) issues.add(["parameters", i, "name"], `parameter "${p.name}" is stored twice.`);
    seen.add(p.name);
  });
  issues.throwIfAny();
  const read = readSweep(new FieldReader(issues), toFileForm(sweep), null);
  issues.throwIfAny();
  return read as Sweep;
}

function segment(key: PropertyKey): string | number {
  return typeof key === "number" ? key : String(key);
}

/**
 * A sweep as the file that would produce it, so a stored sweep passes through the very checks a file
 * does (one set of rules, no second validator to drift).
 * @example
 * toFileForm(sweep).parameters; // { lr: { type: "float", low: 1e-5, high: 0.1, log: true }, ... }
 */
export function toFileForm(sweep: Sweep): Record<string, unknown> {
  const { command } = sweep;
  return {
    study: sweep.study,
    storage: sweep.storage,
    command: command.kind === "argv" ? command.argv : command.script,
    shell: command.kind === "shell",
    workdir: sweep.workdir,
    env: sweep.env,
    metrics: sweep.metrics,
    directions: sweep.directions,
    sampler: { ...sweep.sampler.options, name: sweep.sampler.name },
    pruner: { ...sweep.pruner.options, name: sweep.pruner.name },
    budget: sweep.budget,
    parallel: sweep.parallel,
    trialTimeout: sweep.trialTimeout,
    killGrace: sweep.killGrace,
    retries: sweep.retries,
    logs: sweep.logs,
    constraints: sweep.constraints,
    parameters: Object.fromEntries(sweep.parameters.map((p) => [p.name, parameterFileForm(p)])),
    forbidden: sweep.forbidden,
  };
}

function parameterFileForm(p: SweepParameter): Record<string, unknown> {
  const when: { when?: Condition } = p.when === null ? {} : { when: p.when };
  if (p.kind === "constant") return { type: "constant", value: p.value, ...when };
  const d = p.distribution;
  if (d.type === "categorical") return { type: "categorical", choices: d.choices, ...when };
  return {
    type: d.type,
    low: d.low,
    high: d.high,
    log: d.log,
    ...(d.step === null ? {} : { step: d.step }),
    ...(p.grid === null ? {} : { grid: p.grid }),
    ...when,
  };
}
