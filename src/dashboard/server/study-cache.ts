/**
 * The dashboard's in-memory view of a storage: the study list, and for each study someone looked at its
 * trials in {@link StudyColumns}, kept current incrementally with `getTrialsSince(cursor, { limit })`.
 * A study is read in pages of `pageSize` trials: the first request is answered as soon as the first page
 * is in, the rest loads in the background (one page at a time, so other reads interleave), and every page
 * emits a study event so clients re-fetch. Once loaded, the same paged reads continue from the cursor.
 * A refresh loop runs every `refreshMs` while an event listener is connected or a request came in the
 * last `idleMs`; it re-reads the list, refreshes the loaded studies whose last activity moved, and emits
 * events.
 */
import { StudyNotFoundError, type StudyRecord, type StudySummary } from "../../core.js";
import type { StorageReader } from "./storage-reader.js";
import { StudyColumns } from "./study-columns.js";

/** What listeners hear: the list changed, or a loaded study got new or changed trials. */
export type CacheEvent =
  | { readonly type: "studies" }
  | { readonly type: "study"; readonly name: string; readonly seq: number; readonly trialCount: number };

/** Options of {@link StudyCache}. */
export interface StudyCacheOptions {
  /** Refresh period, ms (default 1000). */
  readonly refreshMs?: number;
  /** The loop stops this long after the last request when no listener is connected, ms (default 30,000). */
  readonly idleMs?: number;
  /** How many studies stay loaded; the least recently used goes first (default 8). */
  readonly maxStudies?: number;
  /** How long a request waits for a refresh of a loaded study before answering from the cache, ms (default 100). */
  readonly staleWaitMs?: number;
  /**
   * Trials per storage read (default 2,500). Measured on 100,000 SQLite trials (bench/RESULTS.md): the
   * full load takes as long with pages of 1,000 to 10,000, while smaller pages bring the first data and
   * any read queued behind a page sooner (~0.1–0.3 s a page on a loaded 2-core machine).
   */
  readonly pageSize?: number;
}

/** How far the first load of a study has got: trials read, of the study's trial count. */
export interface LoadProgress {
  readonly loaded: number;
  readonly total: number;
}

interface Entry {
  columns: StudyColumns;
  refreshedAt: number;
  usedAt: number;
  /** `lastActivity` of the list entry the last refresh followed. */
  activity: number;
  refreshing: Promise<void> | null;
  /** While the first load is under way: the study's trial count from the list; null once loaded. */
  loadingTotal: number | null;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The signature of a list entry: any change of it is a change of the list. */
const signature = (s: StudySummary) =>
  `${s.study.studyId}|${s.study.lastActivity}|${JSON.stringify(s.trialCounts)}|${s.bestValue}`;

/**
 * Studies and their trials, loaded on demand and refreshed incrementally.
 * @example
 * const cache = new StudyCache(inProcessReader(storage));
 * const columns = await cache.study("my-study");
 */
export class StudyCache {
  private readonly refreshMs: number;
  private readonly idleMs: number;
  private readonly maxStudies: number;
  private readonly staleWaitMs: number;
  private readonly pageSize: number;
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<Entry | null>>();
  private readonly listeners = new Set<(event: CacheEvent) => void>();
  private list: StudySummary[] | null = null;
  private listAt = 0;
  private listing: Promise<StudySummary[]> | null = null;
  private lastRequest = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(
    private readonly reader: StorageReader,
    options: StudyCacheOptions = {},
  ) {
    this.refreshMs = options.refreshMs ?? 1000;
    this.idleMs = options.idleMs ?? 30_000;
    this.maxStudies = options.maxStudies ?? 8;
    this.staleWaitMs = options.staleWaitMs ?? 100;
    this.pageSize = options.pageSize ?? 2500;
  }

  /** The reader the cache reads through (for point reads such as a trial's detail). */
  get storage(): StorageReader {
    return this.reader;
  }

