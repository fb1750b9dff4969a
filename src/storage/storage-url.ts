import { StorageUrlError } from "../errors.js";
import { MemoryStorage } from "./memory/memory-storage.js";
import type { Storage } from "./storage.js";

/** Options of {@link openStorage}. */
export interface OpenStorageOptions {
  /**
   * Open only to read (listings, reports, the dashboard): never creates a file, a schema or a table, never
   * migrates, never writes. Where there is no tunekit storage yet it throws `StorageNotFoundError`
   * instead of creating one. The storage's `url` then opens it read-only again (it carries `mode=ro`).
   */
  readonly readOnly?: boolean;
}

/** Opens a storage from a URL of one scheme. */
export type StorageOpener = (url: string, options: OpenStorageOptions) => Storage | Promise<Storage>;

const openers = new Map<string, StorageOpener>();
const memoryStorages = new Map<string, MemoryStorage>();

/**
 * Registers the opener of a URL scheme ("sqlite", "postgres", ...). The Node entry registers the
 * database back-ends, each loading its driver only when a URL of its scheme is opened.
 * @example
 * registerStorageScheme("mydb", (url) => new MyStorage(url));
 */
export function registerStorageScheme(scheme: string, opener: StorageOpener): void {
  openers.set(scheme.toLowerCase(), opener);
}

/**
 * Opens the storage a URL names. `memory:` (or `memory:NAME`) is an in-process storage shared by every
 * open of the same URL in this process, so `createStudy` and `loadStudy` given the same URL see the same
 * studies; other schemes come from {@link registerStorageScheme}. With `{ readOnly: true }` the storage
 * is only read (see {@link OpenStorageOptions.readOnly}).
 * @example
 * const storage = await openStorage("memory:");
 * const reader = await openStorage("sqlite:./tunekit.db", { readOnly: true });
 */
export async function openStorage(url: string, options: OpenStorageOptions = {}): Promise<Storage> {
  const match = /^([a-z][a-z0-9+.-]*):/i.exec(url);
  if (match === null) {
    throw new StorageUrlError(
      `Storage URL "${url}" has no scheme. Use one of ${knownSchemes()}, e.g. "sqlite:./tunekit.db" or "memory:".`,
      { value: url },
    );
  }
  const scheme = (match[1] as string).toLowerCase();
  if (scheme === "memory") {
    let storage = memoryStorages.get(url);
    if (storage === undefined) {
      storage = new MemoryStorage();
      memoryStorages.set(url, storage);
    }
    return storage;
  }
  const opener = openers.get(scheme);
  if (opener === undefined) {
    throw new StorageUrlError(
      `Storage URL "${redactStorageUrl(url)}" has the unknown scheme "${scheme}:". Known schemes: ${knownSchemes()}. Database back-ends are registered by the "tunekit" entry point (not "tunekit/core").`,
      { value: redactStorageUrl(url) },
    );
  }
  return opener(url, options);
}

function knownSchemes(): string {
  return ["memory", ...openers.keys()].map((s) => `${s}:`).join(", ");
}

// Up to the end of the URL: a password may hold "/", "?" or "#" when the user did not percent-encode it.
const URL_AUTHORITY = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s"'<>]*)/gi;
const PASSWORD_PARAM = /([?&;](?:ssl)?password=)[^&#\s"'<>]*/gi;

/**
 * The text with every storage URL's password replaced by "***": the password of `scheme://user:pass@host`
 * (up to the URL's last "@", so a password holding "@", "/" or "?" is hidden whole) and `password=` / `sslpassword=`
 * query parameters. Use it for every URL that is logged, printed, put in an error or stored; it also
 * works on a whole message that contains URLs. Idempotent.
 * @example
 * redactStorageUrl("postgres://u:secret@h/db?sslpassword=x"); // "postgres://u:***@h/db?sslpassword=***"
 */
export function redactStorageUrl(text: string): string {
  return text
    .replace(URL_AUTHORITY, (whole, scheme: string, rest: string) => {
      const at = rest.lastIndexOf("@");
      const colon = rest.indexOf(":");
      if (at < 0 || colon < 0 || colon > at) return whole;
      return `${scheme}${rest.slice(0, colon)}:***${rest.slice(at)}`;
    })
    .replace(PASSWORD_PARAM, "$1***");
}

/**
 * @deprecated The same as {@link redactStorageUrl}, under its first name.
 */
export const redact = redactStorageUrl;
