import { copyStudy, openStorage, redact } from "../../index.js";
import { storageUrl } from "../storage-option.js";
import { printJson, printLines } from "../terminal.js";

/**
 * `tunekit copy --study NAME --from URL --to URL`: copies a study with all its trials (and its stored
 * sweep) into another storage, e.g. from a laptop's SQLite file to the team's PostgreSQL.
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
      fromStorage: from,
      toStorage: to,
      fromStudyName: options.study,
      ...(options.toStudy === undefined ? {} : { toStudyName: options.toStudy }),
    });
    if (options.json) {
      printJson({
        from: redact(fromUrl),
        to: redact(options.to),
        study: result.study.name,
        trials: result.trialCount,
      });
    } else {
      printLines([
        `Copied study "${options.study}" (${result.trialCount} trials) from ${redact(fromUrl)} to ${redact(options.to)} as "${result.study.name}".`,
      ]);
    }
    return 0;
  } finally {
    await from.close();
    await to.close();
  }
}
