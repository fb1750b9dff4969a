import pc from "picocolors";
import {
  type Direction,
  type FrozenTrial,
  IMPORTANCE_EVALUATOR_NAMES,
  InvalidArgumentError,
  importanceEvaluator,
  loadStudy,
  openStorage,
  paramImportances,
  rankedImportances,
} from "../../index.js";
import { storageUrl } from "../storage-option.js";
import { printJson, printLines, table } from "../terminal.js";

/** The targets `--target` accepts besides the objectives. */
export const IMPORTANCE_TARGETS = ["duration"] as const;

/** What importance is computed for: an objective, or the trials' duration. */
interface Target {
  readonly name: string;
  readonly direction: Direction;
  readonly value: (trial: FrozenTrial) => number;
}

/** Width of the longest bar, in characters. */
const BAR_WIDTH = 30;

/**
 * `tunekit importance --study NAME`: how much each parameter mattered, per objective (or for one
 * objective, or the trials' duration), as a ranked table with bars or as JSON.
 */
export async function importanceCommand(options: {
  readonly study: string;
  readonly storage?: string;
  readonly evaluator?: string;
  readonly objective?: string;
  readonly target?: string;
  readonly params?: string;
  readonly seed?: number;
  readonly json?: boolean;
}): Promise<number> {
  const evaluatorName = options.evaluator ?? (IMPORTANCE_EVALUATOR_NAMES[0] as string);
  const evaluator = importanceEvaluator(
    evaluatorName,
    options.seed === undefined ? {} : { seed: options.seed },
  );
  const params = options.params?.split(",").map((p) => p.trim());
  if (options.target !== undefined && !(IMPORTANCE_TARGETS as readonly string[]).includes(options.target)) {
    throw new InvalidArgumentError(
      `--target must be one of ${IMPORTANCE_TARGETS.join(", ")}, but got "${options.target}". Choose an objective with --objective.`,
      { name: "target", value: options.target },
    );
  }
  if (options.target !== undefined && options.objective !== undefined) {
    throw new InvalidArgumentError("Give --objective or --target, not both.", { name: "target" });
  }
  const storage = await openStorage(storageUrl(options.storage), { readOnly: true });
  try {
    const study = await loadStudy({ studyName: options.study, storage });
    const trials = study.trials;
    const targets = chooseTargets(study.directions, study.metricNames, options);
    const results = targets.map((target) => ({
      target: target.name,
      direction: target.direction,
      trials: trials.filter((t) => t.state === "COMPLETE" && Number.isFinite(target.value(t))).length,
      importances: rankedImportances(
        paramImportances(trials, study.directions, {
          evaluator,
          target: target.value,
          targetName: target.name,
          targetDirection: target.direction,
          ...(params === undefined ? {} : { params }),
        }),
      ),
    }));
    if (options.json) {
      printJson({ study: study.studyName, evaluator: evaluator.name, results });
      return 0;
    }
    const lines: string[] = [];
    for (const r of results) {
      if (lines.length > 0) lines.push("");
      lines.push(
        `Importance for ${r.target} (${r.direction}) by ${evaluator.name}, over ${r.trials} complete trial${r.trials === 1 ? "" : "s"}:`,
      );
      const top = Math.max(...r.importances.map((i) => i.importance), 0);
      lines.push(
        ...table(
          ["rank", "parameter", "importance", ""],
          r.importances.map((i, k) => [
            String(k + 1),
            i.param,
            i.importance.toFixed(4),
            bar(i.importance, top),
          ]),
        ),
      );
    }
    printLines(lines);
    return 0;
  } finally {
    await storage.close();
  }
}

function chooseTargets(
  directions: readonly Direction[],
  metricNames: readonly string[] | null,
  options: { readonly objective?: string; readonly target?: string },
): Target[] {
  if (options.target === "duration") {
    return [
      {
        name: "duration",
        direction: "minimize",
        value: (t) =>
          t.startedAt === null || t.completedAt === null ? Number.NaN : (t.completedAt - t.startedAt) / 1000,
      },
    ];
  }
  const names = directions.map((_, k) => metricNames?.[k] ?? `value ${k}`);
  const objective = (k: number): Target => ({
    name: names[k] as string,
    direction: directions[k] as Direction,
    value: (t) => t.values?.[k] ?? Number.NaN,
  });
  if (options.objective === undefined) return directions.map((_, k) => objective(k));
  const raw = options.objective;
  const byName = names.indexOf(raw);
  const k = byName >= 0 ? byName : /^\d+$/.test(raw) ? Number(raw) : -1;
  if (k < 0 || k >= directions.length) {
    throw new InvalidArgumentError(
      `--objective must be an objective's index (0 to ${directions.length - 1}) or name (${names.join(", ")}), but got "${raw}".`,
      { name: "objective", value: raw },
    );
  }
  return [objective(k)];
}

/** A bar of `importance` relative to the largest, in eighths of a character. */
function bar(importance: number, top: number): string {
  if (!(top > 0)) return "";
  const eighths = Math.round((importance / top) * BAR_WIDTH * 8);
  const partial = eighths % 8 === 0 ? "" : ("▏▎▍▌▋▊▉"[(eighths % 8) - 1] as string);
  return pc.cyan("█".repeat(Math.floor(eighths / 8)) + partial);
}
