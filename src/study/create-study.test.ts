import { describe, expect, it } from "vitest";
import { captureLogs, rejection, silenceLogs, uniqueName } from "../../test/helpers.js";
import {
  DuplicatedStudyError,
  InvalidArgumentError,
  StorageUrlError,
  StudyNotFoundError,
} from "../errors.js";
import { MedianPruner } from "../pruners/percentile-pruner.js";
import { RandomSampler } from "../samplers/random/random-sampler.js";
import { TPESampler } from "../samplers/tpe/tpe-sampler.js";
import { MemoryStorage } from "../storage/memory/memory-storage.js";
import { createStudy, deleteStudy, listStudies, loadStudy } from "./create-study.js";

silenceLogs();

describe("createStudy", () => {
  it("defaults to one minimize objective, a unique name, a TPESampler and a MedianPruner", async () => {
    const a = await createStudy();
    const b = await createStudy();
    expect(a.directions).toEqual(["minimize"]);
    expect(a.studyName).not.toBe(b.studyName);
    expect(a.sampler).toBeInstanceOf(TPESampler);
    expect(a.pruner).toBeInstanceOf(MedianPruner);
    expect(a.studyRecord.prunerConfig?.name).toBe("median");
    expect(a.metricNames).toBeNull();
    expect(a.trials).toEqual([]);
    expect(a.studyRecord.samplerConfig).toEqual(a.sampler.toJSON());
    expect(a.studyRecord.samplerConfig?.name).toBe("tpe");
  });

  it("stores directions and metric names", async () => {
    const study = await createStudy({
      directions: ["maximize", "minimize"],
      metricNames: ["acc", "latency"],
    });
    expect(study.directions).toEqual(["maximize", "minimize"]);
    expect(study.metricNames).toEqual(["acc", "latency"]);
  });

  it("rejects direction and directions together", async () => {
    const e = (await rejection(
      createStudy({ direction: "minimize", directions: ["minimize"] }),
    )) as InvalidArgumentError;
    expect(e).toBeInstanceOf(InvalidArgumentError);
    expect(e.code).toBe("invalid-argument");
    expect(e.message).toContain("direction or directions, not both");
  });

  it("rejects a direction that is not minimize or maximize, naming it", async () => {
    for (const options of [{ direction: "min" }, { directions: ["minimize", "up"] }] as const) {
      const e = (await rejection(createStudy(options as never))) as InvalidArgumentError;
      expect(e).toBeInstanceOf(InvalidArgumentError);
      expect(e.paramName).toBe("direction");
      expect(e.message).toMatch(/"minimize" or "maximize", but got "(min|up)"/);
    }
    const empty = (await rejection(createStudy({ directions: [] }))) as InvalidArgumentError;
    expect(empty.paramName).toBe("directions");
  });

  it("rejects metricNames whose length differs from the objectives", async () => {
    const e = (await rejection(
      createStudy({ directions: ["minimize", "minimize"], metricNames: ["loss"] }),
    )) as InvalidArgumentError;
    expect(e).toBeInstanceOf(InvalidArgumentError);
    expect(e.paramName).toBe("metricNames");
    expect(e.message).toContain("one name per objective (2)");
  });

  it("validates options before touching the storage", async () => {
    const storage = new MemoryStorage();
    await rejection(createStudy({ storage, studyName: "s", directions: ["minimize"], metricNames: [] }));
    expect(await storage.listStudies()).toEqual([]);
  });

  it("rejects a taken name with DuplicatedStudyError that mentions loadIfExists", async () => {
    const storage = new MemoryStorage();
    await createStudy({ storage, studyName: "dup" });
    const e = (await rejection(createStudy({ storage, studyName: "dup" }))) as DuplicatedStudyError;
    expect(e).toBeInstanceOf(DuplicatedStudyError);
    expect(e.code).toBe("duplicated-study");
    expect(e.message).toContain('"dup"');
    expect(e.message).toContain("loadIfExists");
  });

  it("with loadIfExists opens the existing study and its trials", async () => {
    const storage = new MemoryStorage();
    const first = await createStudy({ storage, studyName: "s", direction: "maximize" });
    await first.tell(await first.ask(), 3);
    const again = await createStudy({ storage, studyName: "s", direction: "maximize", loadIfExists: true });
    expect(again.studyId).toBe(first.studyId);
    expect(again.trials.map((t) => t.values)).toEqual([[3]]);
    expect(again.bestValue).toBe(3);
  });

  it("with loadIfExists rejects different directions", async () => {
    const storage = new MemoryStorage();
    await createStudy({ storage, studyName: "s", direction: "maximize" });
    const e = (await rejection(
      createStudy({ storage, studyName: "s", direction: "minimize", loadIfExists: true }),
    )) as InvalidArgumentError;
    expect(e).toBeInstanceOf(InvalidArgumentError);
    expect(e.paramName).toBe("directions");
    expect(e.message).toContain('["maximize"]');
    expect(e.message).toContain('["minimize"]');
  });
});

