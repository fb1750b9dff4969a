import { formatSearchBudget, loadStudy, openStorage, paramsAtEdge, searchBudget } from "../../index.js";
import { storageUrl } from "../storage-option.js";
import { formatNumber, printJson, printLines } from "../terminal.js";

/**
 * `tunekit best --study NAME`: the best trial (the Pareto front for several objectives) with the search
 * budget that found it, and a warning for each float/int parameter of the best trial at an edge of its
 * range.
 */
export async function bestCommand(options: {
  readonly study: string;
  readonly storage?: string;
  readonly json?: boolean;
}): Promise<number> {
  const storage = await openStorage(storageUrl(options.storage), { readOnly: true });
  try {
    const study = await loadStudy({ studyName: options.study, storage });
    const budget = searchBudget(study.trials);
    const metrics = study.metricNames ?? study.directions.map((_, i) => `value ${i}`);
    const front = study.bestTrials;
    const single = study.directions.length === 1;
    const edges = single && front[0] !== undefined ? paramsAtEdge(front[0]) : [];
    const warnings = edges.map(
      (p) =>
        `${p.name} = ${formatNumber(p.value)} lies at the ${p.edge} edge of its range: the optimum may lie outside; consider widening it.`,
    );
    if (options.json) {
      const trial = (t: (typeof front)[number]) => ({
        number: t.number,
        values: t.values,
        params: t.params,
        userAttrs: t.userAttrs,
        logPath: t.systemAttrs.logPath ?? null,
      });
      printJson({
        study: study.studyName,
        directions: study.directions,
        metricNames: study.metricNames,
        ...(single
          ? { best: front[0] === undefined ? null : trial(front[0]) }
          : { paretoFront: front.map(trial) }),
        budget,
        warnings,
      });
      return front.length === 0 ? 1 : 0;
    }
    const lines: string[] = [];
    if (front.length === 0) lines.push(`Study "${study.studyName}" has no complete feasible trial yet.`);
    else if (!single) lines.push(`Pareto front of study "${study.studyName}" (${front.length} trials):`);
    for (const t of front) {
      lines.push(
        `${single ? "Best trial" : "  trial"} ${t.number}: ${metrics.map((m, i) => `${m} = ${formatNumber(t.values?.[i])}`).join(", ")}`,
      );
      for (const [name, value] of Object.entries(t.params))
        lines.push(`    ${name} = ${JSON.stringify(value)}`);
      if (typeof t.systemAttrs.logPath === "string") lines.push(`    log: ${t.systemAttrs.logPath}`);
    }
    for (const w of warnings) lines.push(`Warning: ${w}`);
    lines.push(`Search budget: ${formatSearchBudget(budget)}.`);
    printLines(lines);
    return front.length === 0 ? 1 : 0;
  } finally {
    await storage.close();
  }
}
