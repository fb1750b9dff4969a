import { expect } from "vitest";
import { InvalidArgumentError, StudyNotFoundError, TrialNotFoundError } from "../../../src/errors.js";
import type { ClaimRequest, Storage, TrialChanges } from "../../../src/storage/storage.js";
import type { FrozenTrial } from "../../../src/trial/frozen-trial.js";
import { claim, type DeclareTest, newStudy, UNKNOWN_ID } from "./harness.js";

type ClaimWithChanges = NonNullable<Storage["claimTrialWithChanges"]>;
type FinishWithChanges = NonNullable<Storage["finishTrialWithChanges"]>;

/**
 * The optional method, bound, or null when the storage lacks it (then the tests below have nothing to
 * check: callers fall back to `getTrialsSince` + `claimTrial`, which the other tests cover). The memory and
 * SQLite storages lack both methods (without a round trip to save, the two calls cost nothing more);
 * PostgreSQL has them.
 */
function claimWithChanges(storage: Storage): ClaimWithChanges | null {
  return storage.claimTrialWithChanges?.bind(storage) ?? null;
}

/** The optional `finishTrialWithChanges`, bound, or null (as {@link claimWithChanges}). */
function finishWithChanges(storage: Storage): FinishWithChanges | null {
  return storage.finishTrialWithChanges?.bind(storage) ?? null;
}

/** Applies changes to a map of trials by number, keeping the newer version of each. */
function applyTo(known: Map<number, FrozenTrial>, changes: TrialChanges): void {
  for (const t of changes.trials) {
    const old = known.get(t.number);
    if (old === undefined || old.seq < t.seq) known.set(t.number, t);
  }
}

/**
 * Runs 6 workers × 12 rounds on a new study; `round` runs one trial for worker `w` from its cursor and
 * returns what the worker learnt (the changes; its cursor moves to theirs). Once all have stopped, one
 * read from each worker's cursor must make its view equal to the study's trials, every one at its latest
 * version: no write was skipped by any cursor.
 */
async function expectViewsComplete(
  storage: Storage,
  label: string,
  round: (studyId: number, w: number, r: number, cursor: number) => Promise<TrialChanges>,
): Promise<void> {
  const study = await newStudy(storage, label);
  const workers = 6;
  const rounds = 12;
  const views = await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      const known = new Map<number, FrozenTrial>();
      let cursor = 0;
      for (let r = 0; r < rounds; r++) {
        const changes = await round(study.studyId, w, r, cursor);
        applyTo(known, changes);
        cursor = changes.cursor;
      }
      return { known, cursor };
    }),
  );
  for (const { known, cursor } of views) applyTo(known, await storage.getTrialsSince(study.studyId, cursor));
  const all = (await storage.getTrialsSince(study.studyId, 0)).trials;
  expect(all.map((t) => t.number)).toEqual(Array.from({ length: workers * rounds }, (_, i) => i));
  for (const { known } of views) {
    expect([...known.values()].sort((x, y) => x.number - y.number)).toEqual(all);
  }
}