describe("loadStudy", () => {
  it("lists the existing names when the study is unknown", async () => {
    const storage = new MemoryStorage();
    const none = (await rejection(loadStudy({ storage, studyName: "nope" }))) as StudyNotFoundError;
    expect(none).toBeInstanceOf(StudyNotFoundError);
    expect(none.code).toBe("study-not-found");
    expect(none.message).toContain('"nope"');
    expect(none.message).toContain("(none)");
    await createStudy({ storage, studyName: "alpha" });
    await createStudy({ storage, studyName: "beta" });
    const e = (await rejection(loadStudy({ storage, studyName: "gamma" }))) as StudyNotFoundError;
    expect(e.message).toContain('"alpha", "beta"');
  });

  it("rebuilds the RandomSampler from the stored config with the same seed", async () => {
    const storage = new MemoryStorage();
    await createStudy({ storage, studyName: "s", sampler: new RandomSampler({ seed: 1234 }) });
    const loaded = await loadStudy({ storage, studyName: "s" });
    expect(loaded.sampler).toBeInstanceOf(RandomSampler);
    expect(loaded.sampler.seed).toBe(1234);
    expect(loaded.pruner).toBeInstanceOf(MedianPruner);
  });

  it("uses a sampler given explicitly instead of the stored one", async () => {
    const storage = new MemoryStorage();
    await createStudy({ storage, studyName: "s", sampler: new RandomSampler({ seed: 1 }) });
    const sampler = new RandomSampler({ seed: 2 });
    expect((await loadStudy({ storage, studyName: "s", sampler })).sampler).toBe(sampler);
  });

  it("falls back to the default TPESampler, with a warning, when the stored sampler is not registered", async () => {
    const storage = new MemoryStorage();
    const record = await storage.createStudy({
      name: "s",
      directions: ["minimize"],
      samplerConfig: { name: "no-such-sampler", options: {} },
    });
    const lines = captureLogs("warning");
    const study = await loadStudy({ storage, studyName: record.name });
    expect(study.sampler).toBeInstanceOf(TPESampler);
    expect(
      lines.some((l) => l.message.includes("no-such-sampler") && l.message.includes("default sampler")),
    ).toBe(true);
  });

  it("loads the trials, directions and metric names", async () => {
    const storage = new MemoryStorage();
    const study = await createStudy({
      storage,
      studyName: "s",
      directions: ["minimize", "maximize"],
      metricNames: ["a", "b"],
    });
    await study.tell(await study.ask(), [1, 2]);
    const loaded = await loadStudy({ storage, studyName: "s", workerId: "w-2" });
    expect(loaded.directions).toEqual(["minimize", "maximize"]);
    expect(loaded.metricNames).toEqual(["a", "b"]);
    expect(loaded.trials.map((t) => t.values)).toEqual([[1, 2]]);
    expect(loaded.workerId).toBe("w-2");
  });
});

