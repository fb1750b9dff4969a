import { afterAll, expect, it } from "vitest";
import { setVerbosity } from "../../src/index.js";
import { dropTestSchemas, postgresAvailable, testSchemaUrl } from "../postgres.js";
import {
  checkSoak,
  createSoakStudy,
  finishedCount,
  runWithKills,
  SOAK_RETRIES,
} from "./soak/soak-harness.js";

setVerbosity("silent");
const available = await postgresAvailable();

afterAll(async () => {
  if (available) await dropTestSchemas();
});

it.runIf(available)(
  "soak on PostgreSQL: 8 workers, 1,500 trials, 15 random SIGKILLs with restarts — nothing lost, duplicated or left RUNNING",
  async () => {
    const url = testSchemaUrl("soak");
    const maxTrials = 1500;
    const started = Date.now();
    const study = await createSoakStudy(url, 5);
    const run = await runWithKills({
      url,
      studyName: "soak",
      maxTrials,
      workers: 8,
      kills: 15,
      seed: 17,
      progress: finishedCount(study),
    });
    const figures = await checkSoak(study, { maxTrials, maxRetries: SOAK_RETRIES });
    console.log(
      `soak postgres: ${JSON.stringify({ kills: run.kills, restarts: run.restarts, ...figures, seconds: (Date.now() - started) / 1000 })}`,
    );
    expect(run.kills).toBe(15);
    expect(figures.stale).toBeGreaterThan(0);
  },
  180_000,
);
