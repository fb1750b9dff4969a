import { redactStorageUrl } from "../../index.js";
import { storageUrl } from "../storage-option.js";
import { logToStderr, printJson, printLines } from "../terminal.js";

/** Options of `tunekit dashboard`. */
export interface DashboardOptions {
  readonly storage?: string;
  readonly host?: string;
  readonly port?: number;
  readonly token?: string;
  readonly json?: boolean;
}

/**
 * `tunekit dashboard`: serves the live web dashboard over a storage on 127.0.0.1 until Ctrl-C. Another
 * host needs `--token`; the dashboard only reads (the storage is opened read-only, never created).
 */
export async function dashboardCommand(options: DashboardOptions): Promise<number> {
  logToStderr();
  const { startDashboard } = await import("../../dashboard/server/index.js");
  const url = storageUrl(options.storage);
  const server = await startDashboard({
    storageUrl: url,
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.token === undefined ? {} : { token: options.token }),
  });
  if (options.json) printJson({ url: server.url, storage: redactStorageUrl(url) });
  else printLines([`Dashboard of ${redactStorageUrl(url)} at ${server.url}  (Ctrl-C to stop)`]);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  await server.close();
  return 0;
}
