import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createStudy, openStorage, StorageError } from "../../src/index.js";
import { rejection, silenceLogs } from "../helpers.js";

silenceLogs();

const root = process.getuid?.() === 0;

// The injected SQLITE_FULL of src/storage/sqlite/sqlite-failures.test.ts runs everywhere; this is the
// real thing, which needs a small file system of its own.
// Skipped only when not root, since mounting the tmpfs needs root.
describe.skipIf(!root)(
  "a SQLite file on a disk that fills up during a study (a tmpfs of 1.25 MiB; needs root)",
  () => {
    it("stops with a clear error and leaves no trial RUNNING", async () => {
      const dir = mkdtempSync(join(tmpdir(), "tunekit-full-"));
      execFileSync("mount", ["-t", "tmpfs", "-o", "size=1280k", "tunekit-full", dir]);
      try {
        const url = `sqlite:${join(dir, "t.db")}`;
        const storage = await openStorage(url);
        try {
          const study = await createStudy({ storage, studyName: "fills" });
          const error = (await rejection(
            study.optimize(
              (trial) => {
                // Each trial stores twice what the one before did (say, a growing checkpoint), so the write
                // that finds the disk full is the largest yet, and its trial's FAIL record still fits.
                trial.setUserAttr("blob", "x".repeat(1024 * 2 ** trial.number));
                return trial.suggestFloat("x", 0, 1);
              },
              { nTrials: 1000 },
            ),
          )) as Error;
          expect(error).toBeInstanceOf(StorageError);
          expect(error.message).toContain(
            `SQLite file "${join(dir, "t.db")}" could not be written: the disk that holds it is full`,
          );
          const { trials } = await storage.getTrialsSince(study.studyId, 0);
          expect(trials.length).toBeGreaterThan(3);
          expect(trials.filter((t) => t.state === "RUNNING")).toEqual([]);
          expect(trials.slice(0, -1).every((t) => t.state === "COMPLETE")).toBe(true);
          expect(trials.at(-1)).toMatchObject({
            state: "FAIL",
            failReason: { code: "storage" },
            userAttrs: {},
          });
          expect(Object.keys(trials.at(-1)?.params ?? {})).toEqual(["x"]);
        } finally {
          await storage.close();
        }
      } finally {
        execFileSync("umount", [dir]);
        rmSync(dir, { recursive: true, force: true });
      }
    });
  },
);
