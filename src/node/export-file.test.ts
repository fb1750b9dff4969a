import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { rejection, silenceLogs } from "../../test/helpers.js";
import { InvalidArgumentError } from "../errors.js";
import { parseTrialsJson } from "../export/trials-json.js";
import { createStudy } from "../study/create-study.js";
import { exportStudyToFile } from "./export-file.js";

silenceLogs();

const dir = mkdtempSync(join(tmpdir(), "tunekit-export-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function study() {
  const s = await createStudy({ studyName: "files" });
  await s.enqueueTrial({ opt: "=cmd()" });
  const t = await s.ask();
  t.suggestCategorical("opt", ["=cmd()", "sgd"]);
  await s.tell(t, -0.5);
  return s;
}

describe("exportStudyToFile", () => {
  it("writes CSV for a .csv path and JSON for a .JSON path", async () => {
    const s = await study();
    await exportStudyToFile({ study: s, path: join(dir, "t.csv") });
    await exportStudyToFile({ study: s, path: join(dir, "t.JSON") });
    const csv = readFileSync(join(dir, "t.csv"), "utf8");
    expect(csv.split("\r\n")[0]).toMatch(/^number,state,value,.*,params_opt,/);
    expect(csv).toMatch(/^0,COMPLETE,-0\.5,.*,'=cmd\(\),/m);
    const doc = parseTrialsJson(readFileSync(join(dir, "t.JSON"), "utf8"));
    expect(doc.study.name).toBe("files");
    expect(doc.trials).toEqual(s.trials);
  });

  it("follows an explicit format over the extension, and filters by state", async () => {
    const s = await study();
    await exportStudyToFile({ study: s, path: join(dir, "out.txt"), format: "csv", states: ["FAIL"] });
    expect(readFileSync(join(dir, "out.txt"), "utf8")).toBe(
      "number,state,value,datetime_start,datetime_complete,duration_s,fail_reason,worker_id\r\n",
    );
  });

  it("rejects a path whose extension names no format, writing nothing", async () => {
    const s = await study();
    const path = join(dir, "trials.xlsx");
    const e = (await rejection(exportStudyToFile({ study: s, path }))) as InvalidArgumentError;
    expect(e).toBeInstanceOf(InvalidArgumentError);
    expect(e.message).toBe(
      `exportStudyToFile(): cannot tell the format from "${path}"; the extension must be .csv or .json. Pass format: "csv" or "json".`,
    );
    expect(() => readFileSync(path)).toThrow(/ENOENT/);
  });
});
