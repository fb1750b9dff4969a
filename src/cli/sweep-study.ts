import {
  createStudy,
  type JsonValue,
  loadStudy,
  log,
  prunerRegistry,
  redactStorageUrl,
  type Storage,
  type Study,
  type StudyRecord,
  SweepChangedError,
  samplerRegistry,
} from "../index.js";
import { diffSweeps, parseStoredSweep, type Sweep, type SweepChange } from "./sweep/index.js";

/** The study attribute that holds the validated sweep, so workers elsewhere run the same sweep. */
export const SWEEP_ATTR = "sweep";
/** The study attribute that lists the compatible changes applied by re-runs, oldest first. */
export const SWEEP_CHANGES_ATTR = "sweepChanges";

/** What {@link openSweepStudy} did. */
export interface SweepStudy {
  readonly study: Study;
  /** The sweep in force: the file's when it was applied or the study was created. */
  readonly sweep: Sweep;
  readonly created: boolean;
  /** Compatible changes this call applied to a stored sweep. */
  readonly applied: readonly SweepChange[];
}

/**
 * Opens the study a sweep names, creating it (with the sweep stored in it) when absent. For an existing
 * study, the file is compared with the stored sweep: compatible changes (budget, parallelism, timeouts,
 * appended categorical choices) are applied and recorded; any other change is a {@link SweepChangedError}
 * naming the fields, unless `newStudy` asks for a fresh study under the next free name ("name-2", ...).
 * @example
 * const { study, sweep } = await openSweepStudy({ sweep, storage, newStudy: false });
 */
export async function openSweepStudy(args: {
  readonly sweep: Sweep;
  readonly storage: Storage;
  readonly newStudy: boolean;
  /** The file the sweep came from, for messages. */
  readonly file: string;
}): Promise<SweepStudy> {
  const { storage, file } = args;
  let sweep = storable(args.sweep);
  for (const name of Object.keys(sweep.env).filter((n) => SECRET_NAME.test(n))) {
    log(
      "warning",
      `The sweep's env.${name} looks like a credential: it is stored with the study for its workers (and copied with it). Set ${name} in tunekit's own environment instead; every trial inherits it.`,
    );
  }
  let record = await storage.getStudy(sweep.study);
  if (record !== null && args.newStudy) {
    sweep = { ...sweep, study: await freeName(storage, sweep.study) };
    record = null;
  }
  if (record === null)
    return { study: await createSweepStudy(storage, sweep), sweep, created: true, applied: [] };

  const stored = storable(storedSweep(record));
  const { compatible, incompatible } = diffSweeps(stored, sweep);
  if (incompatible.length > 0) {
    throw new SweepChangedError(
      `${file} differs from the sweep stored with study "${sweep.study}" in ${incompatible.length === 1 ? "a field" : "fields"} that cannot change once trials have run:\n` +
        incompatible.map((c) => `  ${c.path}: ${show(c.path, c.from)} → ${show(c.path, c.to)}`).join("\n") +
        `\nRevert ${incompatible.length === 1 ? "it" : "them"}, or run with --new-study to start a new study (named "${await freeName(storage, sweep.study)}").`,
      { name: incompatible[0]?.path ?? "", value: incompatible },
    );
  }
  const attrs = withoutStoredPasswords(record.systemAttrs);
  // A study stored before tunekit stopped recording passwords loses them on its next run.
  const leaked = JSON.stringify(attrs) !== JSON.stringify(record.systemAttrs);
  if (compatible.length > 0 || leaked) {
    const history = Array.isArray(attrs[SWEEP_CHANGES_ATTR])
      ? (attrs[SWEEP_CHANGES_ATTR] as readonly JsonValue[])
      : [];
    const entry = { at: new Date().toISOString(), file, changes: compatible as unknown as JsonValue };
    await storage.updateStudy(record.studyId, {
      systemAttrs: {
        [SWEEP_ATTR]: toJson(compatible.length > 0 ? sweep : stored),
        [SWEEP_CHANGES_ATTR]: compatible.length > 0 ? [...history, entry] : history,
      },
      ...(compatible.length > 0 ? { retry: { maxRetries: sweep.retries } } : {}),
    });
    for (const c of compatible)
      log(
        "info",
        `Applied a change of the sweep: ${c.path}: ${show(c.path, c.from)} → ${show(c.path, c.to)}.`,
      );
  }
  const study = await loadStudy({ studyName: sweep.study, storage });
  return { study, sweep: compatible.length > 0 ? sweep : stored, created: false, applied: compatible };
}

