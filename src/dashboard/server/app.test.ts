import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fillFixtureStorage, NAMES } from "../../../test/integration/dashboard-server/fixtures.js";
import { createStudy, loadStudy, MemoryStorage, type Storage, searchBudget } from "../../index.js";
import type { StudiesResponse, StudyResponse, TrialDetailResponse, TrialsResponse } from "../api-types.js";
import { studySegment } from "../study-segment.js";
import { createDashboardApp, type DashboardApp } from "./app.js";
import { TOKEN_COOKIE } from "./security.js";

const HOST = "127.0.0.1:8080";
let storage: Storage;
let app: DashboardApp;
let dir: string;

const get = (path: string, headers: Record<string, string> = {}, a: DashboardApp = app) =>
  a.request(path, { headers: { host: HOST, ...headers } });
const json = async <T>(path: string): Promise<T> => {
  const res = await get(path);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as T;
};
const study = (name: string) => `/api/studies/${encodeURIComponent(name)}`;

beforeAll(async () => {
  storage = await fillFixtureStorage();
  dir = mkdtempSync(join(tmpdir(), "tunekit-dashboard-"));
  const web = join(dir, "web");
  mkdirSync(join(web, "assets"), { recursive: true });
  writeFileSync(join(web, "index.html"), "<!doctype html><title>UI</title>");
  writeFileSync(join(web, "assets", "app.js"), "console.log(1)");
  writeFileSync(join(dir, "secret.txt"), "SECRET");
  symlinkSync(join(dir, "secret.txt"), join(web, "assets", "link.txt"));
  app = createDashboardApp({ storage, staticDir: web, allowedHosts: [HOST] });
});

afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("studies", () => {
  it("lists studies with counts and best values", async () => {
    const { studies } = await json<StudiesResponse>("/api/studies");
    expect(studies.map((s) => s.name)).toEqual([...Object.values(NAMES)].sort());
    const single = studies.find((s) => s.name === NAMES.single);
    expect(single?.trialCounts.PRUNED).toBeGreaterThan(0);
    expect(single?.trialCounts.FAIL).toBeGreaterThan(0);
    expect(typeof single?.bestValue).toBe("number");
  });

  it("answers a study page with its budget, params, constraints and workers", async () => {
    const s = await json<StudyResponse>(study(NAMES.single));
    const loaded = await loadStudy({ studyName: NAMES.single, storage });
    expect(s.budget).toEqual(searchBudget(loaded.trials));
    expect(s.params.map((p) => p.name)).toEqual(["c", "lr", "n", "x"]);
    expect(s.constraintNames).toEqual(["c0"]);
    expect(s.hasIntermediate).toBe(true);
    expect(s.trialCount).toBe(60);
    expect(s.objectiveNames).toEqual(["value 0"]);
  });

  it("decodes names with slashes, quotes and markup; unknown studies are 404", async () => {
    const hostile = await json<StudyResponse>(study(NAMES.hostile));
    expect(hostile.name).toBe(NAMES.hostile);
    const multi = await json<StudyResponse>(study(NAMES.multi));
    expect(multi.objectiveNames).toEqual(["loss", "accuracy", "latency"]);
    const res = await get(study("no such"));
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "study-not-found" } });
  });
});

