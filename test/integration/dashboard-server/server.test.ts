import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StudyResponse } from "../../../src/dashboard/api-types.js";
import { startDashboard } from "../../../src/dashboard/server/index.js";
import {
  createStudy,
  InvalidArgumentError,
  openStorage,
  RandomSampler,
  type Storage,
} from "../../../src/index.js";
import { fillFixtureStorage, NAMES } from "./fixtures.js";

let dir: string;
let url: string;
let writer: Storage;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tunekit-dashboard-it-"));
  url = `sqlite:${join(dir, "studies.db")}`;
  writer = await openStorage(url);
  await fillFixtureStorage(writer);
});

afterAll(async () => {
  await writer.close();
  rmSync(dir, { recursive: true, force: true });
});

/** GET with a Host header of our choice (fetch does not let one set it). */
function statusWithHost(url: URL, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });
}

/** Reads server-sent events from a streaming response until `want` matches one or `ms` pass. */
async function waitForEvent(
  body: ReadableStream<Uint8Array>,
  want: (event: string, data: string) => boolean,
  ms: number,
) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const deadline = Date.now() + ms;
  try {
    while (Date.now() < deadline) {
      const chunk = await Promise.race([
        reader.read(),
        new Promise<null>((resolve) => setTimeout(() => resolve(null), deadline - Date.now())),
      ]);
      if (chunk === null || chunk.done) break;
      buffer += decoder.decode(chunk.value, { stream: true });
      let end = buffer.indexOf("\n\n");
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event !== undefined && data !== undefined && want(event, data)) return { event, data };
        end = buffer.indexOf("\n\n");
      }
    }
    return null;
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

describe("startDashboard", () => {
  it("serves a SQLite storage read-only and pushes a study event when a trial is added", async () => {
    const server = await startDashboard({ storageUrl: url, port: 0 });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const events = await fetch(new URL("/api/events", server.url));
      expect(events.headers.get("content-type")).toContain("text/event-stream");
      const page = await fetch(new URL(`/api/studies/${encodeURIComponent(NAMES.hostile)}`, server.url));
      expect(page.status, await page.clone().text()).toBe(200);
      const before = ((await page.json()) as { trialCount: number }).trialCount;
      const study = await createStudy({
        storage: writer,
        studyName: NAMES.hostile,
        loadIfExists: true,
        sampler: new RandomSampler({ seed: 9 }),
      });
      await study.optimize((t) => t.suggestFloat("y", 0, 1), { nTrials: 1 });
      const got = await waitForEvent(
        events.body as ReadableStream<Uint8Array>,
        (event, data) => event === "study" && JSON.parse(data).name === NAMES.hostile,
        5000,
      );
      expect(got).not.toBeNull();
      expect(JSON.parse(got?.data ?? "{}")).toMatchObject({ trialCount: before + 1 });
      const studies = await fetch(new URL("/api/studies", server.url));
      expect(studies.status).toBe(200);
      expect(await statusWithHost(new URL("/api/studies", server.url), "attacker.example")).toBe(403);
    } finally {
      await server.close();
    }
  });

  it("loads a study in pages through the storage worker, reporting progress until loaded", async () => {
    const server = await startDashboard({ storageUrl: url, port: 0, cache: { pageSize: 7 } });
    try {
      const path = new URL(`/api/studies/${encodeURIComponent(NAMES.single)}`, server.url);
      const first = (await (await fetch(path)).json()) as StudyResponse;
      expect(first.loading).toMatchObject({ total: 60 });
      expect(first.loading?.loaded).toBeGreaterThanOrEqual(7);
      expect(first.loading?.loaded).toBeLessThan(60);
      let last = first;
      for (let i = 0; i < 200 && last.loading !== null; i++) {
        await new Promise((r) => setTimeout(r, 20));
        last = (await (await fetch(path)).json()) as StudyResponse;
      }
      expect(last.loading).toBeNull();
      expect(last.trialCount).toBe(60);
      expect(last.budget.trials + last.budget.running + last.budget.waiting + last.budget.forbidden).toBe(60);
    } finally {
      await server.close();
    }
  });

  it("refuses a non-loopback host without a token", async () => {
    await expect(startDashboard({ storageUrl: url, host: "0.0.0.0", port: 0 })).rejects.toThrow(
      InvalidArgumentError,
    );
    await expect(startDashboard({ storageUrl: url, host: "0.0.0.0", port: 0 })).rejects.toThrow(/--token/);
  });

  it("puts the token in the URL it prints", async () => {
    const server = await startDashboard({ storageUrl: url, port: 0, token: "t0k" });
    try {
      expect(server.url).toMatch(/\?token=t0k$/);
      const res = await fetch(server.url, { redirect: "manual" });
      expect(res.status).toBe(302);
      expect((await fetch(new URL("/api/studies", server.url))).status).toBe(401);
    } finally {
      await server.close();
    }
  });
});
