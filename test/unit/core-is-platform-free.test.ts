import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), "../../src");

/** Every module reachable from `entry` through static imports and re-exports, with its import specifiers. */
function importGraph(entry: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const todo = [entry];
  while (todo.length > 0) {
    const file = todo.pop() as string;
    if (graph.has(file)) continue;
    const text = readFileSync(file, "utf8");
    const specs = [
      ...text.matchAll(
        /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*["']([^"']+)["']|(?:^|\n)\s*import\s*["']([^"']+)["']/g,
      ),
    ].map((m) => (m[1] ?? m[2]) as string);
    graph.set(file, specs);
    for (const s of specs)
      if (s.startsWith(".")) todo.push(resolve(dirname(file), s.replace(/\.js$/, ".ts")));
  }
  return graph;
}

describe("tunekit/core", () => {
  it("imports nothing Node-only and no package: only its own modules", () => {
    const offenders: string[] = [];
    const graph = importGraph(resolve(SRC, "core.ts"));
    expect(graph.has(resolve(SRC, "study/study.ts"))).toBe(true);
    for (const [file, specs] of graph) {
      for (const s of specs)
        if (!s.startsWith(".")) offenders.push(`${file.slice(SRC.length + 1)} imports "${s}"`);
    }
    expect(offenders).toEqual([]);
  });

  it("uses no Node globals (process, Buffer, require) and never Math.random", () => {
    const offenders: string[] = [];
    for (const file of importGraph(resolve(SRC, "core.ts")).keys()) {
      const code = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
      for (const bad of [/\bprocess\./, /\bBuffer\./, /\brequire\(/, /Math\.random/]) {
        if (bad.test(code)) offenders.push(`${file.slice(SRC.length + 1)}: ${bad.source}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
