import { expect } from "vitest";
import { InvalidArgumentError, StudyNotFoundError } from "../../../src/errors.js";
import type { Storage, TrialChanges } from "../../../src/storage/storage.js";
import type { FrozenTrial } from "../../../src/trial/frozen-trial.js";
import { claim, type DeclareTest, newStudy, UNKNOWN_ID } from "./harness.js";

/** Claims `n` RUNNING trials (so they can be written again). */
async function running(storage: Storage, studyId: number, n: number): Promise<FrozenTrial[]> {
  const trials: FrozenTrial[] = [];
  for (let i = 0; i < n; i++) trials.push(await claim(storage, studyId));
  return trials;
}

/**
 * Reads pages of `limit` from `cursor` until `more` is false, checking what holds for every page: at most
 * `limit` trials, `more` only on full pages, seqs ascending across pages, cursors growing.
 */
async function readPages(
  storage: Storage,
  studyId: number,
  cursor: number,
  limit: number,
  between: (page: TrialChanges) => Promise<void> = async () => undefined,
): Promise<{ pages: TrialChanges[]; trials: FrozenTrial[] }> {
  const pages: TrialChanges[] = [];
  let lastSeq = cursor;
  for (;;) {
    const page = await storage.getTrialsSince(studyId, cursor, { limit });
    expect(page.trials.length).toBeLessThanOrEqual(limit);
    if (page.more) expect(page.trials).toHaveLength(limit);
    for (const t of page.trials) {
      expect(t.seq, "seqs ascend across pages").toBeGreaterThan(lastSeq);
      lastSeq = t.seq;
    }
    if (page.more) expect(page.cursor, "a cut page's cursor is its last seq").toBe(lastSeq);
    else expect(page.cursor).toBeGreaterThanOrEqual(lastSeq);
    expect(page.cursor, "cursors only grow").toBeGreaterThanOrEqual(cursor);
    pages.push(page);
    cursor = page.cursor;
    if (!page.more) break;
    await between(page);
    if (pages.length > 10_000) throw new Error("paging did not end");
  }
  return { pages, trials: pages.flatMap((p) => p.trials) };
}

