/**
 * The heartbeat thread's entry: opens its own connection to the storage by URL and extends the leases of
 * the trials the main thread holds, on its own timer, so leases survive an objective that blocks the main
 * thread's event loop.
 */
import { parentPort, workerData } from "node:worker_threads";
import { openStorage } from "../index.js";
import { readHeldTrials } from "./held-trial-slots.js";

/** Messages from the main thread: a grown buffer of held trials, or stop. */
export type HeartbeatMessage = { readonly slots: SharedArrayBuffer } | { readonly stop: true };

/** What the thread is started with. */
export interface HeartbeatConfig {
  readonly url: string;
  readonly heartbeatSeconds: number;
  readonly graceSeconds: number;
  /** The held trials' ids (`HeldTrialSlots`), shared with the main thread. */
  readonly slots: SharedArrayBuffer;
}

const config = workerData as HeartbeatConfig;
let slots = config.slots;
const storage = await openStorage(config.url);
let busy = false;

const timer = setInterval(async () => {
  if (busy) return;
  const held = readHeldTrials(slots);
  if (held.length === 0) return;
  busy = true;
  try {
    await storage.heartbeat(held, config.graceSeconds);
  } catch (error) {
    parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) });
  } finally {
    busy = false;
  }
}, config.heartbeatSeconds * 1000);

parentPort?.on("message", async (message: HeartbeatMessage) => {
  if ("slots" in message) slots = message.slots;
  else {
    clearInterval(timer);
    await storage.close();
    parentPort?.close();
  }
});
parentPort?.postMessage({ ready: true });
