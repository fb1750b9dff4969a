import { describe, expect, it } from "vitest";
import { frozenTrial, thrown } from "../../test/helpers.js";
import { InvalidArgumentError } from "../errors.js";
import { csvField, csvNumber, csvText } from "./csv-field.js";
import { trialsToCsv } from "./trials-to-csv.js";

/** The CSV's records split naively (only for outputs whose fields hold no comma or line break). */
function table(csv: string): string[][] {
  expect(csv.endsWith("\r\n")).toBe(true);
  return csv
    .slice(0, -2)
    .split("\r\n")
    .map((line) => line.split(","));
}

/** An RFC 4180 reader: the records of CRLF-ended `csv`, fields unquoted. */
function parseCsv(csv: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i];
    if (quoted) {
      if (c !== '"') field += c;
      else if (csv[i + 1] === '"') field += csv[++i];
      else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      record.push(field);
      field = "";
    } else if (c === "\r" && csv[i + 1] === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      i++;
    } else field += c;
  }
  return records;
}

/** The cell of `column` in data row `row`. */
function cell(csv: string, row: number, column: string): string | undefined {
  const [header = [], ...rows] = table(csv);
  return rows[row]?.[header.indexOf(column)];
}

describe("csvField", () => {
  it("leaves plain text and unicode as is", () => {
    expect(csvField("adam")).toBe("adam");
    expect(csvField("Größe → 学习率 🚀")).toBe("Größe → 学习率 🚀");
    expect(csvField("")).toBe("");
  });

  it("quotes a field with a comma", () => {
    expect(csvField("a,b")).toBe('"a,b"');
  });

  it("quotes a field with a quote and doubles the quote", () => {
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
  });

  it("quotes a field with LF, CR or CRLF", () => {
    expect(csvField("a\nb")).toBe('"a\nb"');
    expect(csvField("a\rb")).toBe('"a\rb"');
    expect(csvField("a\r\nb")).toBe('"a\r\nb"');
  });
});

