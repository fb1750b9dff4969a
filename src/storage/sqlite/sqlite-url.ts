import { StorageUrlError } from "../../errors.js";
import type { SqliteOptions } from "./sqlite-dialect.js";

/**
 * Parses a SQLite storage URL: `sqlite:./relative.db`, `sqlite:/absolute.db`, or Optuna's
 * `sqlite:///relative.db` and `sqlite:////absolute.db`. Query options: `synchronous=full|normal`,
 * `mode=ro` (read-only).
 * @example
 * parseSqliteUrl("sqlite:./tunekit.db?synchronous=full"); // { path: "./tunekit.db", synchronous: "FULL" }
 */
export function parseSqliteUrl(url: string): SqliteOptions {
  const match = /^sqlite:(.*)$/i.exec(url);
  if (match === null)
    throw new StorageUrlError(`"${url}" is not a SQLite URL; it must start with "sqlite:".`, { value: url });
  const [rest = "", query = ""] = (match[1] as string).split("?", 2);
  let path: string;
  if (rest.startsWith("///")) path = rest.slice(3);
  else if (rest.startsWith("//")) {
    throw new StorageUrlError(
      `SQLite URL "${url}" names a host ("//..."), which SQLite has none of. Use "sqlite:./file.db" (relative), "sqlite:/abs/file.db" (absolute) or Optuna's "sqlite:///file.db".`,
      { value: url },
    );
  } else path = rest;
  if (path === "") {
    throw new StorageUrlError(`SQLite URL "${url}" has no file path. Use e.g. "sqlite:./tunekit.db".`, {
      value: url,
    });
  }
  const options: { path: string; synchronous?: "NORMAL" | "FULL"; readonly?: boolean } = {
    path: decodeURIComponent(path),
  };
  for (const pair of query === "" ? [] : query.split("&")) {
    const [key = "", value = ""] = pair.split("=", 2);
    if (key === "synchronous" && /^(normal|full)$/i.test(value))
      options.synchronous = value.toUpperCase() as "NORMAL" | "FULL";
    else if (key === "mode" && value === "ro") options.readonly = true;
    else {
      throw new StorageUrlError(
        `SQLite URL "${url}": unknown option "${pair}". Known options: synchronous=normal|full, mode=ro.`,
        { name: key, value: pair },
      );
    }
  }
  return options;
}