  /**
   * The study list, at most `refreshMs` old; while a newer one is being read, or while a study loads in
   * the background (a fresh read would queue behind one of its pages), the last one with a refresh started.
   * So a slow scan never delays the answer once a list exists.
   */
  async studies(): Promise<StudySummary[]> {
    this.touch();
    if (this.list === null) return this.refreshList();
    const stale = Date.now() - this.listAt >= this.refreshMs;
    if (stale && this.listing === null && !this.anyLoading()) return this.refreshList();
    if (stale && this.listing === null) void this.refreshList().catch(() => undefined);
    return this.list;
  }

  /**
   * The study's columns, loading it on first use (resolved once the first page is in); null when there is
   * no such study.
   */
  async study(name: string): Promise<StudyColumns | null> {
    this.touch();
    const entry = this.entries.get(name);
    if (entry !== undefined) {
      entry.usedAt = Date.now();
      // While the first load runs, the loader is what brings the columns up to date.
      if (entry.loadingTotal === null && Date.now() - entry.refreshedAt >= this.refreshMs) {
        await Promise.race([this.refresh(name, entry), sleep(this.staleWaitMs)]);
      }
      return this.entries.get(name)?.columns ?? null;
    }
    let load = this.loading.get(name);
    if (load === undefined) {
      load = this.load(name).finally(() => this.loading.delete(name));
      this.loading.set(name, load);
    }
    return (await load)?.columns ?? null;
  }

  /**
   * How far the study's first load has got, or null when it is fully loaded (or not cached).
   * @example
   * cache.progress("my-study"); // { loaded: 40000, total: 100000 } while loading
   */
  progress(name: string): LoadProgress | null {
    const entry = this.entries.get(name);
    if (entry === undefined || entry.loadingTotal === null) return null;
    const loaded = entry.columns.filled;
    return { loaded, total: Math.max(loaded, entry.loadingTotal) };
  }

  /** Listens to changes; returns the function that stops listening. The loop runs while anyone listens. */
  subscribe(listener: (event: CacheEvent) => void): () => void {
    this.listeners.add(listener);
    this.schedule();
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Stops the loop and closes the reader. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.listeners.clear();
    await this.reader.close();
  }

  /** One refresh: the list, then every loaded study whose activity moved. Exposed for tests. */
  async tick(): Promise<void> {
    const previous = this.list;
    const list = await this.refreshList();
    const byName = new Map(list.map((s) => [s.study.name, s]));
    const changed =
      previous === null ||
      previous.length !== list.length ||
      previous.some((s, i) => list[i] === undefined || signature(s) !== signature(list[i] as StudySummary));
    if (changed && previous !== null) this.emit({ type: "studies" });
    for (const [name, entry] of this.entries) {
      const summary = byName.get(name);
      if (summary === undefined || summary.study.studyId !== entry.columns.study.studyId) {
        this.entries.delete(name);
        continue;
      }
      if (entry.loadingTotal !== null) {
        entry.loadingTotal = trialTotal(summary);
        // The loader runs on its own; it is restarted here only when a read failed and stopped it.
        if (entry.refreshing === null) void this.refresh(name, entry).catch(() => undefined);
        continue;
      }
      if (summary.study.lastActivity !== entry.activity)
        await this.refresh(name, entry, summary.study.lastActivity);
    }
  }

  private anyLoading(): boolean {
    for (const entry of this.entries.values()) if (entry.loadingTotal !== null) return true;
    return false;
  }

  private touch(): void {
    this.lastRequest = Date.now();
    this.schedule();
  }

  private active(): boolean {
    return this.listeners.size > 0 || Date.now() - this.lastRequest < this.idleMs;
  }

  private schedule(): void {
    if (this.timer !== null || this.closed) return;
    this.timer = setTimeout(async () => {
      try {
        await this.tick();
      } catch {
        // A failed refresh (a database briefly unavailable) is retried on the next tick.
      }
      this.timer = null;
      if (this.active()) this.schedule();
    }, this.refreshMs);
    this.timer.unref?.();
  }

