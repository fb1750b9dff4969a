import type { Direction } from "../../core.js";
import { didYouMean } from "../../options/closest-name.js";
import { type FieldReader, given, type RawMap, received } from "./field-reader.js";
import type { Path } from "./issues.js";

const DIRECTIONS: readonly Direction[] = ["minimize", "maximize"];

/** What the program reports and what the study optimizes. */
export interface Objectives {
  readonly metrics: readonly string[];
  readonly directions: readonly Direction[];
  readonly constraints: readonly string[];
}

/**
 * Reads `metric` + `direction` (one objective) or `metrics` + `directions` (several, directions default
 * to minimize), and `constraints`. The two forms may not be mixed, and a name may not be both a metric
 * and a constraint, since the program reports both the same way.
 * @example
 * readObjectives(reader, { metric: "val_loss" }); // { metrics: ["val_loss"], directions: ["minimize"], constraints: [] }
 */
export function readObjectives(reader: FieldReader, raw: RawMap): Objectives | undefined {
  const before = reader.issues.count;
  const single = given(raw.metric);
  if (single && given(raw.metrics)) {
    reader.fail(
      ["metrics"],
      "cannot be given together with metric. Use metric for one objective, metrics for several.",
      "key",
    );
  }
  if (!single && !given(raw.metrics)) {
    reader.required(
      ["metric"],
      "is required: the metric the program reports, such as metric: val_loss (or metrics: [a, b] for several).",
    );
  }
  if (single && given(raw.directions)) {
    reader.fail(
      ["directions"],
      "goes with metrics; with one metric, use direction: minimize or maximize.",
      "key",
    );
  }
  if (given(raw.metrics) && given(raw.direction)) {
    reader.fail(
      ["direction"],
      "goes with metric; with metrics, use directions: [minimize, ...], one per metric.",
      "key",
    );
  }
  let metrics: string[] | undefined;
  let directions: Direction[] | undefined;
  if (single) {
    const metric = reader.string(["metric"], raw.metric);
    metrics = metric === undefined ? undefined : [metric];
    const direction = given(raw.direction) ? readDirection(reader, ["direction"], raw.direction) : "minimize";
    directions = direction === undefined ? undefined : [direction];
  } else if (given(raw.metrics)) {
    metrics = reader.names(["metrics"], raw.metrics);
    if (metrics?.length === 0) reader.fail(["metrics"], "must list at least one metric, such as [val_loss].");
    directions = metrics === undefined ? undefined : readDirections(reader, raw.directions, metrics.length);
  }
  const constraints = given(raw.constraints) ? reader.names(["constraints"], raw.constraints) : [];
  constraints?.forEach((name, i) => {
    if (metrics?.includes(name)) {
      reader.fail(
        ["constraints", i],
        `"${name}" is also a metric. A name is either a metric or a constraint; rename one.`,
      );
    }
  });
  if (
    reader.issues.count > before ||
    metrics === undefined ||
    directions === undefined ||
    constraints === undefined
  ) {
    return undefined;
  }
  return { metrics, directions, constraints };
}

function readDirection(reader: FieldReader, path: Path, raw: unknown): Direction | undefined {
  if (DIRECTIONS.includes(raw as Direction)) return raw as Direction;
  const short = raw === "min" || raw === "max" ? ` Did you mean "${raw}imize"?` : "";
  const hint = typeof raw === "string" && short === "" ? didYouMean(raw, DIRECTIONS) : short;
  return reader.fail(path, `must be minimize or maximize, but ${received(raw)}.${hint}`);
}

function readDirections(reader: FieldReader, raw: unknown, count: number): Direction[] | undefined {
  if (!given(raw)) return Array.from({ length: count }, () => "minimize");
  if (!Array.isArray(raw)) {
    return reader.fail(["directions"], `must be a list such as [minimize, maximize], but ${received(raw)}.`);
  }
  if (raw.length !== count) {
    return reader.fail(
      ["directions"],
      `must have one direction per metric (${count}), but has ${raw.length}. Add or remove directions.`,
    );
  }
  const directions = raw.map((d, i) => readDirection(reader, ["directions", i], d));
  return directions.every((d) => d !== undefined) ? (directions as Direction[]) : undefined;
}
