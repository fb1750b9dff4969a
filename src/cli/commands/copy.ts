import { copyStudy, openStorage, redactStorageUrl, type Storage } from "../../index.js";
import { storageUrl } from "../storage-option.js";
import { withoutStoredPasswords } from "../sweep-study.js";
import { printJson, printLines } from "../terminal.js";

/**
 * `tunekit copy --study NAME --from URL --to URL`: copies a study with all its trials (and its stored
 * sweep) into another storage, e.g. from a laptop's SQLite file to the team's PostgreSQL. A storage
 * password recorded in the source study (by a tunekit from before they were hidden) is not copied.
 */
export async function copyCommand(options: {
  readonly study: string;
  readonly from?: string;
  readonly to: string;
  readonly toStudy?: string;
  readonly json?: boolean;
}): Promise<number> {
  const fromUrl = storageUrl(options.from);
  const from = await openStorage(fromUrl, { readOnly: true });
  const to = await openStorage(options.to);
  try {
    const result = await copyStudy({
      fromStorage: passwordsHidden(from),
      toStorage: to,
      fromStudyName: options.study,
      ...(options.toStudy === undefined ? {} : { toStudyName: options.toStudy }),
    });
    if (options.json) {
      printJson({
        from: redactStorageUrl(fromUrl),
        to: redactStorageUrl(options.to),
        study: result.study.name,
        trials: result.trialCount,
      });
    } else {
      printLines([
        `Copied study "${options.study}" (${result.trialCount} trials) from ${redactStorageUrl(fromUrl)} to ${redactStorageUrl(options.to)} as "${result.study.name}".`,
      ]);
    }
    return 0;
  } finally {
    await from.close();
    await to.close();
  }
}

/**
 * The source storage as `copyStudy` reads it, its studies' system attributes without recorded storage
 * passwords, so none is ever written into the target (not even until a later update).
 */
function passwordsHidden(storage: Storage): Storage {
  return new Proxy(storage, {
    get(target, key) {
      if (key === "getStudy") {
        return async (name: string) => {
          const record = await target.getStudy(name);
          return record === null
            ? null
            : { ...record, systemAttrs: withoutStoredPasswords(record.systemAttrs) };
        };
      }
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
