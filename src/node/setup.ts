import { hostname } from "node:os";
import { setWorkerIdFactory } from "../study/worker-id.js";

/** Worker ids under Node name the machine and process, so a trial's record says where it ran. */
setWorkerIdFactory(() => {
  const suffix = globalThis.crypto.randomUUID().slice(0, 8);
  return `${hostname()}:${process.pid}:${suffix}`;
});
