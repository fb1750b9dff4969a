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
      `Storage URL "${redact(url)}" has the unknown scheme "${scheme}:". Known schemes: ${knownSchemes()}. Database back-ends are registered by the "tunekit" entry point (not "tunekit/core").`,
      { value: redact(url) },
    );
  }
  return opener(url, options);
}

function knownSchemes(): string {
  return ["memory", ...openers.keys()].map((s) => `${s}:`).join(", ");
}

/**
 * The URL with any password replaced by "***", for messages and logs.
 * @example
 * redact("postgres://u:secret@h/db"); // "postgres://u:***@h/db"
 */
export function redact(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@]*@/i, "$1***@");
}
