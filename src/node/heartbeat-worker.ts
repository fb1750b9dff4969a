/**
 * The heartbeat thread's entry: opens its own connection to the storage by URL and extends the leases of
 * the trials the main thread holds, on its own timer, so leases survive an objective that blocks the main
 * thread's event loop.
 */
import { parentPort, workerData } from "node:worker_threads";
import { openStorage } from "../index.js";

/** Messages from the main thread. */
export type HeartbeatMessage =
  | { readonly hold: number }
  | { readonly release: number }
  | { readonly stop: true };

/** What the thread is started with. */
export interface HeartbeatConfig {
  readonly url: string;
  readonly heartbeatSeconds: number;
  readonly graceSeconds: number;
}

const config = workerData as HeartbeatConfig;
const held = new Set<number>();
const storage = await openStorage(config.url);
let busy = false;

const timer = setInterval(async () => {
  if (busy || held.size === 0) return;
  busy = true;
  try {
    await storage.heartbeat([...held], config.graceSeconds);
  } catch (error) {
    parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) });
  } finally {
    busy = false;
  }
}, config.heartbeatSeconds * 1000);

parentPort?.on("message", async (message: HeartbeatMessage) => {
  if ("hold" in message) held.add(message.hold);
  else if ("release" in message) held.delete(message.release);
  else {
    clearInterval(timer);
    await storage.close();
    parentPort?.close();
  }
});
parentPort?.postMessage({ ready: true });
