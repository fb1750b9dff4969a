/**
 * Helpers for the dashboard's browser tests: the built UI (rebuilt when older than its sources), Debian's
 * Chromium driven by playwright-core with a fresh profile, and a page that records every console error,
 * page error and dialog so a test can assert there were none.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type BrowserContext, chromium, type Page } from "playwright-core";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const WEB_SRC = join(ROOT, "src/dashboard/web");
/** Where `npm run build` puts the UI and the server serves it from. */
export const WEB_DIST = join(ROOT, "dist/dashboard/web");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Makes sure dist/dashboard/web holds a UI built from the current sources, building it with Vite when it
 * is missing or stale; throws a clear error when that fails.
 */
export function ensureUiBuilt(): void {
  const index = join(WEB_DIST, "index.html");
  if (existsSync(index) && statSync(index).mtimeMs >= newestSource(WEB_SRC)) return;
  try {
    execFileSync(
      process.execPath,
      [join(ROOT, "node_modules/vite/bin/vite.js"), "build", "--config", join(WEB_SRC, "vite.config.ts")],
      { cwd: ROOT, stdio: "pipe", timeout: 180_000 },
    );
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? String(error);
    throw new Error(
      `The dashboard UI is not built and building it failed; run \`npm run build\`.\n${stderr}`,
    );
  }
  if (!existsSync(index)) {
    throw new Error(`The dashboard UI build left no ${index}; run \`npm run build\` and check its output.`);
  }
}

/** A browser with a fresh profile; `close()` also deletes the profile. */
export interface TestBrowser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Launches Debian's Chromium headless with a fresh profile directory.
 * @throws when Chromium is not installed (see DEVELOPERS.md).
 */
export async function launchBrowser(): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: install Debian's chromium package (or set CHROMIUM_PATH).`,
    );
  }
  const profile = mkdtempSync(join(tmpdir(), "tunekit-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  context.setDefaultTimeout(30_000);
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A page and what went wrong on it. */
export interface WatchedPage {
  readonly page: Page;
  /** Console errors and uncaught page errors, in order. */
  readonly errors: string[];
  /** Messages of every dialog (alert, confirm, prompt) the page opened; each is dismissed. */
  readonly dialogs: string[];
}

/**
 * A new page in `browser` that records console errors, page errors and dialogs.
 * @example
 * const { page, errors } = await watchedPage(browser);
 */
export async function watchedPage(browser: TestBrowser): Promise<WatchedPage> {
  const page = await browser.context.newPage();
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return { page, errors, dialogs };
}
