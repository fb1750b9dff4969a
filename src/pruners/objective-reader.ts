import { InvalidArgumentError } from "../errors.js";
import type { StudyView } from "../study/study-view.js";
import type { Direction, IntermediateValue } from "../trial/frozen-trial.js";
import type { ResolvedObjectiveOptions } from "./options.js";
import { scalarReport } from "./pruner.js";

/**
 * Reads the objective a pruner acts on out of reports, turned into minimized numbers (a maximized
 * objective is negated), so every pruner compares "smaller is better". Built per `prune` call from the
 * pruner's objective options and the study, because directions come from the study.
 * @example
 * const reader = ObjectiveReader.of("MedianPruner", objective, ctx.study);
 * reader.score({ loss: 0.3, acc: 0.9 }); // 0.3 for objective "loss" on a minimized study
 */
export class ObjectiveReader {
  private paretoSigns: Float64Array | null = null;

  private constructor(
    private readonly pruner: string,
    private readonly options: ResolvedObjectiveOptions,
    private readonly study: StudyView,
    private readonly sign: number,
    /** The index into a trial's `values` that holds this objective, or null when it is not one of them. */
    readonly objectiveIndex: number | null,
  ) {}

  /**
   * The reader for `options` over `study`. For a single objective it resolves the direction now and
   * throws `InvalidArgumentError` when neither the study nor the options give one.
   */
  static of(pruner: string, options: ResolvedObjectiveOptions, study: StudyView): ObjectiveReader {
    const target = options.objective;
    if (target === "pareto") return new ObjectiveReader(pruner, options, study, 1, null);
    const index = objectiveIndex(target, study);
    const direction = options.direction ?? (index === null ? undefined : study.directions[index]);
    if (direction === undefined) {
      const known = study.metricNames === null ? "none" : study.metricNames.map((n) => `"${n}"`).join(", ");
      throw new InvalidArgumentError(
        `${pruner}: the study has no objective ${JSON.stringify(target)} (it has ${study.directions.length} objective(s); metric names: ${known}), so the direction to prune on is unknown. Pass direction: "minimize" or "maximize".`,
        { name: "direction", value: target },
      );
    }
    return new ObjectiveReader(pruner, options, study, direction === "maximize" ? -1 : 1, index);
  }

  /** Whether the pruner ranks whole reports by non-dominated sorting. */
  get isPareto(): boolean {
    return this.options.objective === "pareto";
  }

  /** The minimized value of the chosen objective in `value`; NaN when the report lacks it. */
  score(value: IntermediateValue): number {
    return this.sign * scalarReport(value, this.options.objective as number | string);
  }

  /**
   * The chosen objective's raw value (before minimizing): one number, or for "pareto" the whole point.
   * Reading it back through {@link score} or {@link point} gives the minimized form.
   */
  raw(value: IntermediateValue): number | number[] {
    return this.isPareto
      ? rawPoint(value, this.study.metricNames)
      : scalarReport(value, this.options.objective as number | string);
  }

  /**
   * The whole report as a minimized point (objective "pareto"): a number as a 1-element point, a vector
   * as is, named values in the study's metric-name order when every name is present, else by name.
   */
  point(value: IntermediateValue): number[] {
    const raw = rawPoint(value, this.study.metricNames);
    const signs = this.signsFor(raw.length);
    for (let k = 0; k < raw.length; k++) raw[k] = (raw[k] as number) * (signs[k] as number);
    return raw;
  }

  private signsFor(length: number): Float64Array {
    if (this.paretoSigns !== null && this.paretoSigns.length === length) return this.paretoSigns;
    const given = this.options.directions;
    const directions: readonly Direction[] | null =
      given !== null
        ? given.length === length
          ? given
          : null
        : this.study.directions.length === length
          ? this.study.directions
          : null;
    if (directions === null) {
      throw new InvalidArgumentError(
        `${this.pruner}: objective "pareto" ranks reports of ${length} value(s), but ${given !== null ? `directions has ${given.length}` : `the study has ${this.study.directions.length} direction(s)`}. Pass directions with one entry per reported value.`,
        { name: "directions", value: given ?? this.study.directions },
      );
    }
    this.paretoSigns = Float64Array.from(directions, (d) => (d === "maximize" ? -1 : 1));
    return this.paretoSigns;
  }
}

function objectiveIndex(target: number | string, study: StudyView): number | null {
  if (typeof target === "number") return target < study.directions.length ? target : null;
  const at = study.metricNames?.indexOf(target) ?? -1;
  return at >= 0 ? at : null;
}

function rawPoint(value: IntermediateValue, metricNames: readonly string[] | null): number[] {
  if (typeof value === "number") return [value];
  if (Array.isArray(value)) return [...(value as readonly number[])];
  const named = value as Readonly<Record<string, number>>;
  if (metricNames?.every((n) => Object.hasOwn(named, n))) {
    return metricNames.map((n) => named[n] as number);
  }
  return Object.keys(named)
    .sort()
    .map((n) => named[n] as number);
}
