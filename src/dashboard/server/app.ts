/**
 * The dashboard's HTTP application (Hono): the read-only JSON API, server-sent events, and the web UI's
 * files, behind the Host check, the optional token and the security headers.
 */
import { type Context, Hono } from "hono";
import { getCookie } from "hono/cookie";
import { streamSSE } from "hono/streaming";
import type { Storage } from "../../core.js";
import type { StudyEvent } from "../api-types.js";
import { ApiRequestError } from "./api-error.js";
import { toApiJson } from "./api-json.js";
import { apiGet } from "./api-routes.js";
import { ImportanceCache, type ImportanceCacheOptions } from "./importance-cache.js";
import { dashboardImportance } from "./importance-compute.js";
import { bearerToken, hostAllowed, SECURITY_HEADERS, TOKEN_COOKIE, tokenMatches } from "./security.js";
import { StaticFiles } from "./static-files.js";
import { inProcessReader, type StorageReader } from "./storage-reader.js";
import { type CacheEvent, StudyCache, type StudyCacheOptions } from "./study-cache.js";
import { workerReader } from "./worker-reader.js";

/** Options of {@link createDashboardApp}. */
export interface DashboardAppOptions {
  /** The storage to show; the app never writes to it and never closes it. */
  readonly storage: Storage;
  /** The built web UI (index.html and assets/); a plain "not built" page is served when it is missing. */
  readonly staticDir: string;
  /** When set, every request must carry it (`?token=`, the cookie it sets, or `Authorization: Bearer`). */
  readonly token?: string;
  /** Host header values answered (e.g. "127.0.0.1:8080"); anything else gets 403. */
  readonly allowedHosts: readonly string[];
  /**
   * Where trial scans run: "worker" (a worker thread opening `storage.url`), "in-process", or "auto"
   * (default: the worker for storages with a URL, i.e. databases).
   */
  readonly reader?: "auto" | "worker" | "in-process";
  readonly cache?: StudyCacheOptions;
  /** The importance panel's computation, caps and throttle; the defaults suit most uses. */
  readonly importance?: ImportanceCacheOptions;
  /** Period of the keep-alive comment on /api/events, ms (default 15,000). */
  readonly keepAliveMs?: number;
}

/** The Hono app, with the cache it reads through and a `close` that stops the refresh loop and worker. */
export type DashboardApp = Hono & { readonly cache: StudyCache; close(): Promise<void> };

function chooseReader(options: DashboardAppOptions): StorageReader {
  const { storage } = options;
  const mode = options.reader ?? "auto";
  const url = storage.url;
  if (mode === "worker" || (mode === "auto" && url !== undefined && storage.capabilities.persistent)) {
    if (url === undefined)
      throw new TypeError('createDashboardApp(): reader "worker" needs a storage with a URL.');
    return workerReader(storage, url);
  }
  return inProcessReader(storage);
}

function errorResponse(c: Context, error: unknown): Response {
  const e =
    error instanceof ApiRequestError
      ? error
      : new ApiRequestError(
          500,
          "internal",
          `The dashboard could not answer: ${(error as Error)?.message ?? String(error)}`,
        );
  return c.body(toApiJson(e.body()), e.status, {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
  });
}

/**
 * Builds the dashboard app over a storage.
 * @example
 * const app = createDashboardApp({ storage, staticDir: "dist/dashboard/web", allowedHosts: ["127.0.0.1:8080"] });
 * const res = await app.request("/api/studies", { headers: { host: "127.0.0.1:8080" } });
 * await app.close();
 */
export function createDashboardApp(options: DashboardAppOptions): DashboardApp {
  const cache = new StudyCache(chooseReader(options), options.cache);
  const importance = new ImportanceCache(
    options.importance?.compute ?? dashboardImportance,
    options.importance,
  );
  const sources = { cache, importance };
  const hosts = new Set(options.allowedHosts.map((h) => h.toLowerCase()));
  const keepAliveMs = options.keepAliveMs ?? 15_000;
  let files: Promise<StaticFiles> | null = null;
  const app = new Hono();

  app.onError((error, c) => errorResponse(c, error));
  app.use(async (c, next) => {
    await next();
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(k, v);
  });
  app.use(async (c, next) => {
    if (c.req.method !== "GET" && c.req.method !== "HEAD") {
      const e = new ApiRequestError(
        405,
        "method-not-allowed",
        `${c.req.method} is not allowed: the dashboard only reads (GET, HEAD).`,
      );
      const res = errorResponse(c, e);
      res.headers.set("allow", "GET, HEAD");
      return res;
    }
    if (!hostAllowed(c.req.header("host"), hosts)) {
      return errorResponse(
        c,
        new ApiRequestError(
          403,
          "forbidden-host",
          `Host ${JSON.stringify(c.req.header("host") ?? "")} is not one this dashboard serves.`,
        ),
      );
    }
    if (options.token !== undefined) {
      const token = options.token;
      const url = new URL(c.req.url);
      const fromQuery = url.searchParams.get("token");
      if (fromQuery !== null) {
        if (!tokenMatches(fromQuery, token)) return errorResponse(c, unauthorized());
        url.searchParams.delete("token");
        c.header(
          "set-cookie",
          `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`,
        );
        return c.redirect(`${url.pathname}${url.search}`, 302);
      }
      const presented = bearerToken(c.req.header("authorization")) ?? getCookie(c, TOKEN_COOKIE);
      if (!tokenMatches(presented, token)) return errorResponse(c, unauthorized());
    }
    await next();
  });

  app.get("/api/events", (c) =>
    streamSSE(c, async (stream) => {
      let queue = Promise.resolve();
      const send = (event: CacheEvent) => {
        const data: StudyEvent | Record<string, never> =
          event.type === "study" ? { name: event.name, seq: event.seq, trialCount: event.trialCount } : {};
        queue = queue
          .then(() => stream.writeSSE({ event: event.type, data: JSON.stringify(data) }))
          .catch(() => undefined);
      };
      const stop = cache.subscribe(send);
      const keepAlive = setInterval(() => {
        queue = queue
          .then(() => stream.write(": keep-alive\n\n"))
          .then(
            () => undefined,
            () => undefined,
          );
      }, keepAliveMs);
      try {
        await stream.write(": connected\n\n");
        await new Promise<void>((resolve) => stream.onAbort(resolve));
      } finally {
        clearInterval(keepAlive);
        stop();
      }
    }),
  );

  app.get("/api/*", async (c) => {
    const body = await apiGet(sources, new URL(c.req.url).pathname, c.req.query());
    return c.body(toApiJson(body), 200, {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "no-store",
    });
  });

  app.get("*", async (c) => {
    files ??= StaticFiles.open(options.staticDir);
    return (await files).serve(new URL(c.req.url).pathname);
  });

  return Object.assign(app, { cache, close: () => cache.close() });
}

function unauthorized(): ApiRequestError {
  return new ApiRequestError(
    401,
    "unauthorized",
    "This dashboard needs its token: open the URL the `tunekit dashboard` command printed (it ends in ?token=...), or send Authorization: Bearer <token>.",
  );
}
