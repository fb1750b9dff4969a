import { log } from "../logging/logger.js";
import type { StopSignalInstaller } from "../study/stop-signals.js";

const SIGNALS = ["SIGINT", "SIGTERM"] as const;

/** The `optimize` calls listening now; the process handlers exist only while there is one. */
const listeners = new Set<(signal: string) => void>();
let received = 0;

function onSignal(signal: NodeJS.Signals): void {
  received++;
  if (received > 1) {
    log("warning", `${signal} again: exiting now; trials still running stay RUNNING until their lease ends.`);
    process.exit(signal === "SIGINT" ? 130 : 143);
  }
  log(
    "warning",
    `${signal}: stopping. No new trial starts; running trials get their grace period to finish, then are recorded as FAIL "interrupted". Press Ctrl-C again to exit at once.`,
  );
  for (const listener of [...listeners]) listener(signal);
}

/**
 * The Node installer: while any `optimize` call runs, SIGINT and SIGTERM stop every running call by the
 * usual rule (the first signal; a second exits at once), instead of killing the process with its trials
 * RUNNING. The handlers are removed when the last call returns, so the process's own handling comes back.
 * @example
 * setStopSignalInstaller(processStopSignals);
 */
export const processStopSignals: StopSignalInstaller = (onStop) => {
  if (listeners.size === 0) {
    received = 0;
    for (const signal of SIGNALS) process.on(signal, onSignal);
  }
  listeners.add(onStop);
  return () => {
    if (!listeners.delete(onStop) || listeners.size > 0) return;
    for (const signal of SIGNALS) process.off(signal, onSignal);
  };
};
