import type { JsonValue } from "../../index.js";
import type { ProtocolMessage } from "./protocol.js";

/** What a collector needs to know about the study and the sweep. */
export interface ReportCollectorOptions {
  /** The study's metric names, in objective order. */
  readonly metrics: readonly string[];
  /** The constraint names the sweep declares; each must be reported. */
  readonly constraints: readonly string[];
}

/** Why a trial's reports do not make a result. */
export type CollectedFailureCode = "missing-metric" | "nan-metric" | "missing-constraint";

/** A trial's result as its reports define it, or why there is none. */
export type CollectedResult =
  | {
      readonly ok: true;
      /** One value per study metric, in objective order (±Infinity allowed). */
      readonly values: number[];
      /** Every reported constraint (declared or not): reporting one is an explicit request to apply it. */
      readonly constraints: Record<string, number>;
      /** The union of every line's attrs; a later line's key replaces an earlier one's. */
      readonly attrs: Record<string, JsonValue>;
    }
  | { readonly ok: false; readonly code: CollectedFailureCode; readonly message: string };

/** An intermediate report: the value at one step, keyed by metric. */
export interface IntermediateReport {
  readonly step: number;
  /** The study's metrics first (in objective order), then the line's other metrics. */
  readonly value: Record<string, number>;
}

/**
 * Gathers a trial's protocol lines into its result. A value's last report wins, except that a `final`
 * line's value wins over any non-final one: a program may evaluate its best checkpoint after training
 * and say so, while a program that just prints as it goes needs no special line.
 * @example
 * const collector = new ReportCollector({ metrics: ["val_loss"], constraints: [] });
 * collector.add({ step: 1, final: false, metrics: { val_loss: 0.5 }, constraints: {}, attrs: {} });
 * collector.result(); // { ok: true, values: [0.5], constraints: {}, attrs: {} }
 */
export class ReportCollector {
  readonly #metrics: readonly string[];
  readonly #declared: readonly string[];
  readonly #last = new Map<string, number>();
  readonly #final = new Map<string, number>();
  readonly #lastConstraint = new Map<string, number>();
  readonly #finalConstraint = new Map<string, number>();
  readonly #attrs = new Map<string, JsonValue>();

  constructor(options: ReportCollectorOptions) {
    this.#metrics = [...options.metrics];
    this.#declared = [...options.constraints];
  }

  /** Records one protocol line. */
  add(message: ProtocolMessage): void {
    const metrics = message.final ? this.#final : this.#last;
    for (const [name, value] of Object.entries(message.metrics)) metrics.set(name, value);
    const constraints = message.final ? this.#finalConstraint : this.#lastConstraint;
    for (const [name, value] of Object.entries(message.constraints)) constraints.set(name, value);
    for (const [key, value] of Object.entries(message.attrs)) this.#attrs.set(key, value);
  }

  /** The result so far: the trial's values, constraints and attrs, or why they do not make a result. */
  result(): CollectedResult {
    const values: number[] = [];
    for (const name of this.#metrics) {
      const value = this.#final.get(name) ?? this.#last.get(name);
      if (value === undefined) {
        return {
          ok: false,
          code: "missing-metric",
          message: `the program never reported the metric ${JSON.stringify(name)}; print a line such as tunekit: {${JSON.stringify(name)}: 0.42}`,
        };
      }
      if (Number.isNaN(value)) {
        return {
          ok: false,
          code: "nan-metric",
          message: `the program reported NaN as the value of the metric ${JSON.stringify(name)}; a trial's result must be a number (±Infinity is allowed)`,
        };
      }
      values.push(value);
    }
    const constraints = new Map([...this.#lastConstraint, ...this.#finalConstraint]);
    const missing = this.#declared.find((name) => !constraints.has(name));
    if (missing !== undefined) {
      return {
        ok: false,
        code: "missing-constraint",
        message: `the program never reported the constraint ${JSON.stringify(missing)} the sweep declares; print a line such as tunekit: {"constraints": {${JSON.stringify(missing)}: -0.5}} (≤ 0 is feasible)`,
      };
    }
    return {
      ok: true,
      values,
      constraints: Object.fromEntries(constraints),
      attrs: Object.fromEntries(this.#attrs),
    };
  }

  /**
   * The intermediate value a step line reports, or null for a line without `step` or without metrics.
   * The study's metrics come first, so a pruner that reads the first named value reads the first metric
   * (unless a metric's name looks like an array index: JavaScript lists those keys first in any object).
   */
  intermediate(message: ProtocolMessage): IntermediateReport | null {
    if (message.step === null) return null;
    const own = new Set(this.#metrics);
    const names = [
      ...this.#metrics.filter((name) => Object.hasOwn(message.metrics, name)),
      ...Object.keys(message.metrics).filter((name) => !own.has(name)),
    ];
    if (names.length === 0) return null;
    return {
      step: message.step,
      value: Object.fromEntries(names.map((name) => [name, message.metrics[name] as number])),
    };
  }
}