/** Declares the tests of paged change reads: `getTrialsSince(studyId, cursor, { limit })`. */
export function declarePageTests(test: DeclareTest): void {
  test("getTrialsSince pages with limits 1, 3 and 1000 yield the latest version of every changed trial once", async (storage) => {
    const study = await newStudy(storage, "page-all");
    const other = await newStudy(storage, "page-all-other");
    await running(storage, other.studyId, 2);
    const trials = await running(storage, study.studyId, 9);
    for (let i = 0; i < 3; i++) await storage.createTrial(study.studyId, { state: "COMPLETE", values: [i] });
    // Rewrites put seq order out of number order; 12 trials divide evenly into pages of 1 and 3.
    await storage.updateTrial(trials[4]?.trialId as number, { userAttrs: { v: 1 } });
    await storage.updateTrial(trials[0]?.trialId as number, { userAttrs: { v: 1 } });
    await storage.finishTrial(trials[4]?.trialId as number, { state: "COMPLETE", values: [4] });
    const whole = await storage.getTrialsSince(study.studyId, 0);
    expect(whole.more).toBe(false);
    expect(whole.trials).toHaveLength(12);
    for (const limit of [1, 3, 1000]) {
      const { pages, trials: paged } = await readPages(storage, study.studyId, 0, limit);
      expect(pages, `limit ${limit}`).toHaveLength(Math.ceil(12 / limit));
      expect(pages.at(-1)?.more).toBe(false);
      expect(pages.at(-1)?.cursor).toBe(whole.cursor);
      expect([...paged].sort((a, b) => a.number - b.number)).toEqual(whole.trials);
      expect(paged.map((t) => t.number).slice(-2)).toEqual([0, 4]);
    }
    const { cursor } = await storage.getTrialsSince(study.studyId, 0);
    await storage.updateTrial(trials[7]?.trialId as number, { params: { x: 1 } });
    await storage.updateTrial(trials[2]?.trialId as number, { params: { x: 2 } });
    const since = await readPages(storage, study.studyId, cursor, 1);
    expect(since.trials.map((t) => t.number)).toEqual([7, 2]);
    expect(since.trials).toEqual([
      await storage.getTrial(trials[7]?.trialId as number),
      await storage.getTrial(trials[2]?.trialId as number),
    ]);
  });

  test("getTrialsSince pages lose no write made between two pages", async (storage) => {
    const study = await newStudy(storage, "page-concurrent");
    const trials = await running(storage, study.studyId, 6);
    const id = (n: number): number => trials[n]?.trialId as number;
    let step = 0;
    const { trials: paged, pages } = await readPages(storage, study.studyId, 0, 2, async () => {
      step++;
      if (step === 1) {
        await storage.updateTrial(id(0), { userAttrs: { again: true } });
        await storage.updateTrial(id(4), { userAttrs: { before: true } });
        await storage.createTrial(study.studyId, { state: "WAITING" });
      }
    });
    expect(pages[0]?.trials.map((t) => t.number)).toEqual([0, 1]);
    const latest = new Map<number, FrozenTrial>();
    for (const t of paged) latest.set(t.number, t);
    expect([...latest.keys()].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    for (const t of latest.values()) expect(t).toEqual(await storage.getTrial(t.trialId));
    expect(paged.filter((t) => t.number === 0)).toHaveLength(2);
    expect(paged.filter((t) => t.number === 4)).toHaveLength(1);
    const after = await storage.getTrialsSince(study.studyId, pages.at(-1)?.cursor as number, { limit: 2 });
    expect(after.trials).toEqual([]);
  });

  test("getTrialsSince pages: cursors only grow, a quiet study gives an empty last page", async (storage) => {
    const study = await newStudy(storage, "page-monotone");
    const empty = await storage.getTrialsSince(study.studyId, 0, { limit: 5 });
    expect(empty.trials).toEqual([]);
    expect(empty.more).toBe(false);
    expect(empty.cursor).toBeGreaterThanOrEqual(0);
    await running(storage, study.studyId, 5);
    const first = await storage.getTrialsSince(study.studyId, empty.cursor, { limit: 5 });
    expect(first.trials).toHaveLength(5);
    expect(first.more).toBe(false);
    expect(first.cursor).toBeGreaterThan(empty.cursor);
    const cut = await storage.getTrialsSince(study.studyId, empty.cursor, { limit: 4 });
    expect(cut.more).toBe(true);
    expect(cut.cursor).toBe(cut.trials.at(-1)?.seq);
    expect(cut.cursor).toBeLessThan(first.cursor);
    const rest = await storage.getTrialsSince(study.studyId, cut.cursor, { limit: 4 });
    expect(rest.trials).toEqual([first.trials[4]]);
    expect(rest.more).toBe(false);
    expect(rest.cursor).toBe(first.cursor);
    const quiet = await storage.getTrialsSince(study.studyId, rest.cursor, { limit: 1 });
    expect(quiet).toMatchObject({ trials: [], more: false });
    expect(quiet.cursor).toBeGreaterThanOrEqual(rest.cursor);
    expect((await storage.getTrialsSince(study.studyId, 0)).more).toBe(false);
  });

  test("getTrialsSince rejects a limit that is not a positive integer", async (storage) => {
    const study = await newStudy(storage, "page-bad-limit");
    await running(storage, study.studyId, 2);
    for (const limit of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, "10", null]) {
      await expect(
        storage.getTrialsSince(study.studyId, 0, { limit: limit as number }),
        `limit ${String(limit)}`,
      ).rejects.toBeInstanceOf(InvalidArgumentError);
    }
    await expect(storage.getTrialsSince(study.studyId, 0, { limit: 0 })).rejects.toThrow(/positive integer/);
    await expect(storage.getTrialsSince(UNKNOWN_ID, 0, { limit: 10 })).rejects.toBeInstanceOf(
      StudyNotFoundError,
    );
    expect((await storage.getTrialsSince(study.studyId, 0, { limit: 2 })).trials).toHaveLength(2);
  });
}