describe("storage URLs", () => {
  it('shares one storage across createStudy and loadStudy given "memory:"', async () => {
    const name = uniqueName("shared");
    const study = await createStudy({ storage: "memory:", studyName: name });
    await study.tell(await study.ask(), 1);
    const loaded = await loadStudy({ storage: "memory:", studyName: name });
    expect(loaded.storage).toBe(study.storage);
    expect(loaded.trials.map((t) => t.values)).toEqual([[1]]);
    expect((await listStudies({ storage: "memory:" })).some((s) => s.study.name === name)).toBe(true);
  });

  it('keeps "memory:NAME" storages apart from each other', async () => {
    const name = uniqueName("apart");
    await createStudy({ storage: `memory:${name}`, studyName: "s" });
    expect(await rejection(loadStudy({ storage: `memory:${name}-other`, studyName: "s" }))).toBeInstanceOf(
      StudyNotFoundError,
    );
    expect((await loadStudy({ storage: `memory:${name}`, studyName: "s" })).studyName).toBe("s");
  });

  it("rejects an unknown scheme or a missing scheme with StorageUrlError", async () => {
    const unknown = (await rejection(
      createStudy({ storage: "nosuchdb://u:secret@host/db" }),
    )) as StorageUrlError;
    expect(unknown).toBeInstanceOf(StorageUrlError);
    expect(unknown.code).toBe("storage-url");
    expect(unknown.message).toContain('unknown scheme "nosuchdb:"');
    expect(unknown.message).toContain("memory:");
    expect(unknown.message).not.toContain("secret");
    const missing = (await rejection(
      loadStudy({ storage: "tunekit.db", studyName: "s" }),
    )) as StorageUrlError;
    expect(missing).toBeInstanceOf(StorageUrlError);
    expect(missing.message).toContain("has no scheme");
    expect(await rejection(listStudies({ storage: "bogus:x" }))).toBeInstanceOf(StorageUrlError);
  });
});

describe("listStudies and deleteStudy", () => {
  it("lists every study by name with trial counts by state and best value", async () => {
    const storage = new MemoryStorage();
    const b = await createStudy({ storage, studyName: "b", direction: "maximize" });
    for (const r of [1, 5, 3]) await b.tell(await b.ask(), r);
    await b.tell(await b.ask(), { state: "PRUNED" });
    await b.tell(await b.ask(), { state: "FAIL" });
    const feasible = await b.ask();
    feasible.setConstraint("c", 1);
    await b.tell(feasible, 100);
    await b.ask();
    await b.enqueueTrial({ x: 1 });
    await createStudy({ storage, studyName: "a" });
    const list = await listStudies({ storage });
    expect(list.map((s) => s.study.name)).toEqual(["a", "b"]);
    expect(list[0]?.bestValue).toBeNull();
    expect(list[1]?.bestValue).toBe(5);
    expect(list[1]?.trialCounts).toEqual({
      WAITING: 1,
      RUNNING: 1,
      COMPLETE: 4,
      PRUNED: 1,
      FAIL: 1,
      STALE: 0,
    });
  });

  it("deletes a study with its trials", async () => {
    const storage = new MemoryStorage();
    const study = await createStudy({ storage, studyName: "gone" });
    await study.tell(await study.ask(), 1);
    await createStudy({ storage, studyName: "kept" });
    await deleteStudy({ storage, studyName: "gone" });
    expect((await listStudies({ storage })).map((s) => s.study.name)).toEqual(["kept"]);
    expect(await rejection(loadStudy({ storage, studyName: "gone" }))).toBeInstanceOf(StudyNotFoundError);
    const fresh = await createStudy({ storage, studyName: "gone" });
    expect(fresh.trials).toEqual([]);
  });

  it("rejects deleting an unknown study with StudyNotFoundError", async () => {
    const e = (await rejection(
      deleteStudy({ storage: new MemoryStorage(), studyName: "nope" }),
    )) as StudyNotFoundError;
    expect(e).toBeInstanceOf(StudyNotFoundError);
    expect(e.message).toContain('"nope"');
  });
});

describe("study names", () => {
  it("must be non-empty strings in createStudy, loadStudy and deleteStudy, and nothing is created", async () => {
    const storage = new MemoryStorage();
    for (const name of ["", "  ", 7]) {
      const calls = [
        createStudy({ studyName: name as string, storage }),
        loadStudy({ studyName: name as string, storage }),
        deleteStudy({ studyName: name as string, storage }),
      ];
      for (const call of calls) {
        const e = await rejection(call);
        expect(e).toBeInstanceOf(InvalidArgumentError);
        expect((e as Error).message).toMatch(/\(\): studyName must be a non-empty string, but got/);
      }
    }
    expect(await storage.listStudies()).toEqual([]);
  });
});
