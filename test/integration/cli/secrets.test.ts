import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { openStorage } from "../../../src/index.js";
import { dropTestSchemas, postgresAvailable, testSchemaUrl } from "../../postgres.js";
import { type CliResult, fixtureCommand, runCli, type Workspace, workspace } from "./cli-harness.js";

const available = await postgresAvailable();
afterAll(async () => {
  if (available) await dropTestSchemas();
});

/** The password of the tests' URLs (the test server trusts any); no schema name or path holds it. */
const PASSWORD = "secret";

/** A fresh schema's URL with a password. */
function urlWithPassword(label: string): string {
  const url = new URL(testSchemaUrl(label));
  url.password = PASSWORD;
  return url.toString();
}

/** Every row of every table of the URL's schema, as text. */
async function dump(url: string): Promise<string> {
  const schema = new URL(url).searchParams.get("schema") as string;
  const client = new pg.Client({ connectionString: url.replace(/\?.*$/, "") });
  await client.connect();
  try {
    const tables = await client.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = $1",
      [schema],
    );
    expect(tables.rows.length).toBeGreaterThan(0);
    let text = "";
    for (const { table_name } of tables.rows) {
      const rows = await client.query<{ row: string }>(
        `SELECT t::text AS row FROM "${schema}"."${table_name}" t`,
      );
      text += rows.rows.map((r) => r.row).join("\n");
    }
    return text;
  } finally {
    await client.end();
  }
}

function sweepFile(ws: Workspace, storage: string, extra = ""): string {
  return ws.write(
    "sweep.yaml",
    `study: s\nstorage: ${JSON.stringify(storage)}\ncommand: ${fixtureCommand()}\nmetric: loss\nbudget: {trials: 2}\n${extra}parameters:\n  x: [0, 1]\n  mode: [ok]\n`,
  );
}

function expectNoSecret(results: readonly CliResult[]): void {
  for (const r of results) {
    expect(r.code, r.stderr).toBe(0);
    expect(`${r.stdout}\n${r.stderr}`).not.toContain(PASSWORD);
  }
}

describe.runIf(available)("storage passwords (under CI always; elsewhere when PostgreSQL answers)", () => {
  it("are never stored, printed, or copied", async () => {
    const ws = workspace();
    const url = urlWithPassword("pw");
    const target = urlWithPassword("pw_copy");
    const outputs: CliResult[] = [];
    outputs.push(await runCli(["run", sweepFile(ws, url), "--trials", "1"], ws));
    // A changed storage URL is a compatible change, recorded in the study: without the password too.
    outputs.push(await runCli(["run", sweepFile(ws, `${url}&connect_timeout=10`, "parallel: 2\n")], ws));
    for (const args of [
      ["studies"],
      ["studies", "--json"],
      ["best", "--study", "s"],
      ["best", "--study", "s", "--json"],
      ["trials", "--study", "s", "--format", "json"],
      ["trials", "--study", "s", "--format", "csv"],
      ["trials", "--study", "s"],
      ["copy", "--study", "s", "--from", url, "--to", target],
      ["copy", "--study", "s", "--from", url, "--to", target, "--to-study", "s2", "--json"],
    ]) {
      outputs.push(await runCli([...args, ...(args[0] === "copy" ? [] : ["--storage", url])], ws));
    }
    expectNoSecret(outputs);
    const missing = await runCli(["worker", "--study", "nope", "--storage", url], ws);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("postgres:***@");
    expect(missing.stderr).not.toContain(PASSWORD);

    const stored = await dump(url);
    expect(stored).toContain("postgres:***@");
    expect(stored).toContain("connect_timeout");
    expect(stored).not.toContain(PASSWORD);
    expect(await dump(target)).not.toContain(PASSWORD);
  });

  it("recorded by an older tunekit are not carried on by copy, and are removed by the next run", async () => {
    const ws = workspace();
    const url = urlWithPassword("legacy");
    const target = urlWithPassword("legacy_copy");
    expectNoSecret([await runCli(["run", sweepFile(ws, url), "--trials", "1"], ws)]);
    // What a tunekit from before the fix stored: the sweep's storage as given, and a change history.
    const storage = await openStorage(url);
    const record = await storage.getStudy("s");
    if (record === null) throw new Error("no study");
    const sweep = record.systemAttrs.sweep as Record<string, unknown>;
    await storage.updateStudy(record.studyId, {
      systemAttrs: {
        sweep: { ...sweep, storage: url },
        sweepChanges: [
          { at: "then", file: "sweep.yaml", changes: [{ path: "storage", from: null, to: url }] },
        ],
      },
    });
    await storage.close();
    expect(await dump(url)).toContain(PASSWORD);

    expectNoSecret([await runCli(["copy", "--study", "s", "--from", url, "--to", target], ws)]);
    expect(await dump(target)).not.toContain(PASSWORD);
    expectNoSecret([await runCli(["run", sweepFile(ws, url)], ws)]);
    expect(await dump(url)).not.toContain(PASSWORD);
  });
});

describe("credential-like sweep env values", () => {
  it("are named in a warning and never printed", async () => {
    const ws = workspace();
    const file = (password: string) =>
      ws.write(
        "sweep.yaml",
        `study: s\ncommand: ${fixtureCommand()}\nmetric: loss\nenv: {PGPASSWORD: ${password}, OMP_NUM_THREADS: "1"}\nparameters:\n  mode: [ok]\n`,
      );
    const first = await runCli(["run", file("hunter2"), "--trials", "1"], ws);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain("The sweep's env.PGPASSWORD looks like a credential");
    const changed = await runCli(["run", file("hunter3"), "--trials", "1"], ws);
    expect(changed.code).toBe(2);
    expect(changed.stderr).toContain('env: {"PGPASSWORD":"***","OMP_NUM_THREADS":"1"} → {"PGPASSWORD":"***"');
    expect(`${first.stderr}${changed.stderr}`).not.toContain("hunter");
  });
});
