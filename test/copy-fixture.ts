/**
 * The study `copyStudy` tests copy: a trial in every state with every field of a trial record set, and
 * what each trial must look like in a copy.
 */
import { MemoryStorage } from "../src/storage/memory/memory-storage.js";
import type { StudyRecord } from "../src/storage/storage.js";
import type { FrozenTrial } from "../src/trial/frozen-trial.js";

const T0 = 1_700_000_000_000;

/**
 * A memory storage holding study "src" with a trial in every state (RUNNING and STALE included), NaN and
 * ±Infinity values, every kind of intermediate value, constraints, attributes, a fail reason with a
 * stack and a retry, on a clock the test moves.
 */
export async function sourceStorage(): Promise<{ storage: MemoryStorage; record: StudyRecord }> {
  let now = T0;
  const storage = new MemoryStorage({ clock: () => (now += 1000) });
  const created = await storage.createStudy({
    name: "src",
    directions: ["minimize", "maximize"],
    metricNames: ["loss", "acc"],
    samplerConfig: { name: "random", options: { seed: 7 } },
    prunerConfig: { name: "nop", options: {} },
    lease: { heartbeatSeconds: 10, graceSeconds: 30 },
    retry: { maxRetries: 2 },
    userAttrs: { owner: "ana", tags: ["a", "b"] },
  });
  const id = created.studyId;
  const dist = { type: "float", low: 0, high: 1, log: false, step: null } as const;
  await storage.createTrial(id, {
    state: "COMPLETE",
    values: [Number.NaN, Number.POSITIVE_INFINITY],
    params: { x: 0.5, opt: "adam" },
    distributions: { x: dist, opt: { type: "categorical", choices: ["adam", "sgd"] } },
    intermediateValues: { 0: [1, Number.NEGATIVE_INFINITY], 2: { loss: 0.5 }, 5: 0.25 },
    constraints: { mem: -1, time: Number.NEGATIVE_INFINITY },
    userAttrs: { note: "ünï ✓", cfg: { layers: [1, 2] } },
    systemAttrs: { bracket: 1 },
  });
  await storage.createTrial(id, {
    state: "PRUNED",
    values: [0.3, 0.1],
    params: { x: 0.1 },
    distributions: { x: dist },
  });
  await storage.createTrial(id, {
    state: "FAIL",
    params: { x: 0.9 },
    distributions: { x: dist },
    failReason: { code: "exception", message: "Error: boom", stack: "Error: boom\n    at f (x.ts:1)" },
  });
  await storage.createTrial(id, {
    state: "COMPLETE",
    values: [1, 2],
    params: { x: 0.9 },
    distributions: { x: dist },
    retryOf: 2,
  });
  const ran = (await storage.claimTrial(id, { workerId: "host:3:cc" })) as FrozenTrial;
  await storage.finishTrial(ran.trialId, {
    state: "COMPLETE",
    values: [0.5, 0.5],
    params: { x: 0.3 },
    distributions: { x: dist },
    intermediateValues: { 0: 0.9, 1: 0.6 },
  });
  const stale = (await storage.claimTrial(id, { workerId: "dead:1:aa", leaseSeconds: 1 })) as FrozenTrial;
  await storage.updateTrial(stale.trialId, {
    params: { x: 0.2 },
    distributions: { x: dist },
    intermediateValues: { 0: 3 },
  });
  now += 60_000;
  await storage.reapStaleTrials(id);
  const running = (await storage.claimTrial(id, { workerId: "live:2:bb" })) as FrozenTrial;
  await storage.updateTrial(running.trialId, {
    params: { x: 0.7 },
    distributions: { x: dist },
    userAttrs: { step: 3 },
  });
  await storage.createTrial(id, {
    state: "WAITING",
    params: { x: 0.4 },
    systemAttrs: { fixedParams: { x: 0.4 } },
  });
  const record = await storage.updateStudy(id, { systemAttrs: { note: "internal" } });
  return { storage, record };
}

/**
 * What `trial` must look like in the copy: every field but the ids and seq the target assigns; a
 * RUNNING trial becomes FAIL "copied-running" without a completion time or lease.
 * @example
 * expect(copied.map(comparable)).toEqual(source.map((t) => expectedCopy(t, "src")));
 */
export function expectedCopy(trial: FrozenTrial, fromStudy: string): Partial<FrozenTrial> {
  const { trialId: _id, seq: _seq, ...fields } = trial;
  if (trial.state !== "RUNNING") return fields;
  return {
    ...fields,
    state: "FAIL",
    leaseExpiresAt: null,
    failReason: {
      code: "copied-running",
      message: `Trial ${trial.number} of study "${fromStudy}" was RUNNING on worker "${trial.workerId}" when the study was copied, so its result is unknown.`,
    },
  };
}

/** The fields of a copied trial that {@link expectedCopy} describes. */
export function comparable(trial: FrozenTrial): Partial<FrozenTrial> {
  const { trialId: _id, seq: _seq, ...rest } = trial;
  return rest;
}