describe("trials", () => {
  it("filters by state and parameter range, sorts with missing values last, pages", async () => {
    const all = await json<TrialsResponse>(`${study(NAMES.single)}/trials?sort=value:0&limit=500`);
    expect(all.total).toBe(60);
    const values = all.trials.map((t) => t.values?.[0]);
    const firstNull = values.indexOf(undefined);
    expect(values.slice(firstNull).every((v) => v === undefined)).toBe(true);
    const desc = await json<TrialsResponse>(
      `${study(NAMES.single)}/trials?sort=value:0&order=desc&limit=500`,
    );
    expect(desc.trials.at(-1)?.values).toBeNull();
    expect(desc.trials[0]?.values?.[0]).toBe(values[firstNull - 1]);
    const filter = encodeURIComponent(
      JSON.stringify({ params: { x: { min: 0, max: 2 }, c: { in: ["a", "<b>c</b>"] } } }),
    );
    const some = await json<TrialsResponse>(
      `${study(NAMES.single)}/trials?state=COMPLETE&filter=${filter}&limit=2&offset=1`,
    );
    expect(some.trials.length).toBeLessThanOrEqual(2);
    expect(some.offset).toBe(1);
    for (const t of some.trials) {
      expect(t.state).toBe("COMPLETE");
      expect(t.params.x).toBeGreaterThanOrEqual(0);
      expect(["a", "<b>c</b>"]).toContain(t.params.c);
    }
    const failed = await json<TrialsResponse>(`${study(NAMES.single)}/trials?state=FAIL`);
    expect(failed.trials[0]?.failReason?.message).toContain("boom");
  });

  it("rejects bad query parameters with 400 and a clear message", async () => {
    for (const q of [
      "limit=501",
      "limit=abc",
      "offset=-1",
      "state=DONE",
      "sort=value:3",
      "sort=param:nope",
      "order=up",
      "filter={",
      'filter={"params":{"x":{"min":"a"}}}',
    ]) {
      const res = await get(`${study(NAMES.single)}/trials?${q}`);
      expect(res.status, q).toBe(400);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("invalid-query");
      expect(body.error.message.length).toBeGreaterThan(20);
    }
  });

  it("gives a trial's detail with ApiNumber values", async () => {
    const detail = await json<TrialDetailResponse>(`${study(NAMES.single)}/trials/3`);
    expect(detail.state).toBe("PRUNED");
    expect(Object.keys(detail.intermediateValues)).toHaveLength(5);
    expect(detail.constraints).toHaveProperty("c0");
    const inf = await json<TrialsResponse>(`${study(NAMES.metrics)}/trials?limit=500`);
    expect(
      inf.trials.every(
        (t) => t.values === null || typeof t.values[0] === "number" || t.values[0] === "Infinity",
      ),
    ).toBe(true);
    expect((await get(`${study(NAMES.single)}/trials/999`)).status).toBe(404);
    expect((await get(`${study(NAMES.single)}/trials/x`)).status).toBe(404);
  });
});

describe("plots", () => {
  it("serves every plot", async () => {
    const base = study(NAMES.single);
    for (const path of [
      "history",
      "intermediate",
      "parallel",
      "slice?param=x",
      "contour?x=x&y=c",
      "edf",
      "timeline",
    ]) {
      const body = await json<{ total: number; sampled: boolean }>(`${base}/plots/${path}`);
      expect(body.total, path).toBeGreaterThan(0);
      expect(body.sampled).toBe(false);
    }
    const pareto = await json<{ front: unknown[] }>(`${study(NAMES.multi)}/plots/pareto`);
    expect(pareto.front.length).toBeGreaterThan(0);
    const named = await json<{ curves: unknown[] }>(
      `${study(NAMES.metrics)}/plots/intermediate?objective=acc`,
    );
    expect(named.curves).toHaveLength(10);
  });

  it("rejects bad plot queries", async () => {
    const base = study(NAMES.single);
    for (const path of [
      "history?objective=1",
      "slice",
      "slice?param=zz",
      "contour?x=x&y=x",
      "pareto",
      "intermediate?objective=zz",
    ]) {
      expect((await get(`${base}/plots/${path}`)).status, path).toBe(400);
    }
    expect((await get(`${base}/plots/pie`)).status).toBe(404);
  });
});

describe("study names in paths", () => {
  it('reaches studies named ".", "..", "~x" and "a/b" through studySegment, which URL parsing keeps intact', async () => {
    const names = [".", "..", "~x", "~", "a/b", "%2e"];
    const own = new MemoryStorage();
    for (const name of names) {
      const created = await createStudy({ studyName: name, storage: own });
      await created.optimize((t) => t.suggestFloat("x", 0, 1), { nTrials: 2 });
    }
    const a = createDashboardApp({ storage: own, staticDir: join(dir, "web"), allowedHosts: [HOST] });
    try {
      for (const name of names) {
        const url = new URL(`/api/studies/${studySegment(name)}/trials`, `http://${HOST}`);
        const res = await get(url.pathname, {}, a);
        expect(res.status, `${name}: ${await res.clone().text()}`).toBe(200);
        expect(((await res.json()) as TrialsResponse).total).toBe(2);
        const page = (await (await get(`/api/studies/${studySegment(name)}`, {}, a)).json()) as StudyResponse;
        expect(page.name).toBe(name);
      }
      // Without the "~", a parser removes the dot segments: the path names no study.
      expect(new URL("/api/studies/%2E%2E/trials", `http://${HOST}`).pathname).toBe("/api/trials");
    } finally {
      await a.close();
    }
  });
});