  private refreshList(): Promise<StudySummary[]> {
    if (this.listing !== null) return this.listing;
    this.listing = this.reader
      .listStudies()
      .then((list) => {
        this.list = list;
        this.listAt = Date.now();
        return list;
      })
      .finally(() => {
        this.listing = null;
      });
    return this.listing;
  }

  private async load(name: string): Promise<Entry | null> {
    const study = await this.reader.getStudy(name);
    if (study === null) return null;
    const columns = new StudyColumns(study);
    const entry: Entry = {
      columns,
      refreshedAt: 0,
      usedAt: Date.now(),
      activity: study.lastActivity,
      refreshing: null,
      loadingTotal: null,
    };
    try {
      // The list (for the trial total) is read alongside the first page only when none is cached yet.
      const [page, list] = await Promise.all([
        this.reader.readChanges(study.studyId, 0, columns.m, this.pageSize),
        this.list ?? this.studies(),
      ]);
      columns.apply(page.batch, page.cursor);
      if (page.more) {
        const summary = list.find((s) => s.study.studyId === study.studyId);
        entry.loadingTotal = summary === undefined ? columns.filled : trialTotal(summary);
      }
    } catch (error) {
      if (error instanceof StudyNotFoundError) return null;
      throw error;
    }
    entry.refreshedAt = Date.now();
    this.entries.set(name, entry);
    this.evict();
    if (entry.loadingTotal !== null) void this.refresh(name, entry).catch(() => undefined);
    return entry;
  }

  /**
   * Reads the study record and, page by page, the trials changed since the entry's cursor; emits a study
   * event for every page that changed something and when the first load completes.
   */
  private refresh(name: string, entry: Entry, activity?: number): Promise<void> {
    if (entry.refreshing !== null) return entry.refreshing;
    entry.refreshing = (async () => {
      const study = await this.reader.getStudy(name);
      if (study === null || study.studyId !== entry.columns.study.studyId) {
        this.entries.delete(name);
        this.emit({ type: "studies" });
        return;
      }
      entry.columns.study = study as StudyRecord;
      try {
        if (!(await this.readPages(name, entry))) return;
        entry.refreshedAt = Date.now();
        entry.activity = activity ?? study.lastActivity;
      } catch (error) {
        if (!(error instanceof StudyNotFoundError)) throw error;
        this.entries.delete(name);
      }
    })().finally(() => {
      entry.refreshing = null;
    });
    return entry.refreshing;
  }

  /** Reads pages until the study's cursor is reached; false when the entry was dropped meanwhile. */
  private async readPages(name: string, entry: Entry): Promise<boolean> {
    const { columns } = entry;
    for (;;) {
      const page = await this.reader.readChanges(
        columns.study.studyId,
        columns.seq,
        columns.m,
        this.pageSize,
      );
      if (this.closed || this.entries.get(name) !== entry) return false;
      columns.apply(page.batch, page.cursor);
      const finishedLoading = !page.more && entry.loadingTotal !== null;
      if (!page.more) entry.loadingTotal = null;
      if (page.batch.n > 0 || finishedLoading)
        this.emit({ type: "study", name, seq: columns.seq, trialCount: columns.n });
      if (!page.more) return true;
      // Let requests queued meanwhile (on this thread and in the reader) go before the next page.
      await sleep(0);
    }
  }

  private evict(): void {
    while (this.entries.size > this.maxStudies) {
      let oldest: [string, Entry] | null = null;
      for (const e of this.entries) if (oldest === null || e[1].usedAt < oldest[1].usedAt) oldest = e;
      if (oldest === null) return;
      this.entries.delete(oldest[0]);
    }
  }

  private emit(event: CacheEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

/** A study's trial count over all states. */
function trialTotal(summary: StudySummary): number {
  return Object.values(summary.trialCounts).reduce((a, b) => a + b, 0);
}
