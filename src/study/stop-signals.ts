/**
 * How `optimize` hears the process being asked to stop (Ctrl-C, a container's SIGTERM). The core has no
 * process to listen to, so it installs nothing; the Node entry sets an installer that listens to SIGINT
 * and SIGTERM while an `optimize` call runs.
 */

/** Listens for stop requests, calling `onStop` with the request's name; returns the remover. */
export type StopSignalInstaller = (onStop: (signal: string) => void) => () => void;

let installer: StopSignalInstaller | null = null;

/**
 * Sets how `optimize` listens for stop requests (the Node entry calls this once at load).
 * @example
 * setStopSignalInstaller((onStop) => { process.on("SIGINT", onStop); return () => process.off("SIGINT", onStop); });
 */
export function setStopSignalInstaller(next: StopSignalInstaller | null): void {
  installer = next;
}

/**
 * Listens for stop requests with the current installer (none in the platform-free core); returns the
 * remover.
 * @example
 * const remove = listenForStop(() => loop.requestStop("signal")); try { ... } finally { remove(); }
 */
export function listenForStop(onStop: (signal: string) => void): () => void {
  return installer?.(onStop) ?? (() => undefined);
}