describe("security", () => {
  it("refuses other Host headers (DNS rebinding)", async () => {
    expect((await get("/api/studies", { host: "evil.example:8080" })).status).toBe(403);
    expect((await get("/", { host: "evil.example" })).status).toBe(403);
  });

  it("answers only GET and HEAD", async () => {
    const post = await app.request("/api/studies", { method: "POST", headers: { host: HOST } });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
    const head = await app.request("/api/studies", { method: "HEAD", headers: { host: HOST } });
    expect(head.status).toBe(200);
  });

  it("sends the security headers", async () => {
    const res = await get("/api/studies");
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
  });

  it("requires the token: query → cookie and redirect, cookie, bearer", async () => {
    const locked = createDashboardApp({
      storage,
      staticDir: join(dir, "web"),
      allowedHosts: [HOST],
      token: "s3cret",
    });
    try {
      expect((await get("/api/studies", {}, locked)).status).toBe(401);
      expect((await get("/api/studies?token=wrong", {}, locked)).status).toBe(401);
      const visit = await get("/study/x?tab=history&token=s3cret", {}, locked);
      expect(visit.status).toBe(302);
      expect(visit.headers.get("location")).toBe("/study/x?tab=history");
      const cookie = visit.headers.get("set-cookie") ?? "";
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Strict/);
      const pair = cookie.split(";")[0] as string;
      expect(pair.startsWith(`${TOKEN_COOKIE}=`)).toBe(true);
      expect((await get("/api/studies", { cookie: pair }, locked)).status).toBe(200);
      expect((await get("/api/studies", { authorization: "Bearer s3cret" }, locked)).status).toBe(200);
      expect((await get("/api/studies", { authorization: "Bearer nope" }, locked)).status).toBe(401);
    } finally {
      await locked.close();
    }
  });
});

describe("static files", () => {
  it("serves index.html for / and app routes, assets with long caching", async () => {
    const index = await get("/");
    expect(await index.text()).toContain("<title>UI</title>");
    expect(index.headers.get("cache-control")).toBe("no-cache");
    expect(await (await get("/study/abc")).text()).toContain("<title>UI</title>");
    const asset = await get("/assets/app.js");
    expect(asset.headers.get("content-type")).toContain("javascript");
    expect(asset.headers.get("cache-control")).toContain("immutable");
    expect((await get("/assets/missing.js")).status).toBe(404);
  });

  it("never serves a file outside its folder", async () => {
    for (const path of [
      "/../package.json",
      "/%2e%2e/%2e%2e/etc/passwd",
      "/assets/..%2f..%2fpackage.json",
      "/assets/..%2F..%2Fsecret.txt",
      "/assets/%2e%2e/%2e%2e/secret.txt",
      "/..\\secret.txt",
      "/assets/..%5csecret.txt",
      "/assets/%00app.js",
      "/assets/link.txt",
      "/.%2e/secret.txt",
    ]) {
      const res = await get(path);
      const text = await res.text();
      expect(text, path).not.toContain("SECRET");
      expect(text, path).not.toContain('"name": "tunekit"');
      expect(text, path).not.toContain("root:");
    }
    expect((await get("/assets/..%2f..%2fpackage.json")).status).toBe(400);
    expect((await get("/assets/link.txt")).status).toBe(404);
  });

  it("serves a plain page when the UI is not built", async () => {
    const bare = createDashboardApp({ storage, staticDir: join(dir, "missing"), allowedHosts: [HOST] });
    try {
      expect(await (await get("/", {}, bare)).text()).toContain("npm run build");
    } finally {
      await bare.close();
    }
  });
});

describe("live updates", () => {
  it("emits a study event after new trials and serves them", async () => {
    const events: unknown[] = [];
    const quick = createDashboardApp({
      storage,
      staticDir: dir,
      allowedHosts: [HOST],
      cache: { refreshMs: 20 },
    });
    const stop = quick.cache.subscribe((e) => events.push(e));
    try {
      await get(study(NAMES.hostile), {}, quick);
      await quick.cache.tick();
      const s = await loadStudy({ studyName: NAMES.hostile, storage });
      await s.optimize((t) => t.suggestFloat("y", 0, 1), { nTrials: 2 });
      await quick.cache.tick();
      expect(events).toContainEqual({ type: "studies" });
      expect(events).toContainEqual({
        type: "study",
        name: NAMES.hostile,
        seq: expect.any(Number),
        trialCount: 5,
      });
      const after = await json<StudyResponse>(study(NAMES.hostile)).catch(() => null);
      expect(after).not.toBeNull();
      const res = await get(study(NAMES.hostile), {}, quick);
      expect(((await res.json()) as StudyResponse).trialCount).toBe(5);
    } finally {
      stop();
      await quick.close();
    }
  });
});
