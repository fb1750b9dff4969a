import {
  DuplicatedStudyError,
  InvalidArgumentError,
  StudyNotFoundError,
  UnknownPluginError,
} from "../errors.js";
import { log } from "../logging/logger.js";
import { checkOptionKeys, type KnownKeys } from "../options/option-keys.js";
import { MedianPruner } from "../pruners/percentile-pruner.js";
import { type Pruner, prunerRegistry } from "../pruners/pruner.js";
import { type Sampler, samplerRegistry } from "../samplers/sampler.js";
import { TPESampler } from "../samplers/tpe/tpe-sampler.js";
import { MemoryStorage } from "../storage/memory/memory-storage.js";
import type {
  LeaseSettings,
  PluginConfig,
  RetrySettings,
  Storage,
  StudyRecord,
  StudySummary,
} from "../storage/storage.js";
import { openStorage } from "../storage/storage-url.js";
import type { Direction } from "../trial/frozen-trial.js";
import { Study } from "./study.js";
import { defaultWorkerId } from "./worker-id.js";

/** A storage object, or a URL naming one (`memory:`, and with the Node entry `sqlite:./x.db`, ...). */
export type StorageInput = string | Storage;

/** Options of {@link createStudy}. */
export interface CreateStudyOptions {
  /** Defaults to a fresh unique name. */
  readonly studyName?: string;
  /** Defaults to a new in-memory storage. */
  readonly storage?: StorageInput;
  /** Defaults to `TPESampler` (multivariate, seeded randomly). Its `toJSON()` is stored so other workers rebuild it. */
  readonly sampler?: Sampler;
  /** Defaults to `MedianPruner` (as in Optuna); pass `new NopPruner()` to switch pruning off. */
  readonly pruner?: Pruner;
  /** One objective's direction (default "minimize"). Give this or `directions`, not both. */
  readonly direction?: Direction;
  /** One direction per objective. */
  readonly directions?: readonly Direction[];
  /** One name per objective (for logs, exports, the dashboard). */
  readonly metricNames?: readonly string[];
  /** Open the study when the name exists instead of failing (directions must match). */
  readonly loadIfExists?: boolean;
  /** Identifies this process in trial records. */
  readonly workerId?: string;
  /**
   * Leases of the trials loops run, shared by every worker of the study: a heartbeat every
   * `heartbeatSeconds`; after `graceSeconds` without one, any live worker marks the trial STALE.
   * Default: 10 s / 60 s on storages several processes share (see `optimize`'s `lease`).
   */
  readonly lease?: LeaseSettings;
  /** Re-enqueue the parameters of trials lost to a dead worker or an interrupt, at most `maxRetries` times. */
  readonly retry?: RetrySettings;
}

/** The keys of {@link CreateStudyOptions}, checked at runtime (JavaScript callers have no types). */
export const CREATE_STUDY_KEYS = {
  studyName: true,
  storage: true,
  sampler: true,
  pruner: true,
  direction: true,
  directions: true,
  metricNames: true,
  loadIfExists: true,
  workerId: true,
  lease: true,
  retry: true,
} satisfies KnownKeys<CreateStudyOptions>;

/** Options of {@link loadStudy}. */
export interface LoadStudyOptions {
  readonly studyName: string;
  readonly storage: StorageInput;
  /** Defaults to the sampler stored with the study, rebuilt from the registry. */
  readonly sampler?: Sampler;
  /** Defaults to the pruner stored with the study. */
  readonly pruner?: Pruner;
  readonly workerId?: string;
}

/** The keys of {@link LoadStudyOptions}, checked at runtime (JavaScript callers have no types). */
export const LOAD_STUDY_KEYS = {
  studyName: true,
  storage: true,
  sampler: true,
  pruner: true,
  workerId: true,
} satisfies KnownKeys<LoadStudyOptions>;

/** Options of {@link deleteStudy}. */
export interface DeleteStudyOptions {
  readonly studyName: string;
  readonly storage: StorageInput;
}

