/**
 * `startDashboard`: opens the storage read-only, starts the HTTP server (@hono/node-server) and serves
 * the app until `close()`.
 */
import { existsSync, readFileSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { hostname, networkInterfaces } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createAdaptorServer } from "@hono/node-server";
import { InvalidArgumentError, openStorage } from "../../index.js";
import { createDashboardApp, type DashboardApp } from "./app.js";
import { loopbackHosts } from "./security.js";
import type { StudyCacheOptions } from "./study-cache.js";

/** Options of {@link startDashboard}. */
export interface StartDashboardOptions {
  /**
   * The storage to show (`sqlite:./tunekit.db`, `postgres://...`), opened read-only: the dashboard never
   * creates a file, schema or table, and throws `StorageNotFoundError` where no study ran yet.
   */
  readonly storageUrl: string;
  /** Interface to bind (default 127.0.0.1). Any other than loopback needs `token`. */
  readonly host?: string;
  /** Port (default 8080; 0 picks a free one). */
  readonly port?: number;
  /** Required of every request when set. */
  readonly token?: string;
  /** The built web UI (default: dist/dashboard/web of the tunekit package). */
  readonly staticDir?: string;
  /** Further Host header values to answer (a name the server is reached by through a proxy, say). */
  readonly allowedHosts?: readonly string[];
  /** Tuning of the study cache (refresh period, page size, ...); the defaults suit most uses. */
  readonly cache?: StudyCacheOptions;
}

/** A running dashboard. */
export interface DashboardServer {
  /** The address to open; with a token it carries `?token=`, which the server turns into a cookie. */
  readonly url: string;
  /** Stops serving (open event streams included), then closes the storage. */
  close(): Promise<void>;
}

const isLoopback = (host: string) =>
  host === "localhost" || host === "::1" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host);
const isWildcard = (host: string) => host === "0.0.0.0" || host === "::" || host === "[::]";
const bracket = (host: string) => (host.includes(":") && !host.startsWith("[") ? `[${host}]` : host);

/** dist/dashboard/web of the package this file belongs to (compiled under dist/ or run from src/). */
function defaultStaticDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "tunekit") {
          return join(dir, "dist", "dashboard", "web");
        }
      } catch {
        // Not the package root; keep climbing.
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return join(dirname(fileURLToPath(import.meta.url)), "..", "web");
    dir = parent;
  }
}

function hostsFor(host: string, port: number, extra: readonly string[]): string[] {
  const hosts = [...loopbackHosts(port), ...extra];
  if (isLoopback(host)) return [...hosts, `${bracket(host)}:${port}`];
  const names = isWildcard(host)
    ? [
        hostname(),
        ...Object.values(networkInterfaces())
          .flat()
          .map((i) => i?.address)
          .filter((a): a is string => a !== undefined),
      ]
    : [host];
  return [...hosts, ...names.flatMap((n) => [`${bracket(n)}:${port}`, ...(port === 80 ? [bracket(n)] : [])])];
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off("listening", onListening);
      const why =
        error.code === "EADDRINUSE"
          ? `port ${port} is already in use. Pass another --port, or --port 0 for any free one.`
          : `${error.message}.`;
      reject(
        new InvalidArgumentError(`tunekit dashboard cannot listen on ${host}:${port}: ${why}`, {
          name: "port",
          value: port,
          cause: error,
        }),
      );
    };
    const onListening = () => {
      server.off("error", onError);
      resolve((server.address() as AddressInfo).port);
    };
    server.once("error", onError);
    server.once("listening", onListening);
    server.listen(port, host);
  });
}

/**
 * Serves the dashboard of a storage.
 * @throws InvalidArgumentError for a non-loopback host without a token, or a port in use.
 * @example
 * const dashboard = await startDashboard({ storageUrl: "sqlite:./tunekit.db", port: 0 });
 * console.log(dashboard.url);
 * await dashboard.close();
 */
export async function startDashboard(options: StartDashboardOptions): Promise<DashboardServer> {
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? 8080;
  if (!isLoopback(host) && (options.token === undefined || options.token === "")) {
    throw new InvalidArgumentError(
      `tunekit dashboard: serving on host "${host}" exposes your studies beyond this machine, so it needs a token. Pass --token <secret> (or keep the default host 127.0.0.1).`,
      { name: "host", value: host },
    );
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError(
      `tunekit dashboard: port must be an integer from 0 to 65535, but got ${port}.`,
      { name: "port", value: port },
    );
  }
  const storage = await openStorage(options.storageUrl, { readOnly: true });
  let app: DashboardApp | null = null;
  const server = createAdaptorServer({
    fetch: (request, env) => (app as DashboardApp).fetch(request, env),
  }) as Server;
  let actualPort: number;
  try {
    actualPort = await listen(server, port, host);
  } catch (error) {
    await storage.close();
    throw error;
  }
  app = createDashboardApp({
    storage,
    staticDir: options.staticDir ?? defaultStaticDir(),
    ...(options.token === undefined ? {} : { token: options.token }),
    allowedHosts: hostsFor(host, actualPort, options.allowedHosts ?? []),
    ...(options.cache === undefined ? {} : { cache: options.cache }),
  });
  const shown = isWildcard(host) ? hostname() : bracket(host);
  const url = `http://${shown}:${actualPort}/${options.token === undefined ? "" : `?token=${encodeURIComponent(options.token)}`}`;
  const running = app;
  return {
    url,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await running.close();
      await storage.close();
    },
  };
}
