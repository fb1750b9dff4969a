import pg from "pg";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { PostgresDialect, SqlStorage, type Storage } from "../../src/index.js";
import { dropTestSchemas, POSTGRES_URL, postgresAvailable, testSchemaUrl } from "../postgres.js";

const available = await postgresAvailable();
const opened: Storage[] = [];
const clients: pg.Client[] = [];

afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
  for (const c of clients.splice(0)) await c.end();
});
afterAll(async () => {
  if (available) await dropTestSchemas();
});

async function open(url: string): Promise<SqlStorage> {
  const storage = new SqlStorage(await PostgresDialect.open({ url, poolSize: 2 }));
  opened.push(storage);
  return storage;
}

/** A plain `pg` client on the schema of `url`. */
async function client(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: POSTGRES_URL });
  await c.connect();
  clients.push(c);
  await c.query(`SET search_path TO "${new URL(url).searchParams.get("schema")}"`);
  return c;
}

/**
 * Resolves once every call of `calls` waits for a lock held by `holder` or by a call before it; throws
 * when one of them ends instead (it never waited, so the interleaving under test did not happen).
 */
async function allWaiting(watcher: pg.Client, holder: number, calls: readonly Promise<unknown>[]) {
  let ended = false;
  for (const call of calls)
    call.then(
      () => (ended = true),
      () => (ended = true),
    );
  for (;;) {
    const { rows } = await watcher.query<{ n: number }>(
      "WITH RECURSIVE q(pid) AS (SELECT $1::int UNION SELECT a.pid FROM pg_stat_activity a, q WHERE q.pid = ANY(pg_blocking_pids(a.pid))) SELECT count(*)::int - 1 AS n FROM q",
      [holder],
    );
    if ((rows[0]?.n ?? 0) >= calls.length) return;
    if (ended) throw new Error("a call ended without waiting for the study row's lock");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.runIf(available)("PostgreSQL claims against a concurrent reaper", () => {
  it("new-trial claims that waited for the reaper's lock take the retry it committed instead of filling maxTrials", async () => {
    const url = testSchemaUrl("claimrace");
    const [reaper, one, two, setup] = [await open(url), await open(url), await open(url), await open(url)];
    const study = await setup.createStudy({ name: "race", directions: ["minimize"] });
    const done = await setup.claimTrial(study.studyId, { workerId: "w" });
    await setup.finishTrial(done?.trialId as number, { state: "COMPLETE", values: [1] });
    const lost = await setup.claimTrial(study.studyId, { workerId: "w", leaseSeconds: 60 });
    const holder = await client(url);
    const watcher = await client(url);
    await holder.query("UPDATE tunekit_trials SET lease_expires_at = 0 WHERE trial_id = $1", [lost?.trialId]);

    // Two trials count (maxTrials = that + 1). With the study row locked, the reaper queues for it first,
    // then two claims whose snapshots predate the retry it will commit.
    await holder.query("BEGIN");
    await holder.query("SELECT 1 FROM tunekit_studies WHERE study_id = $1 FOR UPDATE", [study.studyId]);
    const holderPid = (await holder.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]?.pid;
    const reaped = reaper.reapStaleTrials(study.studyId, { maxRetries: 1 });
    await allWaiting(watcher, holderPid as number, [reaped]);
    const claims = [one, two].map((s) => s.claimTrial(study.studyId, { workerId: "w", maxTrials: 3 }));
    await allWaiting(watcher, holderPid as number, [reaped, ...claims]);
    await holder.query("COMMIT");

    expect((await reaped).map((t) => t.number)).toEqual([lost?.number]);
    const claimed = await Promise.all(claims);
    expect(claimed.filter((t) => t?.retryOf === lost?.number)).toHaveLength(1);
    expect(await setup.claimTrial(study.studyId, { workerId: "w", maxTrials: 3 })).toBeNull();
    const states = (await setup.getTrialsSince(study.studyId, 0)).trials.map((t) => `${t.number}:${t.state}`);
    expect(states).toEqual(["0:COMPLETE", "1:STALE", "2:RUNNING", "3:RUNNING"]);
  });
});

describe.runIf(available)("PostgreSQL schema migration", () => {
  it("opening a version-1 schema for writing adds waiting_count, counted from the WAITING trials", async () => {
    const url = testSchemaUrl("migrate");
    const storage = await open(url);
    const a = await storage.createStudy({ name: "a", directions: ["minimize"] });
    const b = await storage.createStudy({ name: "b", directions: ["minimize"] });
    for (let i = 0; i < 2; i++) await storage.createTrial(a.studyId, { state: "WAITING", params: { x: i } });
    await storage.createTrial(b.studyId, { state: "COMPLETE", params: { x: 0 }, values: [1] });
    await storage.close();
    opened.splice(0);
    // Version 1 is version 2 without the column.
    const raw = await client(url);
    await raw.query("ALTER TABLE tunekit_studies DROP COLUMN waiting_count");
    await raw.query("UPDATE tunekit_meta SET value = '1' WHERE key = 'schema_version'");

    // Two writers open it at once: the advisory lock lets one migrate, the other then sees version 2.
    const [migrated] = await Promise.all([open(url), open(url)]);
    const counts = async () =>
      (await raw.query("SELECT name, waiting_count::int AS n FROM tunekit_studies ORDER BY name")).rows;
    expect((await raw.query("SELECT value FROM tunekit_meta WHERE key = 'schema_version'")).rows).toEqual([
      { value: "2" },
    ]);
    expect(await counts()).toEqual([
      { name: "a", n: 2 },
      { name: "b", n: 0 },
    ]);
    const claims = [];
    for (let i = 0; i < 3; i++) claims.push(await migrated.claimTrial(a.studyId, { workerId: "w" }));
    expect(claims.map((t) => t?.params)).toEqual([{ x: 0 }, { x: 1 }, {}]);
    expect(await counts()).toEqual([
      { name: "a", n: 0 },
      { name: "b", n: 0 },
    ]);
  });
});
