/**
 * The worker-thread side of `workerReader`: opens the storage URL given as `workerData.url` and answers
 * "list" and "changes" requests. better-sqlite3 reads are synchronous: a read of a 100,000-trial study takes
 * seconds, which here blocks this thread instead of the server's (and the cache reads it in pages, so
 * requests queued behind it wait for one page at most).
 */
import { parentPort, workerData } from "node:worker_threads";
import { openStorage, type Storage } from "../../index.js";
import { encodeTrials, transferables } from "./trial-batch.js";
import type { WorkerReply, WorkerRequest } from "./worker-reader.js";

const port = parentPort;
if (port === null) throw new Error("storage-worker.ts runs only as a worker thread.");

const opened: Promise<Storage> = openStorage((workerData as { url: string }).url);
// A failure to open surfaces as the reply to the first request.
opened.catch(() => undefined);

port.on("message", async (request: WorkerRequest) => {
  try {
    const storage = await opened;
    if (request.op === "list") {
      reply({ id: request.id, ok: true, result: await storage.listStudies() });
    } else if (request.op === "changes") {
      const { studyId, cursor, limit } = request;
      const changes = await storage.getTrialsSince(studyId, cursor, limit === undefined ? {} : { limit });
      const batch = encodeTrials(changes.trials, request.m);
      const result = { batch, cursor: changes.cursor, more: changes.more };
      reply({ id: request.id, ok: true, result }, transferables(batch));
    } else {
      await storage.close();
      reply({ id: request.id, ok: true, result: null });
    }
  } catch (error) {
    const e = error as { name?: string; code?: string; message?: string };
    reply({
      id: request.id,
      ok: false,
      error: { name: e.name ?? "Error", code: e.code ?? "storage", message: e.message ?? String(error) },
    });
  }
});

function reply(message: WorkerReply, transfer: ArrayBuffer[] = []): void {
  port?.postMessage(message, transfer);
}
