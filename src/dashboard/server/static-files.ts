/**
 * The web UI's files. The request path is checked segment by segment before it touches the disk (no
 * `..` or `.` segments, however encoded; no backslashes, NUL bytes or hidden files), then resolved under
 * the folder and its real path (symbolic links followed) must still lie inside the folder's real path.
 * Paths that name no file and have no extension get index.html (the single-page app routes them).
 */
import { readFile, realpath, stat } from "node:fs/promises";
import { extname, resolve, sep } from "node:path";
import { ApiRequestError } from "./api-error.js";

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

/** Cache-Control of files under /assets/ (their names carry a content hash). */
export const ASSET_CACHE = "public, max-age=31536000, immutable";

/** The page served when the web UI has not been built. */
export const NOT_BUILT_PAGE =
  '<!doctype html><meta charset="utf-8"><title>tunekit dashboard</title>' +
  "<h1>The dashboard UI is not built</h1><p>Run <code>npm run build</code> in the tunekit folder, then restart " +
  "<code>tunekit dashboard</code>. The API answers under <code>/api/</code>.</p>";

/**
 * The decoded segments of a URL path, or an error for anything that could leave the folder.
 * @throws ApiRequestError (400) for `..`/`.` segments, backslashes, NUL bytes or bad percent-encoding.
 * @example
 * safeSegments("/assets/app.js"); // ["assets", "app.js"]
 */
export function safeSegments(rawPath: string): string[] {
  const bad = () =>
    new ApiRequestError(400, "invalid-path", `The path ${JSON.stringify(rawPath)} is not allowed.`);
  if (/\\|%5c|\0|%00/i.test(rawPath)) throw bad();
  const segments: string[] = [];
  for (const raw of rawPath.split("/")) {
    if (raw === "") continue;
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      throw bad();
    }
    if (segment === "." || segment === ".." || /[/\\\0]/.test(segment)) throw bad();
    segments.push(segment);
  }
  return segments;
}

/** Serves files from one folder; see the module comment for the checks. */
export class StaticFiles {
  private constructor(
    private readonly root: string | null,
    private readonly rootReal: string | null,
  ) {}

  /**
   * A server for `dir`; when it holds no index.html, every page is {@link NOT_BUILT_PAGE}.
   * @example
   * const files = await StaticFiles.open("dist/dashboard/web");
   */
  static async open(dir: string): Promise<StaticFiles> {
    const root = resolve(dir);
    try {
      const rootReal = await realpath(root);
      await stat(resolve(rootReal, "index.html"));
      return new StaticFiles(root, rootReal);
    } catch {
      return new StaticFiles(null, null);
    }
  }

  /** Whether the UI's files were found. */
  get built(): boolean {
    return this.root !== null;
  }

  /** The response for a GET of `rawPath` (the URL's pathname, still percent-encoded). */
  async serve(rawPath: string): Promise<Response> {
    const segments = safeSegments(rawPath);
    if (this.root === null)
      return new Response(NOT_BUILT_PAGE, { headers: { "content-type": CONTENT_TYPES[".html"] as string } });
    if (segments.some((s) => s.startsWith("."))) return notFound();
    const file = segments.length === 0 ? null : await this.find(segments);
    if (file !== null) {
      const cache = segments[0] === "assets" ? ASSET_CACHE : "no-cache";
      return this.send(file, cache);
    }
    const last = segments.at(-1) ?? "";
    if (extname(last) !== "" || segments[0] === "assets") return notFound();
    return this.send(resolve(this.rootReal as string, "index.html"), "no-cache");
  }

  /** The real path of the file, or null when it is missing, not a file, or outside the folder. */
  private async find(segments: readonly string[]): Promise<string | null> {
    const root = this.rootReal as string;
    const candidate = resolve(root, ...segments);
    if (!candidate.startsWith(root + sep)) return null;
    try {
      const real = await realpath(candidate);
      if (!real.startsWith(root + sep)) return null;
      return (await stat(real)).isFile() ? real : null;
    } catch {
      return null;
    }
  }

  private async send(file: string, cache: string): Promise<Response> {
    const body = await readFile(file);
    return new Response(body, {
      headers: {
        "content-type": CONTENT_TYPES[extname(file).toLowerCase()] ?? "application/octet-stream",
        "cache-control": cache,
      },
    });
  }
}

function notFound(): Response {
  return new Response("Not found", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
}
