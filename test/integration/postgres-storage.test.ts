import { afterAll, describe, expect, it } from "vitest";
import { PostgresDialect, parsePostgresUrl, type Storage, StorageError } from "../../src/index.js";
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
    });
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

  it("8 concurrent opens of a new schema create it once", async () => {
    const url = testSchemaUrl("race");
    const dialects = await Promise.all(
      Array.from({ length: 8 }, () => PostgresDialect.open({ url, poolSize: 1 })),
    );
    for (const d of dialects) await d.close();
  });
});
