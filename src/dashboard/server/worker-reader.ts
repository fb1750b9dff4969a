/**
 * A {@link StorageReader} whose heavy reads (the study list with its counts, and trial scans) run in a
 * worker thread on a second connection, so a first load of a large study never stalls the server. Point
 * reads (a study record, one trial) stay on the main thread's storage: they take well under a millisecond.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import {
  type Storage,
  StorageError,
  StudyNotFoundError,
  type StudySummary,
  TunekitError,
} from "../../index.js";
import type { BatchChanges, StorageReader } from "./storage-reader.js";

/** A request to the storage worker. */
export type WorkerRequest =
  | { readonly id: number; readonly op: "list" }
  | {
      readonly id: number;
      readonly op: "changes";
      readonly studyId: number;
      readonly cursor: number;
      readonly m: number;
      readonly limit?: number;
    }
  | { readonly id: number; readonly op: "close" };

/** A request without its id (distributed over the union). */
type RequestBody = WorkerRequest extends infer R ? (R extends unknown ? Omit<R, "id"> : never) : never;

/** The storage worker's answer to the request with the same id. */
export type WorkerReply =
  | { readonly id: number; readonly ok: true; readonly result: unknown }
  | {
      readonly id: number;
      readonly ok: false;
      readonly error: { name: string; code: string; message: string };
    };

/**
 * Starts the worker. From compiled JavaScript it loads storage-worker.js; from TypeScript sources (tests,
 * tsx) it registers tsx inside the worker first.
 */
function startWorker(url: string): Worker {
  const compiled = new URL("./storage-worker.js", import.meta.url);
  if (existsSync(fileURLToPath(compiled))) return new Worker(compiled, { workerData: { url } });
  const source = new URL("./storage-worker.ts", import.meta.url).href;
  const code = `import(${JSON.stringify(tsxApi())}).then((m) => { m.register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(code, { eval: true, workerData: { url } });
}

/** tsx's ESM API (only needed when running from sources, where tsx is a development dependency). */
function tsxApi(): string {
  try {
    // The "import" entry of the export, next to the "require" one that createRequire finds.
    const cjs = createRequire(import.meta.url).resolve("tsx/esm/api");
    return pathToFileURL(cjs.replace(/\.cjs$/, ".mjs")).href;
  } catch {
    return "tsx/esm/api";
  }
}

function toError(error: { name: string; code: string; message: string }): Error {
  if (error.code === "study-not-found") return new StudyNotFoundError(error.message);
  if (error.code === "storage") return new StorageError(error.message);
  return new TunekitError("storage", `${error.name}: ${error.message}`);
}

/**
 * Reads through a worker thread that opens `url`; `storage` (the same database) serves point reads.
 * @example
 * const reader = workerReader(storage, storage.url as string);
 */
export function workerReader(storage: Storage, url: string): StorageReader {
  const worker = startWorker(url);
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  let nextId = 1;
  let failure: Error | null = null;
  const failAll = (error: Error) => {
    failure = error;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  worker.on("message", (reply: WorkerReply) => {
    const p = pending.get(reply.id);
    if (p === undefined) return;
    pending.delete(reply.id);
    if (reply.ok) p.resolve(reply.result);
    else p.reject(toError(reply.error));
  });
  worker.on("error", (error) =>
    failAll(new StorageError(`The dashboard's storage worker failed: ${error.message}`)),
  );
  worker.on("exit", () => failAll(new StorageError("The dashboard's storage worker has stopped.")));
  worker.unref();
  const call = <T>(request: RequestBody): Promise<T> => {
    if (failure !== null) return Promise.reject(failure);
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ ...request, id });
    });
  };
  return {
    listStudies: () => call<StudySummary[]>({ op: "list" }),
    getStudy: (name) => storage.getStudy(name),
    getTrial: (trialId) => storage.getTrial(trialId),
    readChanges: (studyId, cursor, m, limit) =>
      call<BatchChanges>({ op: "changes", studyId, cursor, m, ...(limit === undefined ? {} : { limit }) }),
    close: async () => {
      // The worker is unreferenced so it never keeps a process alive; while it closes, it must.
      worker.ref();
      if (failure === null) await call({ op: "close" }).catch(() => undefined);
      await worker.terminate();
    },
  };
}
