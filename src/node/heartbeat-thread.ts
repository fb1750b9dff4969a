import { Worker } from "node:worker_threads";
import { log } from "../logging/logger.js";
import { type LeaseKeeper, type LeaseKeeperArgs, timerLeaseKeeper } from "../study/lease-keeper.js";
import type { HeartbeatConfig, HeartbeatMessage } from "./heartbeat-worker.js";
import { HeldTrialSlots } from "./held-trial-slots.js";

/**
 * Starts the heartbeat thread. From compiled code it runs `heartbeat-worker.js`; from TypeScript sources
 * (tests, examples under tsx) it registers tsx in the thread first, since hooks do not reach workers.
 */
function startWorker(config: HeartbeatConfig): Worker {
  const source = import.meta.url.endsWith(".ts");
  if (!source) return new Worker(new URL("./heartbeat-worker.js", import.meta.url), { workerData: config });
  const entry = new URL("./heartbeat-worker.ts", import.meta.url).href;
  const code = `(async () => { const { register } = await import("tsx/esm/api"); register(); await import(${JSON.stringify(entry)}); })();`;
  return new Worker(code, { eval: true, workerData: config });
}

/**
 * The Node lease keeper: a heartbeat thread with its own storage connection extends the leases (it beats
 * even while an objective blocks this thread), and a timer on this thread flushes the held trials'
 * buffered writes. Storages without a URL (in-process ones) beat from the timer alone.
 * @example
 * setLeaseKeeperFactory(threadLeaseKeeper);
 */
export function threadLeaseKeeper(args: LeaseKeeperArgs): LeaseKeeper {
  const url = args.storage.url;
  if (url === undefined) return timerLeaseKeeper(args);
  const flusher = timerLeaseKeeper(args, { heartbeat: false });
  // The held trials live in shared memory: no message per trial (two per trial cost ~0.25 ms of this
  // thread's time each, a fifth of a worker's per-trial CPU).
  const held = new HeldTrialSlots((slots) => send({ slots }));
  const worker = startWorker({
    url,
    heartbeatSeconds: args.lease.heartbeatSeconds,
    graceSeconds: args.lease.graceSeconds,
    slots: held.buffer,
  });
  // Referenced until it is ready (awaiting it must keep the process alive), unreferenced while it beats.
  let markReady: () => void = () => undefined;
  const started = new Promise<void>((resolve) => {
    markReady = () => {
      worker.unref();
      resolve();
    };
  });
  worker.on("message", (m: { error?: string; ready?: boolean }) => {
    if (m.ready === true) markReady();
    if (m.error !== undefined) log("warning", `Heartbeat failed (${m.error}); retrying at the next beat.`);
  });
  worker.on("error", (error) => {
    markReady();
    log("warning", `The heartbeat thread stopped: ${error.message}. Leases may expire.`);
  });
  const send = (message: HeartbeatMessage) => worker.postMessage(message);
  return {
    hold(trial) {
      flusher.hold(trial);
      held.add(trial.trialId);
    },
    release(trial) {
      flusher.release(trial);
      held.delete(trial.trialId);
    },
    // The first lease starts only once the thread can beat: its start-up (loading code, connecting) must
    // not eat into a trial's grace period.
    ready: () => started,
    async close() {
      await flusher.close();
      // Keep the process alive until the thread has closed its connection (it is unref'd while it beats).
      worker.ref();
      const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
      send({ stop: true });
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, 2000)))]);
      clearTimeout(timer);
      await worker.terminate();
    },
  };
}
