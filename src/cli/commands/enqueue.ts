import {
  type Distribution,
  InvalidArgumentError,
  loadStudy,
  openStorage,
  type ParamValue,
  type SearchSpace,
  type StudyRecord,
} from "../../index.js";
import { storageUrl } from "../storage-option.js";
import type { Sweep } from "../sweep/index.js";
import { storedSweep } from "../sweep-study.js";
import { printJson, printLines } from "../terminal.js";

/**
 * `tunekit enqueue --study NAME --param lr=0.01 --param opt=adam`: queues a trial with these parameters
 * (the next worker runs it before asking the sampler). Values are read by the type the study's sweep
 * gives each parameter; `--params '{"lr": 0.01}'` takes a JSON object instead.
 */
export async function enqueueCommand(options: {
  readonly study: string;
  readonly storage?: string;
  readonly param?: readonly string[];
  readonly params?: string;
  readonly skipIfExists?: boolean;
  readonly json?: boolean;
}): Promise<number> {
  const storage = await openStorage(storageUrl(options.storage));
  try {
    const study = await loadStudy({ studyName: options.study, storage });
    const sweep = sweepOf(study.studyRecord);
    const params = readParams(options.param ?? [], options.params, sweep);
    // The sweep's distributions, so the library refuses values outside them (a choice not among the
    // choices, an out-of-range or non-integer number) now, with --param and --params alike.
    const trial = await study.enqueueTrial(params, {
      skipIfExists: options.skipIfExists === true,
      ...(sweep === null ? {} : { distributions: sweepDistributions(sweep) }),
    });
    if (options.json) {
      printJson({
        study: study.studyName,
        number: trial?.number ?? null,
        state: trial?.state ?? "SKIPPED",
        params,
      });
    } else if (trial === null) {
      printLines([`Skipped: study "${study.studyName}" already has a trial with ${JSON.stringify(params)}.`]);
    } else {
      printLines([
        `Enqueued trial ${trial.number} of study "${study.studyName}" with ${JSON.stringify(params)}.`,
      ]);
    }
    return 0;
  } finally {
    await storage.close();
  }
}

function sweepDistributions(sweep: Sweep): SearchSpace {
  const space: Record<string, Distribution> = {};
  for (const p of sweep.parameters) if (p.kind === "sample") space[p.name] = p.distribution;
  return space;
}

function sweepOf(record: StudyRecord): Sweep | null {
  return record.systemAttrs.sweep === undefined ? null : storedSweep(record);
}

/** Reads `name=value` pairs (typed by the sweep when there is one) and/or a JSON object. */
export function readParams(
  pairs: readonly string[],
  json: string | undefined,
  sweep: Sweep | null,
): Record<string, ParamValue> {
  const params: Record<string, ParamValue> = {};
  if (json !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch (error) {
      throw new InvalidArgumentError(
        `--params must be a JSON object such as '{"lr": 0.01}': ${(error as Error).message}.`,
      );
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      throw new InvalidArgumentError(
        `--params must be a JSON object such as '{"lr": 0.01}', but got ${json}.`,
      );
    }
    Object.assign(params, parsed);
  }
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new InvalidArgumentError(`--param must look like name=value, but got "${pair}".`);
    const name = pair.slice(0, eq);
    params[name] = typedValue(name, pair.slice(eq + 1), sweep);
  }
  if (Object.keys(params).length === 0) {
    throw new InvalidArgumentError(
      "Give the trial's parameters with --param name=value (repeatable) or --params JSON.",
    );
  }
  return params;
}

function typedValue(name: string, raw: string, sweep: Sweep | null): ParamValue {
  const param = sweep?.parameters.find((p) => p.name === name);
  if (sweep !== null && param === undefined) {
    throw new InvalidArgumentError(
      `--param ${name}: the study's sweep has no parameter "${name}"; its parameters are ${sweep.parameters.map((p) => p.name).join(", ")}.`,
      { name },
    );
  }
  if (param === undefined || param.kind === "constant") return looseValue(raw);
  const d = param.distribution;
  if (d.type === "categorical") {
    const choice = d.choices.find((c) => String(c) === raw);
    if (choice === undefined) {
      throw new InvalidArgumentError(
        `--param ${name}=${raw}: not one of its choices ${JSON.stringify(d.choices)}.`,
        { name, value: raw },
      );
    }
    return choice;
  }
  const value = Number(raw);
  if (raw.trim() === "" || Number.isNaN(value) || (d.type === "int" && !Number.isInteger(value))) {
    throw new InvalidArgumentError(
      `--param ${name}=${raw}: must be ${d.type === "int" ? "an integer" : "a number"}.`,
      {
        name,
        value: raw,
      },
    );
  }
  return value;
}

function looseValue(raw: string): ParamValue {
  try {
    const v = JSON.parse(raw) as unknown;
    if (v === null || typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  } catch {
    // Not JSON: the text itself.
  }
  return raw;
}
