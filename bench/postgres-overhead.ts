/**
 * Per-trial overhead of tunekit's PostgreSQL storage, beside bench/optuna_rdb_overhead.py (same objective,
 * sequential, random sampler).  npx tsx bench/postgres-overhead.ts
 */
import pg from "pg";
import { createStudy, RandomSampler, setVerbosity, type Trial } from "../src/index.js";

setVerbosity("error");
const PG = process.env.TUNEKIT_BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const N = 500;
const objective = (t: Trial) =>
  t.suggestFloat("x", -10, 10) ** 2 + Math.log10(t.suggestFloat("y", 1e-3, 1e3, { log: true })) ** 2;

const schema = `tk_overhead_${Date.now().toString(36)}`;
const url = new URL(PG);
url.searchParams.set("schema", schema);
const runs: number[] = [];
for (let r = 0; r < 3; r++) {
  const study = await createStudy({
    studyName: `bench-${r}`,
    storage: url.toString(),
    sampler: new RandomSampler({ seed: r }),
  });
  const start = performance.now();
  await study.optimize(objective, { nTrials: N });
  runs.push((performance.now() - start) / N);
}
runs.sort((a, b) => a - b);
console.log(
  `tunekit PostgreSQL storage: ${(runs[1] as number).toFixed(2)} ms/trial (median of 3 runs of ${N} trials)`,
);
const client = new pg.Client({ connectionString: PG });
await client.connect();
await client.query(`DROP SCHEMA "${schema}" CASCADE`);
await client.end();
process.exit(0);
