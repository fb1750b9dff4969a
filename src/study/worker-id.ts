let factory: () => string = () => {
  const bytes = new Uint8Array(4);
  globalThis.crypto.getRandomValues(bytes);
  return `worker-${[...bytes].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
};
let cached: string | null = null;

/**
 * This process's worker id, recorded on the trials its loops run (the Node entry makes it host:pid:suffix).
 * @example
 * defaultWorkerId(); // "worker-3fa2c1d0"
 */
export function defaultWorkerId(): string {
  cached ??= factory();
  return cached;
}

/**
 * Replaces how the default worker id is made (platform entry points call this once at load).
 * @example
 * setWorkerIdFactory(() => `${hostname()}:${process.pid}`);
 */
export function setWorkerIdFactory(make: () => string): void {
  factory = make;
  cached = null;
}
