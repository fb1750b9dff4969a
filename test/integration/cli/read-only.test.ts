import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { openStorage, StorageNotFoundError } from "../../../src/index.js";
import { rejection } from "../../helpers.js";
import { dropTestSchemas, POSTGRES_URL, postgresAvailable, testSchemaUrl } from "../../postgres.js";
import { runCli, workspace } from "./cli-harness.js";

const available = await postgresAvailable();
const WRITER = join(import.meta.dirname, "fixtures", "wal-writer.mjs");

afterAll(async () => {
  if (available) await dropTestSchemas();
});

/** Whether the test database has a schema of this name. */
async function schemaExists(name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    const { rows } = await client.query("SELECT 1 FROM information_schema.schemata WHERE schema_name = $1", [
      name,
    ]);
    return rows.length > 0;
  } finally {
    await client.end();
  }
}

describe("read-only commands on a missing SQLite file", () => {
  it.each([
    ["studies"],
    ["best", "--study", "s"],
    ["trials", "--study", "s"],
    ["importance", "--study", "s"],
    ["dashboard", "--port", "0"],
  ])("tunekit %s creates no file and says there is no storage (exit 2)", async (...args) => {
    const ws = workspace();
    const result = await runCli([...args, "--json"], ws);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(
      `No tunekit storage at sqlite:${join(ws.dir, "t.db")} (the file does not exist)`,
    );
    expect(result.stderr).not.toMatch(/unexpected error|\n\s+at /);
    expect(JSON.parse(result.stdout)).toMatchObject({ error: { code: "storage-not-found" } });
    expect(readdirSync(ws.dir).filter((f) => f.startsWith("t.db"))).toEqual([]);
  });

  it("tunekit copy reads its source read-only: a missing source is not created", async () => {
    const ws = workspace();
    const to = `sqlite:${join(ws.dir, "to.db")}`;
    const result = await runCli(["copy", "--study", "s", "--to", to], ws);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("No tunekit storage at sqlite:");
    expect(existsSync(join(ws.dir, "t.db"))).toBe(false);
  });
});

describe("read-only opens of an existing SQLite file", () => {
  it("read a WAL file while another process writes it, and never write", async () => {
    const ws = workspace();
    const writer = spawn(process.execPath, [WRITER, ws.storage], { stdio: ["ignore", "ignore", "pipe"] });
    try {
      await new Promise<void>((resolve, reject) => {
        writer.stderr?.on("data", (d: Buffer) => {
          if (d.toString().includes("ready")) resolve();
        });
        writer.on("exit", (code) => reject(new Error(`the writer exited with ${code}`)));
      });
      const studies = await runCli(["studies", "--json"], ws);
      expect(studies.code, studies.stderr).toBe(0);
      expect(JSON.parse(studies.stdout)).toMatchObject([{ name: "held" }]);
      const trials = await runCli(["trials", "--study", "held", "--json"], ws);
      expect(trials.code, trials.stderr).toBe(0);
      const best = await runCli(["best", "--study", "held", "--json"], ws);
      expect(best.code, best.stderr).toBe(0);
      const storage = await openStorage(ws.storage, { readOnly: true });
      try {
        expect(storage.url).toMatch(/mode=ro/);
        await expect(storage.createStudy({ name: "w", directions: ["minimize"] })).rejects.toThrow();
      } finally {
        await storage.close();
      }
    } finally {
      writer.kill("SIGKILL");
    }
  });
});

describe.runIf(available)("read-only opens of PostgreSQL", () => {
  it("tunekit dashboard and studies on a schema without tunekit tables create nothing (exit 2)", async () => {
    const ws = workspace();
    const url = testSchemaUrl("readonly");
    const schema = new URL(url).searchParams.get("schema") as string;
    const dashboard = await runCli(["dashboard", "--storage", url, "--port", "0"], ws);
    expect(dashboard.code, dashboard.stderr).toBe(2);
    expect(dashboard.stderr).toContain(`schema "${schema}" has no tunekit tables`);
    const studies = await runCli(["studies", "--storage", url], ws);
    expect(studies.code).toBe(2);
    expect(await schemaExists(schema)).toBe(false);
    const e = await rejection(openStorage(url, { readOnly: true }));
    expect(e).toBeInstanceOf(StorageNotFoundError);
    expect(await schemaExists(schema)).toBe(false);
  });

  it("reads an existing schema, and its URL reopens it read-only", async () => {
    const url = testSchemaUrl("readonly_ok");
    const writer = await openStorage(url);
    await writer.createStudy({ name: "pg-held", directions: ["minimize"] });
    const reader = await openStorage(url, { readOnly: true });
    try {
      expect((await reader.listStudies()).map((s) => s.study.name)).toEqual(["pg-held"]);
      expect(reader.url).toMatch(/mode=ro/);
      await expect(reader.createStudy({ name: "no", directions: ["minimize"] })).rejects.toThrow(/read-only/);
      const ws = workspace();
      const studies = await runCli(["studies", "--storage", url, "--json"], ws);
      expect(studies.code, studies.stderr).toBe(0);
      expect(JSON.parse(studies.stdout)).toMatchObject([{ name: "pg-held" }]);
    } finally {
      await reader.close();
      await writer.close();
    }
  });
});