/** The keys of {@link DeleteStudyOptions}, checked at runtime (JavaScript callers have no types). */
const DELETE_STUDY_KEYS = { studyName: true, storage: true } satisfies KnownKeys<DeleteStudyOptions>;

/** Options of {@link listStudies}. */
export interface ListStudiesOptions {
  readonly storage: StorageInput;
}

/** The keys of {@link ListStudiesOptions}, checked at runtime (JavaScript callers have no types). */
const LIST_STUDIES_KEYS = { storage: true } satisfies KnownKeys<ListStudiesOptions>;

/**
 * The storage an input names: the object itself, the storage a URL opens, or a new MemoryStorage when
 * none is given.
 * @example
 * const storage = await resolveStorage("memory:");
 */
export async function resolveStorage(storage: StorageInput | undefined): Promise<Storage> {
  if (storage === undefined) return new MemoryStorage();
  if (typeof storage === "string") return openStorage(storage);
  return storage;
}

function resolveDirections(o: CreateStudyOptions): Direction[] {
  if (o.direction !== undefined && o.directions !== undefined) {
    throw new InvalidArgumentError(
      `createStudy(): give direction or directions, not both. Use directions: [...] for several objectives.`,
    );
  }
  const directions = o.directions === undefined ? [o.direction ?? "minimize"] : [...o.directions];
  if (directions.length === 0) {
    throw new InvalidArgumentError(
      `createStudy(): directions must name at least one objective, but got []. Use ["minimize"].`,
      {
        name: "directions",
        value: directions,
      },
    );
  }
  for (const d of directions) {
    if (d !== "minimize" && d !== "maximize") {
      throw new InvalidArgumentError(
        `createStudy(): a direction must be "minimize" or "maximize", but got ${JSON.stringify(d)}.`,
        {
          name: "direction",
          value: d,
        },
      );
    }
  }
  if (o.metricNames !== undefined && o.metricNames.length !== directions.length) {
    throw new InvalidArgumentError(
      `createStudy(): metricNames needs one name per objective (${directions.length}), but got ${JSON.stringify(o.metricNames)}.`,
      { name: "metricNames", value: o.metricNames },
    );
  }
  return directions;
}

function fromConfig<T>(
  kind: string,
  config: PluginConfig | null,
  registry: { create(c: PluginConfig): T },
  fallback: () => T,
): T {
  if (config === null) return fallback();
  try {
    return registry.create(config);
  } catch (error) {
    if (!(error instanceof UnknownPluginError)) throw error;
    log("warning", `${error.message} Using the default ${kind} instead.`);
    return fallback();
  }
}

/**
 * Throws an `InvalidArgumentError` unless a study name is a non-empty string: an empty name cannot be
 * told apart from a missing one in the command line, the dashboard or a storage URL.
 * @example
 * checkStudyName("loadStudy()", "mnist");
 */
export function checkStudyName(where: string, name: unknown): void {
  if (typeof name === "string" && name.trim() !== "") return;
  throw new InvalidArgumentError(
    `${where}: studyName must be a non-empty string, but got ${typeof name === "string" ? JSON.stringify(name) : `${String(name)} of type ${typeof name}`}. Name the study, e.g. "mnist-lr".`,
    { name: "studyName", value: name },
  );
}

function uniqueName(): string {
  return `study-${globalThis.crypto.randomUUID()}`;
}

/**
 * Creates a study (or, with `loadIfExists`, opens the existing one of that name).
 * @example
 * const study = await createStudy({ studyName: "mnist", storage: "sqlite:./tunekit.db", direction: "maximize" });
 */
