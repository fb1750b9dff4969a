import pg from "pg";
import { PostgresDialect, SqlStorage } from "../src/index.js";

/** The test server's URL: TUNEKIT_TEST_POSTGRES_URL, else the local server every machine of ours runs. */
export const POSTGRES_URL =
  process.env.TUNEKIT_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/**
 * Whether the PostgreSQL suites run: always under CI (a missing server then fails them, never skips them),
 * elsewhere only when the server answers.
 */
export async function postgresAvailable(): Promise<boolean> {
  if (process.env.CI === "true") return true;
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

const created: string[] = [];

/** A URL naming a fresh schema of the test database; {@link dropTestSchemas} removes them all. */
export function testSchemaUrl(label: string): string {
  const schema = `tk_test_${label}_${process.pid}_${created.length}_${Date.now().toString(36)}`.toLowerCase();
  created.push(schema);
  const url = new URL(POSTGRES_URL);
  url.searchParams.set("schema", schema);
  return url.toString();
}

/** A storage on a fresh schema. */
export async function freshPostgresStorage(label: string): Promise<SqlStorage> {
  return new SqlStorage(await PostgresDialect.open({ url: testSchemaUrl(label), poolSize: 2 }));
}

/** Drops every schema this process created. */
export async function dropTestSchemas(): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  for (const schema of created.splice(0)) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
}
