#!/usr/bin/env node
/**
 * The `tunekit` command. Only commander loads at start; each command imports its module (and tunekit's
 * core) when it runs, so `tunekit --help` is quick.
 */
import { Command, InvalidArgumentError as CommanderArgumentError, Option } from "commander";

const program = new Command("tunekit")
  .description("Hyperparameter optimization from the command line: tune any program from a sweep file.")
  .version(await packageVersion(), "-V, --version")
  .showHelpAfterError("(run with --help for usage)")
  // A bad option, option value or command is a usage error: exit code 2, as for a bad sweep. Commands
  // created below inherit this.
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2));

const storageOption = () =>
  new Option("--storage <url>", "storage URL (default: TUNEKIT_STORAGE, else sqlite:./tunekit.db)");
const jsonOption = () => new Option("--json", "print one JSON document on stdout instead of text");

program
  .command("run")
  .description("run a sweep: create its study (or continue it) and run trials until its budget is spent")
  .argument("<sweep>", "the sweep file (YAML)")
  .option(
    "--trials <n>",
    "trials this run may start (the study's budget.trials still caps the total)",
    positiveInt,
  )
  .option("--parallel <n>", "trials at once (overrides parallel:)", positiveInt)
  .addOption(
    storageOption().default(
      undefined,
      "the sweep's storage:, else TUNEKIT_STORAGE, else sqlite:./tunekit.db",
    ),
  )
  .option("--study <name>", "study name (overrides study:)")
  .option(
    "--timeout <duration>",
    "stop starting trials after this long, e.g. 3600, 90m, 2h (overrides budget.time)",
  )
  .option("--new-study", "start a new study (name-2, ...) when the study exists")
  .addOption(jsonOption())
  .action(async (file: string, options) =>
    exit(await (await import("./commands/run.js")).runCommand(file, options)),
  );

program
  .command("worker")
  .description("join a study started by `tunekit run` (on any machine sharing its storage) and run its sweep")
  .requiredOption("--study <name>", "the study to join")
  .addOption(storageOption())
  .option("--trials <n>", "trials this worker may start", positiveInt)
  .option("--parallel <n>", "trials at once in this worker", positiveInt)
  .option("--timeout <duration>", "stop starting trials after this long, e.g. 3600, 90m, 2h")
  .option(
    "--workdir <dir>",
    "the folder the sweep's workdir: and logs: are relative to (default: the current one)",
  )
  .addOption(jsonOption())
  .action(async (options) => exit(await (await import("./commands/worker.js")).workerCommand(options)));

program
  .command("studies")
  .description("list the studies in a storage")
  .addOption(storageOption())
  .addOption(jsonOption())
  .action(async (options) => exit(await (await import("./commands/studies.js")).studiesCommand(options)));

program
  .command("best")
  .description("show a study's best trial (or Pareto front) and its search budget")
  .requiredOption("--study <name>", "the study")
  .addOption(storageOption())
  .addOption(jsonOption())
  .action(async (options) => exit(await (await import("./commands/best.js")).bestCommand(options)));

program
  .command("trials")
  .description("print a study's trials as a table, CSV or JSON")
  .requiredOption("--study <name>", "the study")
  .addOption(storageOption())
  .addOption(
    new Option("--format <format>", "output format").choices(["table", "csv", "json"]).default("table"),
  )
  .option("--state <states>", "only these states, comma-separated (e.g. COMPLETE,PRUNED)")
  .addOption(jsonOption())
  .action(async (options) => exit(await (await import("./commands/trials.js")).trialsCommand(options)));

program
  .command("importance")
  .description("rank a study's parameters by how much they mattered to each objective")
  .requiredOption("--study <name>", "the study")
  .addOption(storageOption())
  .option("--evaluator <name>", "fanova (default), ped-anova or mdi")
  .option("--objective <k>", "only this objective (index or metric name; default: each objective)")
  .option("--target <target>", "score the trials' duration instead of an objective: duration")
  .option("--params <names>", "only these parameters, comma-separated")
  .option("--seed <n>", "seed of the fanova and mdi forests (default: a fresh one each run)", nonNegativeInt)
  .addOption(jsonOption())
  .action(async (options) =>
    exit(await (await import("./commands/importance.js")).importanceCommand(options)),
  );

