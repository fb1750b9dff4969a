import { describe, expect, it } from "vitest";
import { postgresAvailable } from "../../postgres.js";
import { runCli, workspace } from "./cli-harness.js";

const available = await postgresAvailable();

/** Fails unless the run printed one clear tunekit error: no "unexpected error", no stack. */
function expectClearError(result: { code: number | null; stderr: string }): void {
  expect(result.code, result.stderr).toBe(1);
  expect(result.stderr).not.toMatch(/unexpected error|\n\s+at /);
}

describe("PostgreSQL connection errors are clear, with the URL (password hidden) and what to check", () => {
  it("an unknown host", async () => {
    const result = await runCli(
      ["studies", "--storage", "postgres://u:hunter2@no-such-host.invalid/test"],
      workspace(),
    );
    expectClearError(result);
    expect(result.stderr).toMatch(
      /^tunekit: Cannot use PostgreSQL postgres:\/\/u:\*\*\*@no-such-host\.invalid\/test \((ENOTFOUND|EAI_AGAIN): .*\): the host name is unknown\. Check the host in the URL\.$/m,
    );
    expect(result.stderr).not.toContain("hunter2");
  });

  it("a refused port: says within seconds that it is retrying, gives up after connectRetry with a clear error", async () => {
    const url = "postgres://postgres@127.0.0.1:1/test?connectRetry=3";
    const result = await runCli(["studies", "--storage", url], workspace());
    expectClearError(result);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toEqual([
      `[tunekit] Cannot connect to PostgreSQL ${url} (ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:1); retrying for up to 3 s.`,
      `tunekit: Cannot use PostgreSQL ${url} (ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:1, after retrying for 3 s): nothing accepts connections there. Check that the server runs and the port is right.`,
    ]);
  });

  it.runIf(available)("an unknown role", async () => {
    const result = await runCli(
      ["studies", "--storage", "postgres://no_such_role:hunter2@127.0.0.1:5432/test"],
      workspace(),
    );
    expectClearError(result);
    expect(result.stderr).toContain(
      'tunekit: Cannot use PostgreSQL postgres://no_such_role:***@127.0.0.1:5432/test (28000: role "no_such_role" does not exist): the server refused the login. Check the user name in the URL',
    );
    expect(result.stderr).not.toContain("hunter2");
  });
});
