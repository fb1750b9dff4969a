/**
 * SQLite storage benchmark (issue targets: 10,000 trials < 5 s on disk; open + read a 20,000-trial study
 * < 1 s; refresh after one new trial < 5 ms).
 *   npm run bench
 * The database lives in bench/.tmp (on the project's disk, not tmpfs).
 */
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import {
  createStudy,
  loadStudy,
  RandomSampler,
  SqliteDialect,
  SqlStorage,
  setVerbosity,
  type Trial,
} from "../src/index.js";

setVerbosity("warning");
const DIR = join(import.meta.dirname, ".tmp");
rmSync(DIR, { recursive: true, force: true });
mkdirSync(DIR, { recursive: true });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const tenFloats = (t: Trial) => {
  let s = 0;
  for (let i = 0; i < 10; i++) s += t.suggestFloat(`x${i}`, -10, 10) ** 2;
  return s;
};

async function openFresh(path: string) {
  return new SqlStorage(await SqliteDialect.open({ path }));
}

async function loop(runs: number): Promise<void> {
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const storage = await openFresh(join(DIR, `loop-${r}.db`));
    const study = await createStudy({ storage, sampler: new RandomSampler({ seed: r }) });
    const start = performance.now();
    await study.optimize(tenFloats, { nTrials: 10_000 });
    times.push((performance.now() - start) / 1000);
    await storage.close();
  }
  const s = median(times);
  console.log(
    `10,000 trials, random, 10 float params, SQLite on disk: ${s.toFixed(2)} s (${((1000 * s) / 10_000).toFixed(3)} ms/trial), median of ${runs}`,
  );
}

async function bigStudy(): Promise<void> {
  const path = join(DIR, "big.db");
  const writer = await openFresh(path);
  const study = await createStudy({
    storage: writer,
    studyName: "big",
    sampler: new RandomSampler({ seed: 1 }),
  });
  await study.optimize(
    (t) => {
      for (let step = 0; step < 10; step++) t.report(step / 10, step);
      return tenFloats(t);
    },
    { nTrials: 20_000 },
  );
  const opens: number[] = [];
  for (let r = 0; r < 5; r++) {
    const start = performance.now();
    const storage = await openFresh(path);
    const loaded = await loadStudy({ storage, studyName: "big" });
    const n = (await loaded.getTrials()).length;
    opens.push(performance.now() - start);
    if (n !== 20_000) throw new Error(`read ${n} trials`);
    await storage.close();
  }
  console.log(
    `open a 20,000-trial SQLite study (10 params, 10 reports each) and read all trials: ${median(opens).toFixed(0)} ms, median of 5`,
  );

  const reader = await loadStudy({ storage: await openFresh(path), studyName: "big" });
  await reader.getTrials();
  const refreshes: number[] = [];
  for (let r = 0; r < 21; r++) {
    await study.optimize(tenFloats, { nTrials: 1 });
    const start = performance.now();
    await reader.refresh();
    refreshes.push(performance.now() - start);
  }
  if (reader.trials.length !== 20_021)
    throw new Error(`the reader saw ${reader.trials.length} trials, not 20,021`);
  console.log(
    `refresh a 20,000-trial study after one new trial: ${median(refreshes).toFixed(2)} ms, median of 21`,
  );
  await writer.close();
}

await loop(3);
await bigStudy();
rmSync(DIR, { recursive: true, force: true });
