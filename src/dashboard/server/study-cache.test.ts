import { describe, expect, it } from "vitest";
import { MemoryStorage, type Storage } from "../../index.js";
import { inProcessReader, type StorageReader } from "./storage-reader.js";
import { type CacheEvent, StudyCache } from "./study-cache.js";
import type { StudyColumns } from "./study-columns.js";
import { studyResponse } from "./study-views.js";

/** An in-process reader whose trial reads after the first wait until `release()`; it logs each read. */
function gatedReader(storage: Storage): {
  reader: StorageReader;
  reads: { cursor: number; limit: number | undefined }[];
  release: () => void;
} {
  const inner = inProcessReader(storage);
  const reads: { cursor: number; limit: number | undefined }[] = [];
  let release = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const reader: StorageReader = {
    ...inner,
    readChanges: async (studyId, cursor, m, limit) => {
      reads.push({ cursor, limit });
      if (reads.length > 1) await gate;
      return inner.readChanges(studyId, cursor, m, limit);
    },
  };
  return { reader, reads, release };
}

async function untilLoaded(cache: StudyCache, name: string): Promise<void> {
  for (let i = 0; i < 500 && cache.progress(name) !== null; i++) await new Promise((r) => setTimeout(r, 2));
  expect(cache.progress(name)).toBeNull();
}

/** Every trial of the study as the columns hold it: number → [state, value 0]. */
function rowsOf(columns: StudyColumns): [number, string | null, number][] {
  return Array.from({ length: columns.n }, (_, i) => [i, columns.stateName(i), columns.value(i, 0)]);
}

async function storedRows(storage: Storage, studyId: number): Promise<[number, string | null, number][]> {
  const { trials } = await storage.getTrialsSince(studyId, 0);
  return trials.map((t) => [t.number, t.state, t.values?.[0] ?? Number.NaN]);
}

describe("StudyCache paged loading", () => {
  it("answers after the first page, loads the rest in pages and reports progress", async () => {
    const storage = new MemoryStorage();
    const study = await storage.createStudy({ name: "paged", directions: ["minimize"] });
    for (let i = 0; i < 25; i++) await storage.createTrial(study.studyId, { state: "COMPLETE", values: [i] });
    const { reader, reads, release } = gatedReader(storage);
    const cache = new StudyCache(reader, { pageSize: 10 });
    const events: CacheEvent[] = [];
    cache.subscribe((e) => events.push(e));
    try {
      const columns = (await cache.study("paged")) as StudyColumns;
      expect(columns.filled).toBe(10);
      expect(cache.progress("paged")).toEqual({ loaded: 10, total: 25 });
      expect(studyResponse(columns, cache.progress("paged")).loading).toEqual({ loaded: 10, total: 25 });
      // A request while loading answers from what is loaded, without waiting for the rest.
      expect((await cache.study("paged"))?.filled).toBe(10);
      release();
      await untilLoaded(cache, "paged");
      expect(reads.map((r) => r.limit)).toEqual([10, 10, 10]);
      expect(reads[0]?.cursor).toBe(0);
      expect(reads[1]?.cursor).toBeGreaterThan(0);
      expect(reads[2]?.cursor).toBeGreaterThan(reads[1]?.cursor as number);
      expect(columns.filled).toBe(25);
      expect(rowsOf(columns)).toEqual(await storedRows(storage, study.studyId));
      expect(studyResponse(columns, cache.progress("paged")).loading).toBeNull();
      const studyEvents = events.filter((e) => e.type === "study");
      expect(studyEvents).toHaveLength(2);
      expect(studyEvents.at(-1)).toEqual({
        type: "study",
        name: "paged",
        seq: (await storage.getTrialsSince(study.studyId, 0)).cursor,
        trialCount: 25,
      });
    } finally {
      await cache.close();
    }
  });

  it("loses no write made while the study loads, and refreshes from the cursor afterwards", async () => {
    let now = 1_000_000;
    // A clock that always moves, so every write moves the study's last activity.
    const storage = new MemoryStorage({ clock: () => ++now });
    const study = await storage.createStudy({ name: "busy", directions: ["minimize"] });
    const running = [];
    for (let i = 0; i < 12; i++) running.push(await storage.claimTrial(study.studyId, { workerId: "w" }));
    const { reader, release } = gatedReader(storage);
    const cache = new StudyCache(reader, { pageSize: 5 });
    try {
      const columns = (await cache.study("busy")) as StudyColumns;
      expect(columns.filled).toBe(5);
      // Trial 1 was in the first page, trial 8 is not read yet; trial 12 is new.
      await storage.finishTrial(running[1]?.trialId as number, { state: "COMPLETE", values: [1] });
      await storage.finishTrial(running[8]?.trialId as number, { state: "PRUNED", values: null });
      await storage.createTrial(study.studyId, { state: "COMPLETE", values: [12] });
      release();
      await untilLoaded(cache, "busy");
      expect(columns.filled).toBe(13);
      expect(rowsOf(columns)).toEqual(await storedRows(storage, study.studyId));
      expect(columns.seq).toBe((await storage.getTrialsSince(study.studyId, 0)).cursor);

      await storage.finishTrial(running[3]?.trialId as number, { state: "FAIL", values: null });
      await cache.tick();
      expect(columns.stateName(3)).toBe("FAIL");
      expect(rowsOf(columns)).toEqual(await storedRows(storage, study.studyId));
    } finally {
      await cache.close();
    }
  });

  it("reads a small study in one page and is loaded at once", async () => {
    const storage = new MemoryStorage();
    const study = await storage.createStudy({ name: "small", directions: ["minimize"] });
    for (let i = 0; i < 3; i++) await storage.createTrial(study.studyId, { state: "COMPLETE", values: [i] });
    const cache = new StudyCache(inProcessReader(storage), { pageSize: 10 });
    try {
      expect((await cache.study("small"))?.filled).toBe(3);
      expect(cache.progress("small")).toBeNull();
    } finally {
      await cache.close();
    }
  });
});
