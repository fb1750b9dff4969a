/**
 * The dashboard's safety defaults seen from outside: a server started with a token answers 401 without
 * it and works in the browser when opened with `?token=`; a request naming a foreign Host (DNS
 * rebinding) gets 403.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type DashboardServer, startDashboard } from "../../../src/dashboard/server/index.js";
import { createStudy, RandomSampler, setVerbosity } from "../../../src/index.js";
import { ensureUiBuilt, launchBrowser, type TestBrowser, WEB_DIST, watchedPage } from "./browser.js";

const TOKEN = "correct horse battery staple";

let dir: string;
let storageUrl: string;
let guarded: DashboardServer | undefined;
let open: DashboardServer | undefined;
let browser: TestBrowser | undefined;

/** GET `path` with a hand-written Host header (fetch does not let a caller set Host). */
function getWithHost(server: DashboardServer, path: string, host: string): Promise<number> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });
}

beforeAll(async () => {
  ensureUiBuilt();
  setVerbosity("silent");
  dir = mkdtempSync(join(tmpdir(), "tunekit-dashboard-security-"));
  storageUrl = `sqlite:${join(dir, "s.db")}`;
  const study = await createStudy({
    studyName: "guarded",
    storage: storageUrl,
    sampler: new RandomSampler({ seed: 1 }),
  });
  await study.optimize((t) => t.suggestFloat("x", -1, 1) ** 2, { nTrials: 5 });
  guarded = await startDashboard({
    storageUrl,
    host: "127.0.0.1",
    port: 0,
    token: TOKEN,
    staticDir: WEB_DIST,
  });
  open = await startDashboard({ storageUrl, host: "127.0.0.1", port: 0, staticDir: WEB_DIST });
  browser = await launchBrowser();
}, 120_000);

afterEach(async () => {
  for (const page of browser?.context.pages() ?? []) await page.close();
});

afterAll(async () => {
  await browser?.close();
  await guarded?.close();
  await open?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("dashboard security", () => {
  it("with a token: 401 without it, and the page works when opened with ?token=", async () => {
    const server = guarded as DashboardServer;
    const origin = new URL(server.url).origin;
    expect(server.url).toContain(`token=${encodeURIComponent(TOKEN)}`);
    expect((await fetch(`${origin}/api/studies`)).status).toBe(401);
    expect((await fetch(`${origin}/api/studies?token=wrong`)).status).toBe(401);
    expect((await fetch(`${origin}/`)).status).toBe(401);
    const authorized = await fetch(`${origin}/api/studies`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(authorized.status).toBe(200);

    const { page, errors, dialogs } = await watchedPage(browser as TestBrowser);
    const denied = await page.goto(`${origin}/`);
    expect(denied?.status()).toBe(401);

    const fresh = await watchedPage(browser as TestBrowser);
    await fresh.page.goto(server.url);
    await fresh.page.waitForSelector('tr[data-study="guarded"]');
    expect(await fresh.page.textContent('tr[data-study="guarded"]')).toContain("5 complete");
    // The event stream is authorized too: a new trial shows up without a reload.
    const study = await createStudy({ studyName: "guarded", storage: storageUrl, loadIfExists: true });
    await study.optimize((t) => t.suggestFloat("x", -1, 1) ** 2, { nTrials: 1 });
    await expect
      .poll(async () => (await fresh.page.textContent('tr[data-study="guarded"]'))?.includes("6 complete"), {
        timeout: 30_000,
      })
      .toBe(true);
    await fresh.page.click('a[href^="#/study/"]');
    await fresh.page.waitForSelector('[data-plot="history"][data-status="ready"] .js-plotly-plot', {
      timeout: 60_000,
    });
    expect(fresh.errors).toEqual([]);
    expect([...dialogs, ...fresh.dialogs]).toEqual([]);
    expect(errors.filter((e) => !e.includes("401"))).toEqual([]);
  });

  it("answers 403 to a request whose Host header names another site", async () => {
    const server = open as DashboardServer;
    const { host } = new URL(server.url);
    expect(await getWithHost(server, "/api/studies", host)).toBe(200);
    expect(await getWithHost(server, "/api/studies", "evil.example")).toBe(403);
    expect(await getWithHost(server, "/", `evil.example:${new URL(server.url).port}`)).toBe(403);
    expect(await getWithHost(server, "/api/events", "attacker.test")).toBe(403);
  });
});
