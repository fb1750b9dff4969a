/** The Pareto-front payload for two or three objectives. */
import { paretoFrontIndices } from "../../../core.js";
import { MAX_PLOT_POINTS, type ParetoPlot } from "../../api-types.js";
import { STATE, type StudyColumns } from "../study-columns.js";
import { evenIndices } from "./sampling.js";

type Point = ParetoPlot["front"][number];

/**
 * COMPLETE trials with all values finite, split into the Pareto front of the feasible ones and the
 * others (infeasible trials are never on the front). Front points are kept first (evenly thinned only if
 * the front alone exceeds `cap`), the others evenly spread over trial numbers in the remaining room.
 * @example
 * paretoPlot(columns, {}).front.map((p) => p.number);
 */
export function paretoPlot(columns: StudyColumns, { cap = MAX_PLOT_POINTS }: { cap?: number }): ParetoPlot {
  const { m } = columns;
  const rows: number[] = [];
  for (let i = 0; i < columns.n; i++) {
    if (columns.state[i] !== STATE.COMPLETE || columns.hasValues[i] !== 1) continue;
    let finite = true;
    for (let k = 0; k < m; k++) finite &&= Number.isFinite(columns.values[i * m + k] as number);
    if (finite) rows.push(i);
  }
  const feasible = rows.filter((i) => columns.feasible[i] !== 0);
  const onFront = new Set(
    columns.memoise("pareto", () =>
      paretoFrontIndices(
        feasible.map((i) => columns.values.subarray(i * m, i * m + m)),
        columns.directions,
      ).map((j) => feasible[j] as number),
    ),
  );
  const front = rows.filter((i) => onFront.has(i));
  const others = rows.filter((i) => !onFront.has(i));
  const frontKept = evenIndices(front.length, cap).map((j) => front[j] as number);
  const othersKept = evenIndices(others.length, cap - frontKept.length).map((j) => others[j] as number);
  const point = (i: number): Point => ({
    number: i,
    values: Array.from(columns.values.subarray(i * m, i * m + m)),
    feasible: columns.feasible[i] !== 0,
  });
  return {
    objectiveNames: columns.objectiveNames,
    directions: columns.directions,
    front: frontKept.map(point),
    others: othersKept.map(point),
    total: rows.length,
    sampled: frontKept.length + othersKept.length < rows.length,
  };
}