/**
 * The sweep stored with a study, re-validated; the error names the study when it has none (it was not
 * made by `tunekit run`).
 * @example
 * const sweep = storedSweep(study.record);
 */
export function storedSweep(record: StudyRecord): Sweep {
  const json = record.systemAttrs[SWEEP_ATTR];
  if (json === undefined) {
    throw new SweepChangedError(
      `Study "${record.name}" holds no sweep: it was not created by \`tunekit run\`. Start it with \`tunekit run sweep.yaml\`, or give the sweep another study name.`,
      { name: record.name },
    );
  }
  return parseStoredSweep(json, `the sweep stored with study "${record.name}"`);
}

async function createSweepStudy(storage: Storage, sweep: Sweep): Promise<Study> {
  const study = await createStudy({
    studyName: sweep.study,
    storage,
    directions: sweep.directions,
    metricNames: sweep.metrics,
    sampler: samplerRegistry.create(sweep.sampler),
    pruner: prunerRegistry.create(sweep.pruner),
    retry: { maxRetries: sweep.retries },
    loadIfExists: true,
  });
  await storage.updateStudy(study.studyId, { systemAttrs: { [SWEEP_ATTR]: toJson(sweep) } });
  return study;
}

async function freeName(storage: Storage, name: string): Promise<string> {
  const taken = new Set((await storage.listStudies()).map((s) => s.study.name));
  for (let i = 2; ; i++) if (!taken.has(`${name}-${i}`)) return `${name}-${i}`;
}

function toJson(sweep: Sweep): JsonValue {
  return JSON.parse(JSON.stringify(sweep)) as JsonValue;
}

/** A sweep field's value for a message: no password of a URL, no value of a credential-like env name. */
function show(path: string, value: JsonValue): string {
  const shown =
    path === "env" && value !== null && typeof value === "object" && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_NAME.test(k) ? "***" : v]))
      : value;
  const text = redactStorageUrl(JSON.stringify(shown) ?? "(none)");
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/** Environment variable names that hold credentials by convention (PGPASSWORD, AWS_SECRET_ACCESS_KEY, ...). */
const SECRET_NAME = /passw|passphrase|secret|token|credential|private_?key|api_?key|(^|_)key$/i;

/** The sweep as it is stored and compared: its storage URL without its password (never stored). */
function storable(sweep: Sweep): Sweep {
  return sweep.storage === null ? sweep : { ...sweep, storage: redactStorageUrl(sweep.storage) };
}

/**
 * A study's system attributes with the passwords of the storage URLs `tunekit run` recorded in them
 * (the sweep's `storage` and the `storage` changes in `sweepChanges`) hidden: studies stored before
 * tunekit stopped recording them may hold one. Everything else is returned as it is.
 * @example
 * withoutStoredPasswords({ sweep: { storage: "postgres://u:pw@h/db", ... } }).sweep.storage; // "postgres://u:***@h/db"
 */
export function withoutStoredPasswords(
  attrs: Readonly<Record<string, JsonValue>>,
): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = { ...attrs };
  const sweep = attrs[SWEEP_ATTR];
  if (isRecord(sweep) && typeof sweep.storage === "string") {
    out[SWEEP_ATTR] = { ...sweep, storage: redactStorageUrl(sweep.storage) };
  }
  const history = attrs[SWEEP_CHANGES_ATTR];
  if (Array.isArray(history)) {
    out[SWEEP_CHANGES_ATTR] = history.map((entry) =>
      isRecord(entry) && Array.isArray(entry.changes)
        ? { ...entry, changes: entry.changes.map(withoutUrlPassword) }
        : entry,
    );
  }
  return out;
}

function withoutUrlPassword(change: JsonValue): JsonValue {
  if (!isRecord(change) || change.path !== "storage") return change;
  const hide = (v: JsonValue | undefined) => (typeof v === "string" ? redactStorageUrl(v) : (v ?? null));
  return { ...change, from: hide(change.from), to: hide(change.to) };
}

function isRecord(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
