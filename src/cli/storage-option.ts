import { defaultStorageUrl } from "../index.js";

/**
 * The storage a command uses: `--storage`, else the sweep file's `storage`, else `TUNEKIT_STORAGE`, else
 * `sqlite:./tunekit.db`.
 * @example
 * const url = storageUrl(options.storage, sweep.storage);
 */
export function storageUrl(flag: string | undefined, fromSweep: string | null = null): string {
  return flag ?? fromSweep ?? defaultStorageUrl();
}