export async function createStudy(options: CreateStudyOptions = {}): Promise<Study> {
  checkOptionKeys("createStudy()", options, CREATE_STUDY_KEYS);
  if (options.studyName !== undefined) checkStudyName("createStudy()", options.studyName);
  const directions = resolveDirections(options);
  const storage = await resolveStorage(options.storage);
  const name = options.studyName ?? uniqueName();
  const sampler = options.sampler ?? new TPESampler();
  const pruner = options.pruner ?? new MedianPruner();
  const workerId = options.workerId ?? defaultWorkerId();
  let record: StudyRecord;
  try {
    record = await storage.createStudy({
      name,
      directions,
      metricNames: options.metricNames ?? null,
      samplerConfig: sampler.toJSON(),
      prunerConfig: pruner.toJSON(),
      lease: options.lease ?? null,
      retry: options.retry ?? null,
    });
  } catch (error) {
    if (!(error instanceof DuplicatedStudyError) || options.loadIfExists !== true) {
      if (error instanceof DuplicatedStudyError) {
        throw new DuplicatedStudyError(
          `${error.message} Pass loadIfExists: true to open it, or choose another studyName.`,
          { name },
        );
      }
      throw error;
    }
    record = (await storage.getStudy(name)) as StudyRecord;
    if (record.directions.join() !== directions.join()) {
      throw new InvalidArgumentError(
        `createStudy(): study "${name}" exists with directions ${JSON.stringify(record.directions)}, but ${JSON.stringify(directions)} were given.`,
        { name: "directions", value: directions },
      );
    }
  }
  const study = new Study({ storage, record, sampler, pruner, workerId });
  await study.refresh();
  return study;
}

/**
 * Opens an existing study. Its sampler and pruner are rebuilt from the stored configs unless given.
 * @example
 * const study = await loadStudy({ studyName: "mnist", storage: "sqlite:./tunekit.db" });
 */
export async function loadStudy(options: LoadStudyOptions): Promise<Study> {
  checkOptionKeys("loadStudy()", options, LOAD_STUDY_KEYS);
  checkStudyName("loadStudy()", options.studyName);
  const storage = await resolveStorage(options.storage);
  const record = await storage.getStudy(options.studyName);
  if (record === null) {
    const names = (await storage.listStudies()).map((s) => s.study.name);
    throw new StudyNotFoundError(
      `loadStudy(): no study named "${options.studyName}" in this storage. Studies present: ${names.length === 0 ? "(none)" : names.map((n) => `"${n}"`).join(", ")}.`,
      { name: options.studyName },
    );
  }
  const sampler =
    options.sampler ?? fromConfig("sampler", record.samplerConfig, samplerRegistry, () => new TPESampler());
  const pruner =
    options.pruner ?? fromConfig("pruner", record.prunerConfig, prunerRegistry, () => new MedianPruner());
  const study = new Study({
    storage,
    record,
    sampler,
    pruner,
    workerId: options.workerId ?? defaultWorkerId(),
  });
  await study.refresh();
  return study;
}

/**
 * Deletes a study with all its trials.
 * @example
 * await deleteStudy({ studyName: "old", storage: "sqlite:./tunekit.db" });
 */
export async function deleteStudy(options: DeleteStudyOptions): Promise<void> {
  checkOptionKeys("deleteStudy()", options, DELETE_STUDY_KEYS);
  checkStudyName("deleteStudy()", options.studyName);
  const storage = await resolveStorage(options.storage);
  const record = await storage.getStudy(options.studyName);
  if (record === null) {
    throw new StudyNotFoundError(`deleteStudy(): no study named "${options.studyName}" in this storage.`, {
      name: options.studyName,
    });
  }
  await storage.deleteStudy(record.studyId);
}

/**
 * Every study in a storage with its trial counts by state, best value and last activity.
 * @example
 * for (const s of await listStudies({ storage: "sqlite:./tunekit.db" })) console.log(s.study.name, s.trialCounts);
 */
export async function listStudies(options: ListStudiesOptions): Promise<StudySummary[]> {
  checkOptionKeys("listStudies()", options, LIST_STUDIES_KEYS);
  return (await resolveStorage(options.storage)).listStudies();
}