/** Declares the tests of the optional `claimTrialWithChanges` and `finishTrialWithChanges`. */
export function declareClaimChangesTests(test: DeclareTest): void {
  test("claimTrialWithChanges returns the trials changed after the cursor and claims a new trial", async (storage) => {
    const call = claimWithChanges(storage);
    if (call === null) return;
    const study = await newStudy(storage, "claim-changes");
    const first = await claim(storage, study.studyId, { workerId: "other" });
    const untouched = await claim(storage, study.studyId, { workerId: "other" });
    const { cursor } = await storage.getTrialsSince(study.studyId, 0);
    const finished = await storage.finishTrial(first.trialId, { state: "COMPLETE", values: [1] });
    const created = await storage.createTrial(study.studyId, { state: "COMPLETE", values: [2] });
    const request: ClaimRequest = { workerId: "me", leaseSeconds: 30 };
    const { trial, changes } = await call(study.studyId, request, cursor);
    expect(changes.more).toBe(false);
    expect(changes.cursor).toBeGreaterThanOrEqual(cursor);
    // Everything written after the cursor and before the claim, each in its latest version, by number;
    // the untouched trial is not repeated; the claimed trial may or may not be there.
    const before = changes.trials.filter((t) => t.number !== trial?.number);
    expect(before).toEqual([finished.trial, created]);
    expect(changes.trials.some((t) => t.number === untouched.number)).toBe(false);
    expect(trial).toMatchObject({ number: 3, state: "RUNNING", workerId: "me" });
    expect((trial as FrozenTrial).leaseExpiresAt).not.toBeNull();
    expect(await storage.getTrial((trial as FrozenTrial).trialId)).toEqual(trial);
    // The returned cursor skips nothing: reading from it returns the claimed trial unless it came back.
    const next = await storage.getTrialsSince(study.studyId, changes.cursor);
    const seen = [...changes.trials, ...next.trials].map((t) => t.number);
    expect(seen).toContain(3);
  });

  test("claimTrialWithChanges takes the oldest WAITING trial first and honours maxTrials", async (storage) => {
    const call = claimWithChanges(storage);
    if (call === null) return;
    const study = await newStudy(storage, "claim-changes-waiting");
    const waiting = await storage.createTrial(study.studyId, { state: "WAITING", params: { x: 5 } });
    const max = { workerId: "w", maxTrials: 2 };
    const a = await call(study.studyId, max, 0);
    expect(a.trial).toMatchObject({ number: 0, state: "RUNNING", params: { x: 5 } });
    // Read before the claim: the trial as it was, WAITING.
    expect(a.changes.trials).toEqual([waiting]);
    const b = await call(study.studyId, max, a.changes.cursor);
    expect(b.trial).toMatchObject({ number: 1, state: "RUNNING" });
    const c = await call(study.studyId, max, b.changes.cursor);
    expect(c.trial).toBeNull();
    // The changes still come with a refused claim: trial 1 at least, since it was written after b's cursor
    // unless b's changes held it already.
    const known = new Map<number, FrozenTrial>();
    for (const r of [a, b, c]) applyTo(known, r.changes);
    expect([...known.keys()].sort()).toEqual([0, 1]);
    expect((await storage.getTrialsSince(study.studyId, 0)).trials).toHaveLength(2);
  });

  test("claimTrialWithChanges rejects a bad cursor and an unknown study", async (storage) => {
    const call = claimWithChanges(storage);
    if (call === null) return;
    const study = await newStudy(storage, "claim-changes-bad");
    await expect(call(study.studyId, { workerId: "w" }, Number.NaN)).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    await expect(call(UNKNOWN_ID, { workerId: "w" }, 0)).rejects.toBeInstanceOf(StudyNotFoundError);
    expect((await storage.getTrialsSince(study.studyId, 0)).trials).toEqual([]);
  });

  test("concurrent workers that refresh only through claimTrialWithChanges miss no write", async (storage) => {
    const call = claimWithChanges(storage);
    if (call === null) return;
    await expectViewsComplete(storage, "claim-changes-concurrent", async (studyId, w, r, cursor) => {
      const { trial, changes } = await call(studyId, { workerId: `w${w}` }, cursor);
      if (trial === null) throw new Error("claim refused without a cap");
      await storage.finishTrial(trial.trialId, { state: "COMPLETE", values: [w * 100 + r] });
      return changes;
    });
  });

  test("finishTrialWithChanges finishes the trial and returns the trials changed after the cursor", async (storage) => {
    const call = finishWithChanges(storage);
    if (call === null) return;
    const study = await newStudy(storage, "finish-changes");
    const mine = await claim(storage, study.studyId, { workerId: "me" });
    const { cursor } = await storage.getTrialsSince(study.studyId, 0);
    const other = await claim(storage, study.studyId, { workerId: "other" });
    const created = await storage.createTrial(study.studyId, { state: "WAITING", params: { x: 1 } });
    const { result, changes } = await call(mine.trialId, { state: "COMPLETE", values: [0.5] }, cursor);
    expect(result.ok).toBe(true);
    expect(result.trial).toMatchObject({ number: 0, state: "COMPLETE", values: [0.5], workerId: "me" });
    expect(await storage.getTrial(mine.trialId)).toEqual(result.trial);
    expect(changes.more).toBe(false);
    expect(changes.trials.filter((t) => t.number !== mine.number)).toEqual([other, created]);
    // Nothing is skipped: from the returned cursor the finished version comes back unless it already did.
    const next = await storage.getTrialsSince(study.studyId, changes.cursor);
    const versions = [...changes.trials, ...next.trials].filter((t) => t.number === mine.number);
    expect(versions.map((t) => t.seq)).toContain(result.trial.seq);
  });

  test("finishTrialWithChanges on a finished trial returns ok: false with the changes; bad calls throw", async (storage) => {
    const call = finishWithChanges(storage);
    if (call === null) return;
    const study = await newStudy(storage, "finish-changes-done");
    const trial = await claim(storage, study.studyId);
    const first = await call(trial.trialId, { state: "PRUNED", values: null }, 0);
    expect(first.result).toMatchObject({ ok: true, trial: { state: "PRUNED" } });
    const again = await call(trial.trialId, { state: "COMPLETE", values: [1] }, 0);
    expect(again.result).toEqual({ ok: false, trial: first.result.trial });
    expect(again.changes.trials).toEqual([first.result.trial]);
    await expect(call(UNKNOWN_ID, { state: "COMPLETE", values: [1] }, 0)).rejects.toBeInstanceOf(
      TrialNotFoundError,
    );
    await expect(call(trial.trialId, { state: "COMPLETE", values: [1] }, Number.NaN)).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    expect(await storage.getTrial(trial.trialId)).toEqual(first.result.trial);
  });

  test("concurrent workers that refresh only through finishTrialWithChanges miss no write", async (storage) => {
    const call = finishWithChanges(storage);
    if (call === null) return;
    await expectViewsComplete(storage, "finish-changes-concurrent", async (studyId, w, r, cursor) => {
      const trial = await claim(storage, studyId, { workerId: `w${w}` });
      const { result, changes } = await call(trial.trialId, { state: "COMPLETE", values: [r] }, cursor);
      // The worker knows its own finished trial from the result.
      return { ...changes, trials: [...changes.trials, result.trial] };
    });
  });
}