describe("csvNumber and csvText", () => {
  it("writes NaN, Infinity and -Infinity as NaN, inf, -inf", () => {
    expect(csvNumber(Number.NaN)).toBe("NaN");
    expect(csvNumber(Number.POSITIVE_INFINITY)).toBe("inf");
    expect(csvNumber(Number.NEGATIVE_INFINITY)).toBe("-inf");
    expect(csvNumber(1e-7)).toBe("1e-7");
    expect(csvNumber(0.1 + 0.2)).toBe("0.30000000000000004");
  });

  it("guards strings starting with = + - @ tab or CR, and only strings", () => {
    for (const s of ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"]) expect(csvText(s, true)).toBe(`'${s}`);
    expect(csvText(-1.5, true)).toBe("-1.5");
    expect(csvText(Number.NEGATIVE_INFINITY, true)).toBe("-inf");
    expect(csvText("a=b", true)).toBe("a=b");
    expect(csvText("=1+1", false)).toBe("=1+1");
  });

  it("writes null and undefined empty, booleans as words, objects as JSON with NaN kept", () => {
    expect(csvText(null, true)).toBe("");
    expect(csvText(undefined, true)).toBe("");
    expect(csvText(false, true)).toBe("false");
    expect(csvText({ a: [1, Number.NaN] }, true)).toBe('{"a":[1,{"$nonfinite":"NaN"}]}');
  });
});

describe("trialsToCsv", () => {
  it("writes the header and one CRLF-ended row per trial, with times in ISO 8601 and the duration", () => {
    const csv = trialsToCsv(
      [
        frozenTrial({
          values: [0.5],
          params: { x: 1 },
          startedAt: Date.UTC(2024, 0, 2, 3, 4, 5, 6),
          completedAt: Date.UTC(2024, 0, 2, 3, 4, 7, 506),
          workerId: "host:1:ab",
        }),
      ],
      { directions: ["minimize"] },
    );
    expect(csv).toBe(
      "number,state,value,datetime_start,datetime_complete,duration_s,params_x,fail_reason,worker_id\r\n" +
        "0,COMPLETE,0.5,2024-01-02T03:04:05.006Z,2024-01-02T03:04:07.506Z,2.5,1,,host:1:ab\r\n",
    );
  });

  it("writes only a header for no trials", () => {
    expect(trialsToCsv([])).toBe(
      "number,state,value,datetime_start,datetime_complete,duration_s,fail_reason,worker_id\r\n",
    );
  });

  it("quotes a categorical with a comma, a quote or a newline so the rows stay aligned", () => {
    const csv = trialsToCsv([
      frozenTrial({ number: 0, params: { opt: "adam, β=0.9" } }),
      frozenTrial({ number: 1, params: { opt: 'the "best"' } }),
      frozenTrial({ number: 2, params: { opt: "two\nlines" } }),
    ]);
    const rows = csv.split("\r\n");
    expect(rows[1]).toContain(',"adam, β=0.9",');
    expect(rows[2]).toContain(',"the ""best""",');
    expect(rows[3]).toContain(',"two\nlines",');
    expect(rows).toHaveLength(5);
  });

  it("reads back exactly through an RFC 4180 reader, whatever the strings hold", () => {
    const nasty = ["a,b", 'say "hi"', "two\r\nlines", '""', ",", "\n", "ünï ✓", ""];
    const trials = nasty.map((s, number) => frozenTrial({ number, params: { s }, userAttrs: { [s]: s } }));
    const records = parseCsv(trialsToCsv(trials, { columns: ["number", "params", "user_attrs"] }));
    expect(records).toHaveLength(nasty.length + 1);
    expect(records[0]).toEqual(["number", "params_s", ...nasty.map((s) => `user_attrs_${s}`)]);
    nasty.forEach((s, r) => {
      expect(records[r + 1]?.[1]).toBe(s);
      expect(records[r + 1]?.[r + 2]).toBe(s);
      expect(records[r + 1]).toHaveLength(nasty.length + 2);
    });
  });

  it("keeps unicode in headers and cells unquoted", () => {
    const csv = trialsToCsv([frozenTrial({ params: { 学习率: "größer" }, userAttrs: { note: "✓ ok" } })]);
    expect(cell(csv, 0, "params_学习率")).toBe("größer");
    expect(cell(csv, 0, "user_attrs_note")).toBe("✓ ok");
  });

  it("quotes a header whose name holds a comma", () => {
    const csv = trialsToCsv([frozenTrial({ params: { "a,b": 1 } })], { columns: ["params"] });
    expect(csv).toBe('"params_a,b"\r\n1\r\n');
  });

  it("guards string cells against formula injection but leaves negative numbers alone", () => {
    const csv = trialsToCsv([
      frozenTrial({
        values: [-3],
        params: { cmd: "=HYPERLINK(1)", lr: -0.5, sign: "-" },
        userAttrs: { at: "@me", plus: "+1" },
        constraints: { c: -1 },
        workerId: "-w",
      }),
    ]);
    expect(cell(csv, 0, "value")).toBe("-3");
    expect(cell(csv, 0, "params_cmd")).toBe("'=HYPERLINK(1)");
    expect(cell(csv, 0, "params_lr")).toBe("-0.5");
    expect(cell(csv, 0, "params_sign")).toBe("'-");
    expect(cell(csv, 0, "user_attrs_at")).toBe("'@me");
    expect(cell(csv, 0, "user_attrs_plus")).toBe("'+1");
    expect(cell(csv, 0, "constraints_c")).toBe("-1");
    expect(cell(csv, 0, "worker_id")).toBe("'-w");
  });

  it("quotes a guarded cell that also holds a comma", () => {
    const csv = trialsToCsv([frozenTrial({ params: { f: "=SUM(A1,A2)" } })], { columns: ["params"] });
    expect(csv).toBe('params_f\r\n"\'=SUM(A1,A2)"\r\n');
  });

  it("writes strings exactly when escapeFormulas is false", () => {
    const csv = trialsToCsv([frozenTrial({ params: { f: "=1" } })], {
      columns: ["params"],
      escapeFormulas: false,
    });
    expect(csv).toBe("params_f\r\n=1\r\n");
  });

  it("writes NaN and ±Infinity in values, params, constraints and durations as NaN, inf, -inf", () => {
    const csv = trialsToCsv(
      [
        frozenTrial({ number: 0, values: [Number.NaN], params: { x: Number.POSITIVE_INFINITY } }),
        frozenTrial({ number: 1, values: [Number.NEGATIVE_INFINITY], constraints: { c: Number.NaN } }),
        frozenTrial({ number: 2, values: [Number.POSITIVE_INFINITY] }),
      ],
      { directions: ["minimize"] },
    );
    expect([0, 1, 2].map((r) => cell(csv, r, "value"))).toEqual(["NaN", "-inf", "inf"]);
    expect(cell(csv, 0, "params_x")).toBe("inf");
    expect(cell(csv, 1, "constraints_c")).toBe("NaN");
  });

  it("leaves params a conditional trial never suggested empty, with columns in order of first appearance", () => {
    const csv = trialsToCsv([
      frozenTrial({ number: 0, state: "COMPLETE", values: [1], params: { model: "svm", c: 0.1 } }),
      frozenTrial({ number: 1, state: "COMPLETE", values: [2], params: { model: "tree", depth: 4 } }),
      frozenTrial({ number: 2, state: "RUNNING", params: { model: "svm" } }),
    ]);
    const [header, ...rows] = table(csv);
    expect(header?.filter((h) => h.startsWith("params_"))).toEqual([
      "params_model",
      "params_c",
      "params_depth",
    ]);
    expect(
      rows.map((r) => [r[header?.indexOf("params_c") ?? -1], r[header?.indexOf("params_depth") ?? -1]]),
    ).toEqual([
      ["0.1", ""],
      ["", "4"],
      ["", ""],
    ]);
    expect(cell(csv, 2, "value")).toBe("");
    expect(cell(csv, 2, "datetime_complete")).toBe("");
    expect(cell(csv, 2, "duration_s")).toBe("");
  });

  it("writes one values_<metric> column per objective", () => {
    const csv = trialsToCsv(
      [frozenTrial({ values: [0.9, 12] }), frozenTrial({ number: 1, state: "FAIL", values: null })],
      {
        directions: ["maximize", "minimize"],
        metricNames: ["acc", "latency"],
        columns: ["number", "values"],
      },
    );
    expect(csv).toBe("number,values_acc,values_latency\r\n0,0.9,12\r\n1,,\r\n");
  });

  it("numbers the value columns without metric names, inferring the objective count from the trials", () => {
    const csv = trialsToCsv([frozenTrial({ values: [1, 2, 3] })], { columns: ["values"] });
    expect(csv).toBe("values_0,values_1,values_2\r\n1,2,3\r\n");
  });

  it("rejects metric names that do not match the directions", () => {
    const e = thrown(() =>
      trialsToCsv([], { directions: ["minimize", "minimize"], metricNames: ["only-one"] }),
    ) as InvalidArgumentError;
    expect(e).toBeInstanceOf(InvalidArgumentError);
    expect(e.message).toMatch(/metricNames needs one name per objective \(2\)/);
  });

  it("writes the fail reason as code: message, and attribute objects as JSON", () => {
    const csv = trialsToCsv(
      [
        frozenTrial({
          state: "FAIL",
          failReason: { code: "exception", message: "Error: boom" },
          userAttrs: { cfg: { layers: [1, 2] } },
        }),
      ],
      { columns: ["fail_reason", "user_attrs"] },
    );
    expect(csv).toBe('fail_reason,user_attrs_cfg\r\nexception: Error: boom,"{""layers"":[1,2]}"\r\n');
  });

  it("writes the column groups asked for, in that order, and rejects an unknown one", () => {
    const trials = [frozenTrial({ number: 4, values: [1] })];
    expect(trialsToCsv(trials, { columns: ["state", "number"] })).toBe("state,number\r\nCOMPLETE,4\r\n");
    const e = thrown(() => trialsToCsv(trials, { columns: ["nope" as "number"] })) as InvalidArgumentError;
    expect(e).toBeInstanceOf(InvalidArgumentError);
    expect(e.message).toMatch(/unknown column group "nope"/);
  });
});
