import { describe, expect, it } from "vitest";
import type { Storage } from "../../src/storage/storage.js";
import { declareChangeTests } from "./storage/change-tests.js";
import { declareClaimChangesTests } from "./storage/claim-changes-tests.js";
import { declareClaimTests } from "./storage/claim-tests.js";
import type { DeclareTest } from "./storage/harness.js";
import { declareLeaseTests } from "./storage/lease-tests.js";
import { declarePageTests } from "./storage/page-tests.js";
import { declareRecordTests } from "./storage/record-tests.js";
import { declareStateTests } from "./storage/state-tests.js";
import { declareStudyTests } from "./storage/study-tests.js";
import { declareTrialTests } from "./storage/trial-tests.js";

/** Options of {@link describeStorage}. */
export interface DescribeStorageOptions {
  /** Tests to skip, by exact test name, each with the reason it does not apply to this back-end. */
  readonly skip?: { readonly [testName: string]: string };
}

/**
 * The storage conformance suite: declares a vitest `describe` block that checks every clause of the
 * `Storage` contract against one back-end. Each test gets its own storage from `factory` (closed after the
 * test) and uses study names no other test uses, so persistent back-ends may share one database.
 * @example
 * describeStorage("memory", () => new MemoryStorage());
 * describeStorage("sqlite", () => openSqlite(tmpFile()), { skip: { "some test": "why it does not apply" } });
 */
export function describeStorage(
  name: string,
  factory: () => Promise<Storage> | Storage,
  options: DescribeStorageOptions = {},
): void {
  const skip = options.skip ?? {};
  describe(`storage conformance: ${name}`, () => {
    const declared = new Set<string>();
    const test: DeclareTest = (testName, body) => {
      if (declared.has(testName)) throw new Error(`describeStorage: two tests are named "${testName}"`);
      declared.add(testName);
      const reason = skip[testName];
      if (reason !== undefined) {
        it.skip(`${testName} (skipped: ${reason})`, () => {});
        return;
      }
      it(testName, async () => {
        const storage = await factory();
        try {
          await body(storage);
        } finally {
          // The close test has closed it already; a second close may legitimately throw.
          await storage.close().catch(() => undefined);
        }
      });
    };
    declareStudyTests(test);
    declareTrialTests(test);
    declareRecordTests(test);
    declareClaimTests(test);
    declareClaimChangesTests(test);
    declareChangeTests(test);
    declarePageTests(test);
    declareLeaseTests(test);
    declareStateTests(test);

    it("every skipped test name exists in the suite", () => {
      expect(Object.keys(skip).filter((testName) => !declared.has(testName))).toEqual([]);
    });
  });
}
