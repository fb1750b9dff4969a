import { describe, expect, it } from "vitest";
import { redactStorageUrl } from "./storage-url.js";

describe("redactStorageUrl", () => {
  it.each([
    [
      "postgres://postgres:secret@127.0.0.1:5432/test?schema=a",
      "postgres://postgres:***@127.0.0.1:5432/test?schema=a",
    ],
    ["postgresql://u:p@ss:w/rd?x#@h/db", "postgresql://u:***@h/db"],
    ["postgres://:secret@h/db", "postgres://:***@h/db"],
    ["postgres://h/db?user=u&password=secret&x=1", "postgres://h/db?user=u&password=***&x=1"],
    ["postgres://h/db?sslpassword=secret", "postgres://h/db?sslpassword=***"],
    ["postgres://u@h:5432/db", "postgres://u@h:5432/db"],
    ["sqlite:./tunekit.db", "sqlite:./tunekit.db"],
    ["sqlite:///tmp/a@b/x.db", "sqlite:///tmp/a@b/x.db"],
    ["memory:", "memory:"],
  ])("%s", (url, shown) => {
    expect(redactStorageUrl(url)).toBe(shown);
    expect(redactStorageUrl(shown)).toBe(shown);
  });

  it("hides every password in a message holding several URLs", () => {
    expect(
      redactStorageUrl('Cannot copy from "postgres://a:one@h/x" to postgres://b:two@k/y: refused.'),
    ).toBe('Cannot copy from "postgres://a:***@h/x" to postgres://b:***@k/y: refused.');
  });
});
