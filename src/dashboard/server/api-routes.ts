/**
 * The JSON API under /api/studies. Paths are split and decoded segment by segment (a study name may hold
 * `/`, spaces, quotes or markup: the client encodes it as one segment with `studySegment`).
 */
import {
  IMPORTANCE_EVALUATOR_NAMES,
  type ImportanceEvaluatorName,
  isImportanceEvaluatorName,
} from "../../core.js";
import { studyFromSegment } from "../study-segment.js";
import { ApiRequestError, invalidQuery } from "./api-error.js";
import type { ImportanceCache } from "./importance-cache.js";
import { contourPlot } from "./plots/contour.js";
import { edfPlot } from "./plots/edf.js";
import { historyPlot } from "./plots/history.js";
import { intermediatePlot, resolveSeries } from "./plots/intermediate.js";
import { parallelPlot } from "./plots/parallel.js";
import { paretoPlot } from "./plots/pareto.js";
import { slicePlot } from "./plots/slice.js";
import { timelinePlot } from "./plots/timeline.js";
import type { StudyCache } from "./study-cache.js";
import { ABSENT, type ParamColumn, type StudyColumns } from "./study-columns.js";
import { studyListItem, studyResponse, trialDetail } from "./study-views.js";
import { parseTrialsQuery, queryTrials } from "./trials-query.js";

type Query = Readonly<Record<string, string | undefined>>;

/** The plots GET /api/studies/:name/plots/:kind serves. */
export const PLOT_KINDS = [
  "history",
  "intermediate",
  "parallel",
  "slice",
  "contour",
  "edf",
  "timeline",
  "pareto",
] as const;

function objectiveOf(columns: StudyColumns, raw: string | undefined): number {
  if (raw === undefined) return 0;
  const k = Number(raw);
  if (raw.trim() === "" || !Number.isInteger(k) || k < 0 || k >= columns.m) {
    throw invalidQuery("objective", `must be an integer from 0 to ${columns.m - 1}`, raw);
  }
  return k;
}

function paramOf(columns: StudyColumns, q: Query, name: string): ParamColumn {
  const raw = q[name];
  const known = [...columns.params.values()].filter((p) => p.distribution !== null);
  const list =
    known
      .map((p) => p.name)
      .sort()
      .join(", ") || "none";
  if (raw === undefined || raw === "")
    throw invalidQuery(name, `must name a parameter (the study has: ${list})`, "");
  const column = columns.params.get(raw);
  if (column === undefined || column.distribution === null) {
    throw invalidQuery(name, `must name a parameter of the study (${list})`, raw);
  }
  return column;
}

function plot(columns: StudyColumns, kind: string, q: Query): unknown {
  switch (kind) {
    case "history":
      return historyPlot(columns, { objective: objectiveOf(columns, q.objective) });
    case "intermediate":
      return intermediatePlot(columns, { series: resolveSeries(columns, q.objective) });
    case "parallel":
      return parallelPlot(columns, { objective: objectiveOf(columns, q.objective) });
    case "slice":
      return slicePlot(columns, {
        param: paramOf(columns, q, "param"),
        objective: objectiveOf(columns, q.objective),
      });
    case "contour": {
      const x = paramOf(columns, q, "x");
      const y = paramOf(columns, q, "y");
      if (x === y) throw invalidQuery("y", "must differ from x", q.y ?? "");
      return contourPlot(columns, { x, y, objective: objectiveOf(columns, q.objective) });
    }
    case "edf":
      return edfPlot(columns, { objective: objectiveOf(columns, q.objective) });
    case "timeline":
      return timelinePlot(columns, {});
    case "pareto":
      if (columns.m < 2 || columns.m > 3) {
        throw new ApiRequestError(
          400,
          "invalid-query",
          `The Pareto plot needs a study with 2 or 3 objectives; "${columns.study.name}" has ${columns.m}.`,
        );
      }
      return paretoPlot(columns, {});
    default:
      throw new ApiRequestError(404, "not-found", `No plot "${kind}". Plots: ${PLOT_KINDS.join(", ")}.`);
  }
}

/** The evaluator `importance?evaluator=` names, or the default (the first). */
function evaluatorOf(raw: string | undefined): ImportanceEvaluatorName {
  if (raw === undefined) return IMPORTANCE_EVALUATOR_NAMES[0] as ImportanceEvaluatorName;
  if (!isImportanceEvaluatorName(raw)) {
    throw invalidQuery("evaluator", `must be one of ${IMPORTANCE_EVALUATOR_NAMES.join(", ")}`, raw);
  }
  return raw;
}

function decodeSegments(pathname: string): string[] {
  return pathname
    .split("/")
    .filter((s) => s !== "")
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        throw new ApiRequestError(
          400,
          "invalid-path",
          `The path segment "${s}" is not valid percent-encoding.`,
        );
      }
    });
}

async function studyOf(cache: StudyCache, name: string): Promise<StudyColumns> {
  const columns = await cache.study(name);
  if (columns === null) {
    throw new ApiRequestError(
      404,
      "study-not-found",
      `No study named ${JSON.stringify(name)}. Encode the name as one path segment (encodeURIComponent, with a "~" in front of "." and ".." and of names starting with "~"); GET /api/studies lists the studies.`,
    );
  }
  return columns;
}

async function trialOf(cache: StudyCache, columns: StudyColumns, raw: string): Promise<unknown> {
  const number = Number(raw);
  const missing = () =>
    new ApiRequestError(
      404,
      "trial-not-found",
      `Study ${JSON.stringify(columns.study.name)} has no trial number ${JSON.stringify(raw)} (numbers run from 0 to ${columns.n - 1}).`,
    );
  if (!/^\d+$/.test(raw) || number >= columns.n || columns.state[number] === ABSENT) throw missing();
  const trial = await cache.storage.getTrial(columns.trialId[number] as number);
  if (trial === null) throw missing();
  return trialDetail(trial);
}

/** What the API answers from: the trials and the importances computed on them. */
export interface ApiSources {
  readonly cache: StudyCache;
  readonly importance: ImportanceCache;
}

/**
 * Answers a GET under /api/studies; `pathname` still percent-encoded.
 * @throws ApiRequestError for unknown paths, studies, trials and bad query parameters.
 * @example
 * await apiGet(sources, "/api/studies/my%2Fstudy/plots/history", { objective: "0" });
 */
export async function apiGet(sources: ApiSources, pathname: string, q: Query): Promise<unknown> {
  const { cache } = sources;
  const segments = decodeSegments(pathname);
  const [api, studies, segment, sub, arg, ...extra] = segments;
  if (api !== "api" || studies !== "studies" || extra.length > 0) throw notFound(pathname);
  if (segment === undefined) return { studies: (await cache.studies()).map(studyListItem) };
  const name = studyFromSegment(segment);
  const columns = await studyOf(cache, name);
  if (sub === undefined) return studyResponse(columns, cache.progress(name));
  if (sub === "trials" && arg === undefined) return queryTrials(columns, parseTrialsQuery(columns, q));
  if (sub === "trials" && arg !== undefined) return trialOf(cache, columns, arg);
  if (sub === "plots" && arg !== undefined) return plot(columns, arg, q);
  if (sub === "importance" && arg === undefined) {
    const evaluator = evaluatorOf(q.evaluator);
    return sources.importance.get(columns, objectiveOf(columns, q.objective), evaluator);
  }
  throw notFound(pathname);
}

function notFound(pathname: string): ApiRequestError {
  return new ApiRequestError(404, "not-found", `No API endpoint at ${JSON.stringify(pathname)}.`);
}
