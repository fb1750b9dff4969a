import { hostname } from "node:os";
import { plainProgress, setProgressFactory } from "../progress/progress.js";
import { setLeaseKeeperFactory } from "../study/lease-keeper.js";
import { setStopSignalInstaller } from "../study/stop-signals.js";
import { failUntoldTrials } from "../study/study.js";
import { setWorkerIdFactory } from "../study/worker-id.js";
import { threadLeaseKeeper } from "./heartbeat-thread.js";
import { processStopSignals } from "./stop-signals.js";
import { terminalProgress } from "./terminal-progress.js";

/** Worker ids under Node name the machine and process, so a trial's record says where it ran. */
setWorkerIdFactory(() => {
  const suffix = globalThis.crypto.randomUUID().slice(0, 8);
  return `${hostname()}:${process.pid}:${suffix}`;
});

/**
 * When the event loop empties (a normal exit), trials asked for and never told are recorded as FAIL
 * "interrupted" instead of staying RUNNING forever. Errors here must not turn a clean exit into a crash.
 */
process.on("beforeExit", () => {
  failUntoldTrials().catch((error: unknown) => {
    console.error(`[tunekit] could not record untold trials at exit: ${String(error)}`);
  });
});

/** `showProgressBar`: a bar redrawn in place on a terminal, plain lines every 10 s when stderr is a pipe or file. */
setProgressFactory((args) => (process.stderr.isTTY ? terminalProgress(args) : plainProgress(10)));

/** Leases held by `optimize` beat from a thread, so an objective that blocks the event loop keeps them. */
setLeaseKeeperFactory(threadLeaseKeeper);

/** `optimize` stops cleanly on SIGINT/SIGTERM while it runs (unless `handleSignals: false`). */
setStopSignalInstaller(processStopSignals);
