/**
 * The dashboard end to end: a real SQLite storage written by `optimize`, the real server, and the built UI
 * in headless Chromium. Checks the live list and study page, every chart, the trial table's filters,
 * sorting and detail, the comparison view, and that HTML in names and attributes stays text.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type DashboardServer, startDashboard } from "../../../src/dashboard/server/index.js";
import type { FrozenTrial } from "../../../src/index.js";
import {
  ensureUiBuilt,
  launchBrowser,
  type TestBrowser,
  type WatchedPage,
  WEB_DIST,
  watchedPage,
} from "./browser.js";
import {
  CURVES_NAME,
  createDemoStudies,
  curvesObjective,
  type DemoStudies,
  PARETO_NAME,
  XSS_NAME,
} from "./demo-studies.js";

const hash = (name: string, tab = "") => `#/study/${encodeURIComponent(name)}${tab === "" ? "" : `/${tab}`}`;

let dir: string;
let studies: DemoStudies;
let server: DashboardServer | undefined;
let browser: TestBrowser | undefined;

beforeAll(async () => {
  ensureUiBuilt();
  dir = mkdtempSync(join(tmpdir(), "tunekit-dashboard-e2e-"));
  const storageUrl = `sqlite:${join(dir, "demo.db")}`;
  studies = await createDemoStudies(storageUrl);
  server = await startDashboard({ storageUrl, host: "127.0.0.1", port: 0, staticDir: WEB_DIST });
  browser = await launchBrowser();
}, 240_000);

afterEach(async () => {
  // A failed test leaves its page open; its event stream would hold one of Chromium's 6 connections per host.
  for (const page of browser?.context.pages() ?? []) await page.close();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function open(path = ""): Promise<WatchedPage> {
  const watched = await watchedPage(browser as TestBrowser);
  await watched.page.goto(`${(server as DashboardServer).url}${path}`);
  return watched;
}

/** Waits until the chart named `name` is drawn and returns how many points its traces hold. */
async function chartPoints(page: Page, name: string): Promise<number> {
  const selector = `[data-plot="${name}"][data-status="ready"] .js-plotly-plot`;
  await page.waitForSelector(selector, { timeout: 60_000 });
  return page.$eval(selector, (el) => {
    const traces = (el as unknown as { data?: { x?: unknown[]; z?: unknown[] }[] }).data ?? [];
    const svg = el.querySelector("svg.main-svg");
    if (svg === null || svg.getBoundingClientRect().height === 0) return 0;
    return traces.reduce((n, t) => n + (t.x?.length ?? 0) + (t.z?.length ?? 0), 0);
  });
}

async function totalShown(page: Page): Promise<number> {
  const text = await page.textContent('[data-testid="trial-total"]');
  return Number((text ?? "").replace(/[^0-9]/g, ""));
}

/** Polls `read` until it returns `expected` (the page updates on its own; nothing here reloads it). */
async function until<T>(read: () => Promise<T>, expected: T, timeout = 30_000): Promise<void> {
  await expect.poll(read, { timeout, interval: 200 }).toEqual(expected);
}

async function waitForTotal(page: Page, expected: number): Promise<void> {
  await until(() => totalShown(page), expected);
}

/** The texts of every element `selector` matches. */
function texts(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).allTextContents();
}

