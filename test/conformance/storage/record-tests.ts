import { expect } from "vitest";
import type { Distribution } from "../../../src/search-space/distribution.js";
import { claim, type DeclareTest, expectDeepFrozen, mustGet, newStudy, snapshot } from "./harness.js";

const FLOAT: Distribution = { type: "float", low: 0, high: 1, log: false, step: null };
const CHOICE: Distribution = { type: "categorical", choices: ["a", "b", null] };

/** Declares the tests of record guarantees: frozen, never changing, unaliased, non-finite numbers kept. */
export function declareRecordTests(test: DeclareTest): void {
  test("returned records are frozen, nested objects included", async (storage) => {
    const study = await newStudy(storage, "frozen", {
      userAttrs: { deep: { list: [{ a: 1 }] } },
      samplerConfig: { name: "tpe", options: { nested: { k: [1] } } },
    });
    expectDeepFrozen(study, "study");
    const trial = await claim(storage, study.studyId, { leaseSeconds: 60 });
    expectDeepFrozen(trial, "claimed");
    const updated = await storage.updateTrial(trial.trialId, {
      params: { x: 0.5, k: "a" },
      distributions: { x: FLOAT, k: CHOICE },
      intermediateValues: { 0: 1, 1: [1, 2], 2: { loss: 1 } },
      constraints: { c: 0 },
      userAttrs: { deep: { list: [{ a: 1 }] } },
      systemAttrs: { s: [1, { t: 2 }] },
    });
    expectDeepFrozen(updated, "updated");
    const { trial: finished } = await storage.finishTrial(trial.trialId, {
      state: "FAIL",
      values: [1, 2],
      failReason: { code: "exception", message: "m" },
    });
    expectDeepFrozen(finished, "finished");
    expectDeepFrozen(await storage.getTrial(trial.trialId), "getTrial");
    expectDeepFrozen(await storage.getStudy(study.name), "getStudy");
    expectDeepFrozen((await storage.getTrialsSince(study.studyId, 0)).trials, "getTrialsSince");
    expectDeepFrozen(await storage.compareAndSetState(study.studyId, "k", 0, { a: [{ b: 1 }] }), "state");
    expectDeepFrozen(await storage.getState(study.studyId, "k"), "getState");
  });

  test("returned records never change afterwards", async (storage) => {
    const study = await newStudy(storage, "immutable", { userAttrs: { a: 1 } });
    const studyCopy = snapshot(study);
    const claimed = await claim(storage, study.studyId, { leaseSeconds: 60 });
    const claimedCopy = snapshot(claimed);
    const updated = await storage.updateTrial(claimed.trialId, {
      params: { x: 1 },
      intermediateValues: { 0: { a: 1 } },
      userAttrs: { u: 1 },
    });
    const updatedCopy = snapshot(updated);
    await storage.updateTrial(claimed.trialId, { intermediateValues: { 0: { b: 2 } }, userAttrs: { u: 2 } });
    await storage.heartbeat([claimed.trialId], 120);
    await storage.finishTrial(claimed.trialId, { state: "COMPLETE", values: [1], constraints: { c: 1 } });
    await storage.updateStudy(study.studyId, { userAttrs: { a: 2 } });
    const state = await storage.compareAndSetState(study.studyId, "k", 0, { n: 1 });
    await storage.compareAndSetState(study.studyId, "k", 1, { n: 2 });
    expect(study).toEqual(studyCopy);
    expect(claimed).toEqual(claimedCopy);
    expect(updated).toEqual(updatedCopy);
    expect(state).toEqual({ version: 1, value: { n: 1 } });
  });

  test("stored records do not alias objects the caller passed in", async (storage) => {
    const userAttrs = { list: [1, 2], nested: { a: 1 } };
    const study = await newStudy(storage, "alias", { userAttrs });
    userAttrs.list.push(3);
    userAttrs.nested.a = 99;
    expect((await storage.getStudy(study.name))?.userAttrs).toEqual({ list: [1, 2], nested: { a: 1 } });

    const trial = await claim(storage, study.studyId);
    const named: Record<string, number> = { a: 1 };
    const patch = {
      params: { x: 1 } as Record<string, number>,
      distributions: { k: { type: "categorical" as const, choices: ["a", "b"] } },
      intermediateValues: { 0: named },
      constraints: { c: 1 } as Record<string, number>,
      userAttrs: { arr: [1] },
    };
    await storage.updateTrial(trial.trialId, patch);
    const values = [1, 2];
    await storage.finishTrial(trial.trialId, { state: "COMPLETE", values });
    patch.params.x = 2;
    patch.distributions.k.choices.push("c");
    named.a = 5;
    named.b = 6;
    patch.constraints.c = 5;
    patch.userAttrs.arr.push(2);
    values[0] = 100;
    expect(await mustGet(storage, trial.trialId)).toMatchObject({
      params: { x: 1 },
      distributions: { k: { type: "categorical", choices: ["a", "b"] } },
      intermediateValues: { 0: { a: 1 } },
      constraints: { c: 1 },
      userAttrs: { arr: [1] },
      values: [1, 2],
    });

    const value = { list: [1] };
    await storage.compareAndSetState(study.studyId, "k", 0, value);
    value.list.push(2);
    expect((await storage.getState(study.studyId, "k"))?.value).toEqual({ list: [1] });
  });

  test("NaN, Infinity and -Infinity round-trip in values, intermediate values and constraints", async (storage) => {
    const study = await newStudy(storage, "non-finite", { directions: ["minimize", "maximize", "minimize"] });
    const special = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
    const trial = await claim(storage, study.studyId);
    await storage.updateTrial(trial.trialId, {
      intermediateValues: {
        0: Number.NaN,
        1: Number.POSITIVE_INFINITY,
        2: special,
        3: { a: Number.NaN, b: -Infinity },
      },
      constraints: { nan: Number.NaN, inf: Number.POSITIVE_INFINITY, ninf: Number.NEGATIVE_INFINITY },
    });
    await storage.finishTrial(trial.trialId, { state: "COMPLETE", values: special });
    const added = await storage.createTrial(study.studyId, {
      state: "COMPLETE",
      values: special,
      intermediateValues: { 5: Number.NEGATIVE_INFINITY },
      constraints: { c: Number.NaN },
    });
    const read = [
      await mustGet(storage, trial.trialId),
      ...(await storage.getTrialsSince(study.studyId, 0)).trials,
    ];
    for (const t of read.slice(0, 2)) {
      expect(t.values).toEqual(special);
      expect(Object.is(t.values?.[0], Number.NaN)).toBe(true);
      expect(t.intermediateValues).toEqual({
        0: Number.NaN,
        1: Number.POSITIVE_INFINITY,
        2: special,
        3: { a: Number.NaN, b: -Infinity },
      });
      expect(t.constraints).toEqual({
        nan: Number.NaN,
        inf: Number.POSITIVE_INFINITY,
        ninf: Number.NEGATIVE_INFINITY,
      });
    }
    const addedRead = await mustGet(storage, added.trialId);
    expect(addedRead.values).toEqual(special);
    expect(addedRead.intermediateValues).toEqual({ 5: Number.NEGATIVE_INFINITY });
    expect(addedRead.constraints).toEqual({ c: Number.NaN });
  });
}
