import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { silenceLogs } from "../../test/helpers.js";
import { createStudy, loadStudy } from "../study/create-study.js";
import { openSqliteStorage } from "./storages.js";

silenceLogs();

describe("openSqliteStorage: one connection per file, shared by every opener", () => {
  it("keeps the connection open until the last handle closes it", async () => {
    const url = `sqlite:${join(mkdtempSync(join(tmpdir(), "tunekit-shared-")), "s.db")}`;
    const a = await openSqliteStorage(url);
    const b = await openSqliteStorage(url);
    await createStudy({ studyName: "s", storage: a });
    await a.close();
    await a.close();
    // b still works after a closed (twice): the connection is shared, not owned by a.
    const study = await loadStudy({ studyName: "s", storage: b });
    await study.optimize(() => 1, { nTrials: 2 });
    expect((await b.listStudies()).map((s) => s.trialCounts.COMPLETE)).toEqual([2]);
    await b.close();
    await expect(b.listStudies()).rejects.toThrow();
    // A later open gets a fresh connection to the same file.
    const c = await openSqliteStorage(url);
    expect((await c.listStudies()).map((s) => s.study.name)).toEqual(["s"]);
    await c.close();
  });

  it("forgets a failed open so a later one can succeed", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "tunekit-shared-")), "x.db");
    await expect(openSqliteStorage(`sqlite:${path}?mode=ro`)).rejects.toThrow();
    const writer = await openSqliteStorage(`sqlite:${path}`);
    await createStudy({ studyName: "later", storage: writer });
    const reader = await openSqliteStorage(`sqlite:${path}?mode=ro`);
    expect((await reader.listStudies()).map((s) => s.study.name)).toEqual(["later"]);
    await reader.close();
    await writer.close();
  });
});