program
  .command("enqueue")
  .description("queue a trial with given parameters; the next worker runs it first")
  .requiredOption("--study <name>", "the study")
  .addOption(storageOption())
  .option("--param <name=value>", "a parameter value (repeatable)", collect, [] as string[])
  .option("--params <json>", "parameters as a JSON object")
  .option("--skip-if-exists", "do nothing when a trial with these parameters was already enqueued or ran")
  .addOption(jsonOption())
  .action(async (options) => exit(await (await import("./commands/enqueue.js")).enqueueCommand(options)));

program
  .command("delete")
  .description("delete a study and all its trials")
  .requiredOption("--study <name>", "the study")
  .addOption(storageOption())
  .option("-y, --yes", "do not ask for confirmation")
  .addOption(jsonOption())
  .action(async (options) => exit(await (await import("./commands/delete.js")).deleteCommand(options)));

program
  .command("copy")
  .description("copy a study with all its trials into another storage")
  .requiredOption("--study <name>", "the study")
  .option("--from <url>", "source storage (default: TUNEKIT_STORAGE, else sqlite:./tunekit.db)")
  .requiredOption("--to <url>", "target storage")
  .option("--to-study <name>", "name of the copy (default: the same)")
  .addOption(jsonOption())
  .action(async (options) => exit(await (await import("./commands/copy.js")).copyCommand(options)));

program
  .command("dashboard")
  .description("serve the live web dashboard over a storage (read-only) on 127.0.0.1")
  .addOption(storageOption())
  .option("--host <host>", "address to listen on; anything but loopback requires --token", "127.0.0.1")
  .option("--port <port>", "port (0: any free port)", port, 8080)
  .option("--token <token>", "require this token (?token=... once, then a cookie)")
  .addOption(jsonOption())
  .action(async (options) => exit(await (await import("./commands/dashboard.js")).dashboardCommand(options)));

try {
  await program.parseAsync();
} catch (error) {
  exit(await reportError(error));
}

function exit(code: number): void {
  process.exitCode = code;
}

/**
 * Prints an error as one clear message (no stack for tunekit's own errors), with any storage URL's
 * password hidden; returns the exit code.
 */
async function reportError(error: unknown): Promise<number> {
  const { TunekitError } = await import("../errors.js");
  const { redactStorageUrl } = await import("../storage/storage-url.js");
  const json = process.argv.includes("--json");
  const usage = new Set([
    "invalid-sweep",
    "sweep-changed",
    "invalid-argument",
    "storage-url",
    "study-not-found",
    "storage-not-found",
    "duplicated-study",
  ]);
  if (error instanceof TunekitError) {
    if (json)
      process.stdout.write(
        `${JSON.stringify({ error: { code: error.code, message: redactStorageUrl(error.message) } }, null, 2)}\n`,
      );
    process.stderr.write(`tunekit: ${redactStorageUrl(error.message)}\n`);
    return usage.has(error.code) ? 2 : 1;
  }
  process.stderr.write(
    `tunekit: unexpected error: ${redactStorageUrl(error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`,
  );
  return 1;
}

function positiveInt(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new CommanderArgumentError(`It must be a positive integer, but got "${text}".`);
  return n;
}

function nonNegativeInt(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0)
    throw new CommanderArgumentError(`It must be a non-negative integer, but got "${text}".`);
  return n;
}

function port(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new CommanderArgumentError(`It must be a port number 0-65535, but got "${text}".`);
  }
  return n;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

async function packageVersion(): Promise<string> {
  const { readFile } = await import("node:fs/promises");
  const text = await readFile(new URL("../../package.json", import.meta.url), "utf8");
  return (JSON.parse(text) as { version: string }).version;
}
