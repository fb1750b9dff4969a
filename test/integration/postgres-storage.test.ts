import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import {
  PostgresDialect,
  parsePostgresUrl,
  SqlStorage,
  type Storage,
  StorageError,
} from "../../src/index.js";
import { describeStorage } from "../conformance/describe-storage.js";
import { dropTestSchemas, freshPostgresStorage, postgresAvailable, testSchemaUrl } from "../postgres.js";

const available = await postgresAvailable();
const opened: Storage[] = [];

afterAll(async () => {
  for (const s of opened) await s.close();
  if (available) await dropTestSchemas();
});

if (available) {
  describeStorage("postgres", async () => {
    const storage = await freshPostgresStorage("conf");
    opened.push(storage);
    return storage;
  });
} else {
  describe.skip("storage conformance: postgres (skipped: no PostgreSQL server answers at the test URL; under CI this suite always runs)", () => {
    it("runs against a server", () => undefined);
  });
}

describe.runIf(available)("PostgresDialect", () => {
  it("reads the schema from the URL and hides the password in messages", async () => {
    expect(parsePostgresUrl("postgresql://u:secret@h:5432/db?schema=tk&sslmode=disable")).toEqual({
      connectionString: "postgresql://u:secret@h:5432/db?sslmode=disable",
      schema: "tk",
      readOnly: false,
    });
    expect(parsePostgresUrl("postgresql://u@h/db?mode=ro&connectRetry=2.5")).toEqual({
      connectionString: "postgresql://u@h/db",
      schema: "public",
      readOnly: true,
      connectRetryMs: 2500,
    });
    expect(() => parsePostgresUrl("postgresql://u:pw@h/db?connectRetry=soon")).toThrow(
      'PostgreSQL URL postgresql://u:***@h/db?connectRetry=soon: connectRetry must be a number of seconds ≥ 0, but got "soon". Use e.g. ?connectRetry=30.',
    );
    let error: unknown;
    try {
      await PostgresDialect.open({ url: "postgres://nobody:hunter2@127.0.0.1:1/none", retryForMs: 0 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StorageError);
    expect(String((error as Error).message)).toContain("postgres://nobody:***@127.0.0.1:1/none");
    expect(String((error as Error).message)).not.toContain("hunter2");
  });

  it("a tell from the version a storage wrote last keeps another process's later writes", async () => {
    // A claims (and remembers its version); B, another connection as another worker or a heartbeat
    // thread would be, writes the trial; A's tell must see B's write, not overwrite it.
    const url = testSchemaUrl("remembered");
    const a = new SqlStorage(await PostgresDialect.open({ url, poolSize: 1 }));
    const b = new SqlStorage(await PostgresDialect.open({ url, poolSize: 1 }));
    try {
      const study = await a.createStudy({ name: "remembered", directions: ["minimize"] });
      const claimed = await a.claimTrial(study.studyId, { workerId: "a", leaseSeconds: 30 });
      if (claimed === null) throw new Error("no trial claimed");
      await b.updateTrial(claimed.trialId, { intermediateValues: { 1: 0.5 }, userAttrs: { by: "b" } });
      const before = await a.now();
      const told = await a.finishTrial(claimed.trialId, { state: "COMPLETE", values: [0.25] });
      expect(told.ok).toBe(true);
      expect(told.trial.intermediateValues).toEqual({ 1: 0.5 });
      expect(told.trial.userAttrs).toEqual({ by: "b" });
      expect(told.trial.completedAt).toBeGreaterThanOrEqual(before);
      expect(await b.getTrial(claimed.trialId)).toEqual(told.trial);
      // Without another write between, the tell comes from the remembered version: the same record.
      const second = await a.claimTrial(study.studyId, { workerId: "a" });
      if (second === null) throw new Error("no trial claimed");
      const fast = await a.finishTrial(second.trialId, { state: "COMPLETE", values: [1] });
      expect(fast.ok).toBe(true);
      expect(await b.getTrial(second.trialId)).toEqual(fast.trial);
      expect((await a.finishTrial(second.trialId, { state: "COMPLETE", values: [2] })).ok).toBe(false);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("a script exits as soon as its study ends: idle pooled connections do not keep it alive", async () => {
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        fileURLToPath(new URL("fixtures/pg-exit.ts", import.meta.url)),
        testSchemaUrl("exit"),
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let doneAt = 0;
    child.stdout.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("done")) doneAt = Date.now();
    });
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(0);
    expect(doneAt).toBeGreaterThan(0);
    // The pool's idle timeout is 10 s; the heartbeat thread takes at most 2 s to close.
    expect(Date.now() - doneAt).toBeLessThan(5000);
  }, 30_000);

  it("8 concurrent opens of a new schema create it once", async () => {
    const url = testSchemaUrl("race");
    const dialects = await Promise.all(
      Array.from({ length: 8 }, () => PostgresDialect.open({ url, poolSize: 1 })),
    );
    for (const d of dialects) await d.close();
  });
});
