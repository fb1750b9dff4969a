import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

describe("tunekit/tfjs", () => {
  it("is a subpath of its own: no module outside src/integrations imports it or @tensorflow/tfjs", () => {
    const offenders = sourceFiles(resolve(ROOT, "src"))
      .filter((f) => !f.includes(`${join("src", "integrations")}`))
      .filter((f) => /from\s+["'](?:@tensorflow\/|[^"']*integrations\/)/.test(readFileSync(f, "utf8")));
    expect(offenders).toEqual([]);
  });

  it("is exported as ./tfjs, with @tensorflow/tfjs an optional peer dependency", () => {
    const pkg = JSON.parse(readFileSync(resolve(ROOT, "package.json"), "utf8"));
    expect(pkg.exports["./tfjs"]).toEqual({
      types: "./dist/integrations/tfjs.d.ts",
      default: "./dist/integrations/tfjs.js",
    });
    expect(pkg.peerDependencies["@tensorflow/tfjs"]).toBeDefined();
    expect(pkg.peerDependenciesMeta["@tensorflow/tfjs"]).toEqual({ optional: true });
    expect(pkg.devDependencies["@tensorflow/tfjs"]).toBe("4.22.0");
  });
});
