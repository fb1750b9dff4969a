import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, TRIAL_FIXTURE, type Workspace, workspace } from "./cli-harness.js";

/** One payload per class of shell syntax, each of which would create `marker` if a shell ran it. */
function payloads(marker: string): string[] {
  return [
    `$(touch ${marker})`,
    `\`touch ${marker}\``,
    `x; touch ${marker}`,
    `x | touch ${marker}`,
    `x && touch ${marker}`,
    `x\ntouch ${marker}`,
    `"; touch ${marker}; "`,
    `'; touch ${marker}; '`,
    `it's \${HOME} $HOME \\`,
  ];
}

function sweep(ws: Workspace, command: string, shell: boolean, values: readonly string[]): string {
  return ws.write(
    "sweep.yaml",
    [
      "study: s",
      ...(shell ? ["shell: true"] : []),
      `command: ${JSON.stringify(command)}`,
      "metric: loss",
      "sampler: {name: grid}",
      "parameters:",
      "  mode: [argv]",
      `  v: ${JSON.stringify(values)}`,
    ].join("\n"),
  );
}

interface ArgvTrial {
  state: string;
  params: { v: string };
  userAttrs: { argv: string[]; env: string };
}

async function trials(ws: Workspace): Promise<ArgvTrial[]> {
  const out = await runCli(["trials", "--study", "s", "--format", "json"], ws);
  expect(out.code, out.stderr).toBe(0);
  return (JSON.parse(out.stdout) as { trials: ArgvTrial[] }).trials;
}

describe("parameter values never inject commands", () => {
  it.each([
    ["argv mode (no shell)", false],
    ["shell mode", true],
  ])("%s: each value reaches the program as exactly one argument", async (_name, shell) => {
    const ws = workspace();
    const marker = join(ws.dir, "pwned");
    const values = payloads(marker);
    const command = `${process.execPath} ${TRIAL_FIXTURE} --v=\${v} \${v}`;
    const out = await runCli(["run", sweep(ws, command, shell, values), "--json"], ws);
    expect(out.code, out.stderr).toBe(0);
    const done = await trials(ws);
    expect(done.map((t) => t.params.v).sort()).toEqual([...values].sort());
    for (const t of done) {
      expect(t.state).toBe("COMPLETE");
      expect(t.userAttrs.argv).toEqual([`--v=${t.params.v}`, t.params.v]);
      expect(t.userAttrs.env).toBe(t.params.v);
    }
    expect(existsSync(marker)).toBe(false);
  });

  it.each([
    // biome-ignore lint/suspicious/noTemplateCurlyInString: sweep placeholders, not JavaScript templates
    ['"--v=${v}"', 'inside "..." quotes: values are quoted for you; remove the quotes around ${v}'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: sweep placeholders, not JavaScript templates
    ["'${v}'", "inside '...' quotes: values are quoted for you; remove the quotes around ${v}"],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: sweep placeholders, not JavaScript templates
    ["`echo ${v}`", "inside a `...` command substitution"],
  ])("shell mode refuses a placeholder in %s before anything runs (exit 2)", async (arg, message) => {
    const ws = workspace();
    const marker = join(ws.dir, "pwned");
    const command = `${process.execPath} ${TRIAL_FIXTURE} ${arg}`;
    const out = await runCli(["run", sweep(ws, command, true, payloads(marker))], ws);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(message);
    expect(out.stderr).toMatch(/sweep\.yaml:\d+:\d+: command:/);
    expect(existsSync(marker)).toBe(false);
    expect(existsSync(join(ws.dir, "t.db"))).toBe(false);
  });
});
