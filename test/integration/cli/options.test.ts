import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixtureCommand, runCli, workspace } from "./cli-harness.js";

describe("bad command-line options", () => {
  it.each([
    [["run", "sweep.yaml", "--trials", "abc"], "'--trials <n>' argument 'abc' is invalid. It must be"],
    [["run", "sweep.yaml", "--parallel", "0"], "'--parallel <n>' argument '0' is invalid"],
    [["run", "sweep.yaml", "--timeout", "-1"], "--timeout: A duration must be a non-negative number"],
    [["run", "sweep.yaml", "--timeout", "abc"], "--timeout: A duration must be"],
    [["run", "sweep.yaml", "--bogus"], "unknown option '--bogus'"],
    [["worker", "--study", "s", "--trials", "1.5"], "'--trials <n>' argument '1.5' is invalid"],
    [["worker", "--study", "s", "--timeout", "xx"], "--timeout: A duration must be"],
    [["worker"], "required option '--study <name>' not specified"],
    [["trials", "--study", "s", "--format", "xml"], "Allowed choices are table, csv, json"],
    [["trials", "--study", "s", "--state", "FOO"], '"FOO" is not a trial state'],
    [["dashboard", "--port", "99999"], "It must be a port number 0-65535"],
    [["copy", "--study", "s"], "required option '--to <url>' not specified"],
    [["delete", "--study", "s"], "pass --yes to confirm"],
    [["nosuchcommand"], "unknown command 'nosuchcommand'"],
  ])("tunekit %j exits 2 with a clear message, touching no storage", async (args, message) => {
    const ws = workspace();
    ws.write("sweep.yaml", `study: s\ncommand: ${fixtureCommand()}\nmetric: loss\nparameters: {x: [1]}\n`);
    const out = await runCli(args, ws);
    expect(out.stderr).toContain(message);
    expect(out.code).toBe(2);
    if (args[0] === "run" || args[0] === "worker") expect(existsSync(join(ws.dir, "t.db"))).toBe(false);
  });
});
