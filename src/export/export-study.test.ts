import { describe, expect, it } from "vitest";
import { rejection, silenceLogs } from "../../test/helpers.js";
import { InvalidArgumentError } from "../errors.js";
import { MemoryStorage } from "../storage/memory/memory-storage.js";
import { createStudy, loadStudy } from "../study/create-study.js";
import { exportStudy } from "./export-study.js";
import { parseTrialsJson } from "./trials-json.js";

silenceLogs();

async function twoWorkers() {
  const storage = new MemoryStorage();
  const study = await createStudy({
    storage,
    studyName: "s",
    directions: ["minimize", "maximize"],
    metricNames: ["loss", "acc"],
  });
  const other = await loadStudy({ storage, studyName: "s" });
  return { study, other };
}

describe("exportStudy", () => {
  it("refreshes first, so trials and attributes written by another worker are in the export", async () => {
    const { study, other } = await twoWorkers();
    const t = await other.ask();
    t.suggestFloat("x", 0, 1);
    await other.tell(t, [0.25, 0.5]);
    await other.tell(await other.ask(), { state: "FAIL", reason: { code: "exception", message: "boom" } });
    await other.setUserAttr("owner", "ana");

    const csv = await exportStudy({ study, format: "csv" });
    const lines = csv.split("\r\n");
    expect(lines[0]).toMatch(/^number,state,values_loss,values_acc,datetime_start,/);
    expect(lines[1]).toMatch(/^0,COMPLETE,0.25,0.5,/);
    expect(lines[2]).toMatch(/^1,FAIL,,,.*,exception: boom,/);

    const doc = parseTrialsJson(await exportStudy({ study, format: "json" }));
    expect(doc.study).toEqual({
      name: "s",
      directions: ["minimize", "maximize"],
      metricNames: ["loss", "acc"],
      userAttrs: { owner: "ana" },
    });
    expect(doc.trials).toEqual(await other.getTrials());
  });

  it("keeps only the states asked for, and passes CSV options on", async () => {
    const { study } = await twoWorkers();
    await study.tell(await study.ask(), [1, 2]);
    await study.tell(await study.ask(), { state: "PRUNED" });
    const csv = await exportStudy({
      study,
      format: "csv",
      states: ["PRUNED"],
      csv: { columns: ["number", "state"] },
    });
    expect(csv).toBe("number,state\r\n1,PRUNED\r\n");
    const doc = parseTrialsJson(await exportStudy({ study, format: "json", states: ["COMPLETE"] }));
    expect(doc.trials.map((t) => t.number)).toEqual([0]);
  });

  it("rejects an unknown format", async () => {
    const { study } = await twoWorkers();
    const e = (await rejection(exportStudy({ study, format: "xlsx" as "csv" }))) as InvalidArgumentError;
    expect(e).toBeInstanceOf(InvalidArgumentError);
    expect(e.message).toBe('exportStudy(): format must be one of "csv", "json", but got "xlsx".');
  });
});
