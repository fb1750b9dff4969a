import { createInterface } from "node:readline/promises";
import { deleteStudy, InvalidArgumentError, openStorage } from "../../index.js";
import { storageUrl } from "../storage-option.js";
import { printJson, printLines } from "../terminal.js";

/** `tunekit delete --study NAME`: deletes a study and all its trials, after confirmation or with `--yes`. */
export async function deleteCommand(options: {
  readonly study: string;
  readonly storage?: string;
  readonly yes?: boolean;
  readonly json?: boolean;
}): Promise<number> {
  if (options.yes !== true) {
    if (!process.stdin.isTTY || options.json) {
      throw new InvalidArgumentError(
        `Deleting study "${options.study}" cannot be undone: pass --yes to confirm.`,
      );
    }
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    const answer = await rl.question(
      `Delete study "${options.study}" and all its trials? Type its name to confirm: `,
    );
    rl.close();
    if (answer.trim() !== options.study) {
      printLines(["Not deleted."]);
      return 1;
    }
  }
  const storage = await openStorage(storageUrl(options.storage));
  try {
    await deleteStudy({ studyName: options.study, storage });
    if (options.json) printJson({ deleted: options.study });
    else printLines([`Deleted study "${options.study}".`]);
    return 0;
  } finally {
    await storage.close();
  }
}
