/**
 * Command-line overhead: start-up time of `tunekit` and the cost per trial of running a program as a
 * child process (spawn, process group, log file, protocol parsing, SQLite writes), with a program that
 * does nothing but print its metric.
 *   npm run build && npx tsx bench/cli.ts
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "..");
const CLI = join(ROOT, "dist", "cli", "main.js");
const DIR = join(import.meta.dirname, ".tmp", "cli");
rmSync(DIR, { recursive: true, force: true });
mkdirSync(DIR, { recursive: true });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const env = {
  ...process.env,
  TUNEKIT_STORAGE: `sqlite:${join(DIR, "t.db")}`,
  TUNEKIT_RUN_DIR: join(DIR, "run"),
};

function timed(args: readonly string[]): number {
  const start = process.hrtime.bigint();
  execFileSync(process.execPath, [CLI, ...args], { cwd: DIR, env, stdio: ["ignore", "ignore", "ignore"] });
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const help = median(Array.from({ length: 7 }, () => timed(["--help"])));
const studies = median(Array.from({ length: 7 }, () => timed(["studies"])));
const node = median(
  Array.from({ length: 7 }, () => {
    const start = process.hrtime.bigint();
    execFileSync(process.execPath, ["-e", "0"]);
    return Number(process.hrtime.bigint() - start) / 1e6;
  }),
);

const trials = 200;
const perTrial: Record<string, number> = {};
for (const [label, command, parallel] of [
  ["sh, parallel 1", `["/bin/sh", "-c", "echo 'tunekit: {\\"loss\\": 1}'"]`, 1],
  ["sh, parallel 4", `["/bin/sh", "-c", "echo 'tunekit: {\\"loss\\": 1}'"]`, 4],
] as const) {
  const runs: number[] = [];
  for (let r = 0; r < 3; r++) {
    const file = join(DIR, `sweep-${r}-${parallel}.yaml`);
    writeFileSync(
      file,
      `study: bench-${parallel}-${r}\ncommand: ${command}\nmetric: loss\nsampler: random\npruner: none\nparallel: ${parallel}\nbudget: {trials: ${trials}}\nparameters:\n  x: {type: float, low: 0, high: 1}\n`,
    );
    runs.push(timed(["run", file]) / trials);
  }
  perTrial[label] = median(runs);
}

console.log(
  `node -e 0: ${node.toFixed(0)} ms; tunekit --help: ${help.toFixed(0)} ms; tunekit studies: ${studies.toFixed(0)} ms`,
);
for (const [label, ms] of Object.entries(perTrial)) {
  console.log(
    `${trials} trials of a program printing its metric (${label}): ${ms.toFixed(1)} ms per trial, wall clock`,
  );
}
