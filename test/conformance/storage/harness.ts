/**
 * Helpers shared by the storage conformance tests: declaring a test that gets a fresh storage, unique study
 * names, and assertions about frozen records and clocks.
 */
import { expect } from "vitest";
import type { ClaimRequest, NewStudy, Storage, StudyRecord } from "../../../src/storage/storage.js";
import type { FrozenTrial } from "../../../src/trial/frozen-trial.js";

/** Declares one conformance test; its body gets a storage fresh from the factory, closed afterwards. */
export type DeclareTest = (testName: string, body: (storage: Storage) => Promise<void>) => void;

let counter = 0;

/** A study name no other test (or process sharing a database) uses. */
export function uniqueName(label: string): string {
  counter++;
  return `conformance-${label}-${Date.now().toString(36)}-${globalThis.crypto.randomUUID().slice(0, 8)}-${counter}`;
}

/** Creates a single-objective study with a unique name. */
export function newStudy(
  storage: Storage,
  label: string,
  extra: Partial<NewStudy> = {},
): Promise<StudyRecord> {
  return storage.createStudy({ name: uniqueName(label), directions: ["minimize"], ...extra });
}

/** Claims a trial and fails the test when the storage returns null. */
export async function claim(
  storage: Storage,
  studyId: number,
  request: Partial<ClaimRequest> = {},
): Promise<FrozenTrial> {
  const trial = await storage.claimTrial(studyId, { workerId: "worker-1", ...request });
  if (trial === null) throw new Error("claimTrial returned null where a trial was expected");
  return trial;
}

/** Reads a trial and fails the test when it is missing. */
export async function mustGet(storage: Storage, trialId: number): Promise<FrozenTrial> {
  const trial = await storage.getTrial(trialId);
  if (trial === null) throw new Error(`getTrial(${trialId}) returned null where a trial was expected`);
  return trial;
}

/** Reads a study and fails the test when it is missing. */
export async function mustGetStudy(storage: Storage, name: string): Promise<StudyRecord> {
  const study = await storage.getStudy(name);
  if (study === null) throw new Error(`getStudy("${name}") returned null where a study was expected`);
  return study;
}

/** Waits `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Fails unless `value` and every object or array reachable from it is frozen. */
export function expectDeepFrozen(value: unknown, path = "record"): void {
  if (typeof value !== "object" || value === null) return;
  expect(Object.isFrozen(value), `${path} is frozen`).toBe(true);
  for (const [key, member] of Object.entries(value)) expectDeepFrozen(member, `${path}.${key}`);
}

/** A snapshot of a record (a deep copy) to compare with the record later. */
export function snapshot<T>(value: T): T {
  return structuredClone(value);
}

/**
 * Clock slack in milliseconds when comparing a storage time with `storage.now()` taken around the call;
 * covers database clocks that round to the millisecond differently from the call that reads them.
 */
export const CLOCK_SLACK_MS = 5;

/** Fails unless `t` lies in [before, after] give or take {@link CLOCK_SLACK_MS}. */
export function expectBetween(t: number | null, before: number, after: number, label = "time"): void {
  expect(t, `${label} is set`).not.toBeNull();
  expect(t as number, `${label} ≥ clock before the call`).toBeGreaterThanOrEqual(before - CLOCK_SLACK_MS);
  expect(t as number, `${label} ≤ clock after the call`).toBeLessThanOrEqual(after + CLOCK_SLACK_MS);
}

/** A study id that no storage assigns (ids are positive integers far below this). */
export const UNKNOWN_ID = 987_654_321;
