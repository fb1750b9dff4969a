/**
 * Saves screenshots of the dashboard's main pages to docs/screenshots/, from demo studies optimized into
 * a temporary SQLite file and served by the real server.
 *
 *   npx tsx test/integration/dashboard/take-screenshots.ts
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { startDashboard } from "../../../src/dashboard/server/index.js";
import { ensureUiBuilt, launchBrowser, WEB_DIST } from "./browser.js";
import { CURVES_NAME, createDemoStudies } from "./demo-studies.js";

const OUT = resolve(dirname(fileURLToPath(import.meta.url)), "../../../docs/screenshots");
const study = (tab: string) => `#/study/${encodeURIComponent(CURVES_NAME)}/${tab}`;

async function shot(page: Page, base: string, hash: string, file: string, ready: string): Promise<void> {
  await page.goto(`${base}${hash}`);
  await page.waitForSelector(ready, { timeout: 60_000 });
  // Let Plotly finish its resize after the first draw.
  await page.waitForTimeout(800);
  await page.screenshot({ path: join(OUT, file) });
  console.log(`saved docs/screenshots/${file}`);
}

ensureUiBuilt();
mkdirSync(OUT, { recursive: true });
const dir = mkdtempSync(join(tmpdir(), "tunekit-screenshots-"));
const storageUrl = `sqlite:${join(dir, "demo.db")}`;
await createDemoStudies(storageUrl, { curvesTrials: 120, withXssStudy: false });
const server = await startDashboard({ storageUrl, host: "127.0.0.1", port: 0, staticDir: WEB_DIST });
const browser = await launchBrowser();
try {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 860 });
  const plot = (name: string) => `[data-plot="${name}"][data-status="ready"] .js-plotly-plot`;
  await shot(page, server.url, "#/", "study-list.png", "tr[data-study]");
  await shot(page, server.url, study("history"), "history.png", plot("history"));
  await shot(page, server.url, study("intermediate"), "intermediate-values.png", plot("intermediate"));
  await shot(page, server.url, study("parallel"), "parallel-coordinates.png", plot("parallel"));
  await shot(page, server.url, study("importance"), "importance.png", plot("importance-0"));
  await page.goto(`${server.url}${study("contour")}`);
  await page.selectOption('select[name="contour-x"]', "lr");
  await page.selectOption('select[name="contour-y"]', "dropout");
  await page.waitForFunction(
    `document.querySelector('[data-plot="contour"][data-status="ready"] .ytitle')?.textContent === "dropout"`,
  );
  await shot(page, server.url, study("contour"), "contour.png", plot("contour"));
  await page.goto(`${server.url}${study("trials")}`);
  await page.waitForSelector("tr[data-trial]");
  await page.click('tr[data-trial="3"]');
  await shot(
    page,
    server.url,
    study("trials"),
    "trial-table.png",
    '.trial-detail table[data-kv="intermediate"]',
  );
} finally {
  await browser.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
