import { describe, expect, it } from "vitest";
import { StorageUrlError } from "../../errors.js";
import { parseSqliteUrl } from "./sqlite-url.js";

describe("parseSqliteUrl", () => {
  it("reads relative, absolute and Optuna-style paths", () => {
    expect(parseSqliteUrl("sqlite:./tunekit.db")).toEqual({ path: "./tunekit.db" });
    expect(parseSqliteUrl("sqlite:/var/data/t.db")).toEqual({ path: "/var/data/t.db" });
    expect(parseSqliteUrl("sqlite:///x.db")).toEqual({ path: "x.db" });
    expect(parseSqliteUrl("sqlite:////abs/x.db")).toEqual({ path: "/abs/x.db" });
    expect(parseSqliteUrl("SQLite:runs%20v2.db")).toEqual({ path: "runs v2.db" });
  });

  it("reads synchronous and read-only options", () => {
    expect(parseSqliteUrl("sqlite:./a.db?synchronous=full")).toEqual({ path: "./a.db", synchronous: "FULL" });
    expect(parseSqliteUrl("sqlite:./a.db?mode=ro&synchronous=NORMAL")).toEqual({
      path: "./a.db",
      readonly: true,
      synchronous: "NORMAL",
    });
  });

  it("rejects hosts, empty paths and unknown options with the forms that work", () => {
    for (const bad of ["sqlite://host/x.db", "sqlite:", "sqlite:./a.db?journal=off", "postgres://x"]) {
      expect(() => parseSqliteUrl(bad)).toThrow(StorageUrlError);
    }
    expect(() => parseSqliteUrl("sqlite://host/x.db")).toThrow(/sqlite:\.\/file\.db/);
  });
});