describe("dashboard in Chromium", () => {
  it("lists every study, names as text, and updates the list live", async () => {
    const { page, errors, dialogs } = await open();
    await page.waitForSelector("tr[data-study]");
    expect(await page.locator("tr[data-study]").count()).toBe(3);
    expect(await page.locator("a.study-link").allTextContents()).toEqual(
      expect.arrayContaining([CURVES_NAME, PARETO_NAME, XSS_NAME]),
    );
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    const paretoRow = page.locator(`tr[data-study="${PARETO_NAME}"]`);
    expect(await paretoRow.textContent()).toContain("40 complete");
    await studies.pareto.optimize(
      (t) => [t.suggestInt("width", 16, 512, { log: true }) / 1000, t.suggestInt("depth", 1, 8)],
      { nTrials: 2 },
    );
    await until(async () => (await paretoRow.textContent())?.includes("42 complete"), true);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("shows a new trial on the study page without a reload", async () => {
    const { page, errors } = await open(hash(CURVES_NAME, "trials"));
    await page.waitForSelector("tr[data-trial]");
    const before = await totalShown(page);
    await page.evaluate("window.stillHere = true");
    const running = studies.curves.optimize(curvesObjective(100), { nTrials: 2 });
    await page.waitForSelector(`tr[data-trial="${before}"]`, { timeout: 60_000 });
    await running;
    await waitForTotal(page, before + 2);
    await until(() => page.textContent('[data-budget="trials"] dd'), String(before + 2));
    expect(await page.evaluate("window.stillHere")).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("draws every chart of a study, and the Pareto front of a two-objective one", async () => {
    const { page, errors, dialogs } = await open(hash(CURVES_NAME));
    for (const tab of ["history", "intermediate", "parallel", "contour", "slice", "edf", "timeline"]) {
      await page.click(`a[data-tab="${tab}"]`);
      expect(await chartPoints(page, tab), tab).toBeGreaterThan(0);
    }
    await page.click('a[data-tab="slice"]');
    await page.selectOption('select[name="slice-param"]', "optimizer");
    await until(async () => (await texts(page, '[data-plot="slice"] .xtick text')).includes("rmsprop"), true);
    await page.click('a[data-tab="contour"]');
    await page.selectOption('select[name="contour-x"]', "dropout");
    await until(() => page.textContent('[data-plot="contour"] .xtitle'), "dropout");

    await page.goto(`${(server as DashboardServer).url}${hash(PARETO_NAME, "pareto")}`);
    expect(await chartPoints(page, "pareto")).toBeGreaterThan(0);
    await page.click('a[data-tab="history"]');
    await chartPoints(page, "history");
    await page.selectOption('select[name="objective"]', "1");
    await until(() => page.textContent('[data-plot="history"] .ytitle'), "latency_ms");
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("ranks parameters by importance, one bar chart per objective, and recomputes as trials arrive", async () => {
    const { page, errors, dialogs } = await open(hash(PARETO_NAME, "importance"));
    const bars = async (objective: number) => {
      const selector = `[data-plot="importance-${objective}"][data-status="ready"] .js-plotly-plot`;
      await page.waitForSelector(selector);
      return page.$eval(selector, (el) => {
        const trace = (el as unknown as { data: { y: string[]; x: number[] }[] }).data[0];
        const drawn = el.querySelectorAll(".bars .point").length;
        return { names: [...(trace?.y ?? [])].sort(), drawn };
      });
    };
    // "quantize" is left out (intersection search space) once a trial without it exists: an earlier test adds some.
    for (const objective of [0, 1]) {
      const { names, drawn } = await bars(objective);
      expect(names.filter((n) => n !== "quantize")).toEqual(["depth", "width"]);
      expect(drawn).toBe(names.length);
    }
    expect(await page.inputValue('select[name="importance-evaluator"]')).toBe("fanova");
    const note = page.locator('[data-importance="0"] [data-testid="importance-note"]');
    const count = async () => Number(((await note.textContent()) ?? "").replace(/[^0-9]/g, ""));
    const before = await count();
    expect(await note.textContent()).toMatch(/^fANOVA on \d+ complete trials\.$/);
    await studies.pareto.optimize(
      (t) => [t.suggestInt("width", 16, 512, { log: true }) / 1000, t.suggestInt("depth", 1, 8)],
      { nTrials: 2 },
    );
    await until(count, before + 2);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("filters the trial table by state and parameter range, sorts it and opens a trial", async () => {
    const trials: FrozenTrial[] = await studies.curves.getTrials();
    const { page, errors } = await open(hash(CURVES_NAME, "trials"));
    await waitForTotal(page, trials.length);

    for (const state of ["COMPLETE", "FAIL", "RUNNING", "WAITING", "STALE"]) {
      await page.uncheck(`input[name="state-${state}"]`);
    }
    const pruned = trials.filter((t) => t.state === "PRUNED").length;
    expect(pruned).toBeGreaterThan(0);
    await waitForTotal(page, pruned);
    const states = await page.locator("tr[data-trial] .badge").allTextContents();
    expect(new Set(states)).toEqual(new Set(["PRUNED"]));

    await page.check('input[name="state-COMPLETE"]');
    const inRange = (t: FrozenTrial) => {
      const lr = t.params.lr as number;
      return (t.state === "PRUNED" || t.state === "COMPLETE") && lr >= 0.001 && lr <= 0.01;
    };
    await page.fill('input[name="min-lr"]', "0.001");
    await page.press('input[name="min-lr"]', "Tab");
    await page.fill('input[name="max-lr"]', "0.01");
    await page.press('input[name="max-lr"]', "Tab");
    const expected = trials.filter(inRange).length;
    expect(expected).toBeGreaterThan(0);
    await waitForTotal(page, expected);
    const shown = (
      await page
        .locator("tr[data-trial]")
        .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-trial")))
    )
      .map(Number)
      .sort((a, b) => a - b);
    expect(shown).toEqual(trials.filter(inRange).map((t) => t.number));

    await page.click('button[data-sort="duration"]');
    await page.waitForSelector('th[aria-sort="ascending"] button[data-sort="duration"]');
    await page.click('button[data-sort="value:0"]');
    await page.waitForSelector('th[aria-sort="ascending"] button[data-sort="value:0"]');
    await until(() => page.locator("tr[data-trial]").count(), expected);
    const value = (n: number) => trials.find((t) => t.number === n)?.values?.[0] ?? Number.POSITIVE_INFINITY;
    const completeValuesShown = async () =>
      (
        await page
          .locator("tr[data-trial]")
          .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute("data-trial"))))
      )
        .filter((n) => trials.find((t) => t.number === n)?.state === "COMPLETE")
        .map(value);
    // The header shows the new sort at once; the rows follow when the re-sorted page arrives.
    await expect
      .poll(
        async () => {
          const shownValues = await completeValuesShown();
          return (
            shownValues.length > 1 &&
            shownValues.every((v, i) => i === 0 || (shownValues[i - 1] as number) <= v)
          );
        },
        { timeout: 30_000, interval: 200 },
      )
      .toBe(true);

    await page.fill('input[name="min-lr"]', "");
    await page.press('input[name="min-lr"]', "Tab");
    await page.fill('input[name="max-lr"]', "");
    await page.press('input[name="max-lr"]', "Tab");
    for (const state of ["FAIL", "RUNNING", "WAITING", "STALE"])
      await page.check(`input[name="state-${state}"]`);
    await waitForTotal(page, trials.length);
    await page.click('button[data-sort="number"]');
    await page.waitForSelector('th[aria-sort="ascending"] button[data-sort="number"]');

    await page.click('tr[data-trial="3"]');
    const detail = page.locator(".trial-detail");
    await detail.locator('table[data-kv="intermediate"]').waitFor();
    expect(await detail.locator("h3").textContent()).toBe("Trial #3");
    expect(await detail.locator('table[data-kv="summary"]').textContent()).toContain("PRUNED");
    expect(await detail.locator('table[data-kv="intermediate"] tr').count()).toBe(3);
    expect(await detail.locator('table[data-kv="params"]').textContent()).toContain("optimizer");
    expect(await detail.locator('table[data-kv="user-attrs"]').textContent()).toContain("run 3");

    const failed = trials.find((t) => t.state === "FAIL");
    expect(failed).toBeDefined();
    await page.click(`tr[data-trial="${failed?.number}"]`);
    await until(() => detail.locator("h3").textContent(), `Trial #${failed?.number}`);
    await detail.locator(".fail-reason").waitFor();
    expect(await detail.locator(".fail-reason").textContent()).toContain(
      "CUDA out of memory <script>alert(2)</script>",
    );
    expect(errors).toEqual([]);
    await page.close();
  });

  it("renders HTML in study names, parameters, choices and attributes as text, in pages and charts", async () => {
    const { page, errors, dialogs } = await open(hash(XSS_NAME, "slice"));
    await page.waitForSelector("h2.study-name");
    expect(await page.textContent("h2.study-name")).toBe(XSS_NAME);
    await chartPoints(page, "slice");
    expect(await page.textContent('[data-plot="slice"] .xtitle')).toBe("<b>x</b>");
    await page.selectOption('select[name="slice-param"]', "kind");
    await until(
      async () => (await texts(page, '[data-plot="slice"] .xtick text')).includes("<i>plain</i>"),
      true,
    );
    await page.click('a[data-tab="parallel"]');
    await chartPoints(page, "parallel");
    await page.click('a[data-tab="timeline"]');
    await chartPoints(page, "timeline");
    expect(await page.locator('[data-plot="timeline"] .ytick text').allTextContents()).toContain(
      "<b>worker</b>",
    );

    await page.click('a[data-tab="trials"]');
    await page.click('tr[data-trial="0"]');
    const attrs = page.locator('.trial-detail table[data-kv="user-attrs"]');
    await attrs.waitFor();
    expect(await attrs.locator("th").textContent()).toBe("<script>");
    expect(await attrs.locator("td").textContent()).toBe("<img src=y onerror=alert(3)>");
    expect(await page.locator('img[src="x"], img[src="y"], [data-plot] b, [data-plot] i').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("compares two studies side by side", async () => {
    const { page, errors } = await open();
    await page.waitForSelector("tr[data-study]");
    await page.check(`tr[data-study="${CURVES_NAME}"] input[type="checkbox"]`);
    await page.check(`tr[data-study="${PARETO_NAME}"] input[type="checkbox"]`);
    await page.click('[data-testid="compare-link"]');
    await page.waitForSelector("section[data-compare]");
    // Each column's header appears once its study has loaded.
    await until(
      () => page.locator("section[data-compare] h2").allTextContents(),
      [CURVES_NAME, PARETO_NAME],
      60_000,
    );
    await until(
      () => page.locator('[data-plot="history"][data-status="ready"] .js-plotly-plot').count(),
      2,
      60_000,
    );
    expect(await page.locator("section[data-compare] .budget").count()).toBe(2);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("shows how far a large study has loaded while the server is still reading it", async () => {
    const watched = await watchedPage(browser as TestBrowser);
    const { page, errors } = watched;
    // A 100,000-trial load is too quick to catch here; the server's answer is edited to say one is under way.
    const studyApi = `**/api/studies/${encodeURIComponent(CURVES_NAME)}`;
    await page.route(studyApi, async (route) => {
      const res = await route.fetch();
      const body = (await res.json()) as Record<string, unknown>;
      await route.fulfill({ response: res, json: { ...body, loading: { loaded: 40_000, total: 100_000 } } });
    });
    await page.goto(`${(server as DashboardServer).url}${hash(CURVES_NAME)}`);
    const note = page.locator(".study-header [role=status]");
    await note.waitFor();
    expect((await note.textContent())?.replace(/\s+/g, " ")).toContain("Loading 40,000 of 100,000 trials…");
    await page.unroute(studyApi);
    await studies.curves.optimize(curvesObjective(100), { nTrials: 1 });
    await note.waitFor({ state: "detached", timeout: 30_000 });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("says so when a study does not exist", async () => {
    const { page } = await open(hash("no such study"));
    await page.waitForSelector('[role="alert"]');
    expect(await page.textContent('[role="alert"]')).toContain("no such study");
    await page.close();
  });
});
