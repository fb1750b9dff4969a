// One worker of bench/distributed.ts: a 10 ms sleeping objective for `seconds`, random sampler.
import { loadStudy, RandomSampler, setVerbosity } from "../src/index.js";

const [url, studyName, seconds] = process.argv.slice(2) as [string, string, string];
setVerbosity("error");
const study = await loadStudy({ studyName, storage: url, sampler: new RandomSampler({ seed: process.pid }) });
await study.optimize(
  async (trial) => {
    const x = trial.suggestFloat("x", -10, 10);
    const y = trial.suggestFloat("y", 1e-3, 1e3, { log: true });
    await new Promise((r) => setTimeout(r, 10));
    return x * x + Math.log10(y) ** 2;
  },
  { timeout: Number(seconds) },
);
