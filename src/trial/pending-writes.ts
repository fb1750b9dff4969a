import type { Distribution, ParamValue } from "../search-space/distribution.js";
import type { TrialPatch } from "../storage/storage.js";
import type { IntermediateValue, JsonValue } from "./frozen-trial.js";
import { mergeIntermediate } from "./intermediate.js";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * A running trial's writes not yet sent to storage. Maps are created on first use, so a trial that only
 * suggests allocates one map pair, and `take()` hands over exactly what was written. They have no
 * prototype, so any name ("constructor", "__proto__") is stored as an ordinary key.
 * @example
 * pending.param("x", 1, dist); const patch = pending.take();
 */
export class PendingWrites {
  private patch: Mutable<TrialPatch> & {
    params?: Record<string, ParamValue>;
    distributions?: Record<string, Distribution>;
    intermediateValues?: Record<number, IntermediateValue>;
    constraints?: Record<string, number>;
    userAttrs?: Record<string, JsonValue>;
  } = {};
  private dirty = false;

  /** Whether anything is waiting to be written. */
  get isDirty(): boolean {
    return this.dirty;
  }

  /** Buffered user attributes (for reads before the flush). */
  get userAttrs(): Readonly<Record<string, JsonValue>> {
    return this.patch.userAttrs ?? {};
  }

  /** Buffered reports by step, if any. */
  get reports(): Readonly<Record<number, IntermediateValue>> | undefined {
    return this.patch.intermediateValues;
  }

  /** The buffer's map under `key`, created on first use; marks the buffer dirty. */
  private map<K extends "params" | "distributions" | "intermediateValues" | "constraints" | "userAttrs">(
    key: K,
  ): NonNullable<(typeof this.patch)[K]> {
    let m = this.patch[key];
    if (m === undefined) {
      m = Object.create(null) as NonNullable<(typeof this.patch)[K]>;
      this.patch[key] = m;
    }
    this.dirty = true;
    return m as NonNullable<(typeof this.patch)[K]>;
  }

  /** Buffers a suggested parameter. */
  param(name: string, value: ParamValue, dist: Distribution): void {
    this.map("params")[name] = value;
    this.map("distributions")[name] = dist;
  }

  /** Buffers a report, merging named values reported twice at one step. */
  report(step: number, value: IntermediateValue): void {
    const reports = this.map("intermediateValues");
    reports[step] = mergeIntermediate(reports[step], value);
  }

  /** Buffers a constraint value. */
  constraint(name: string, value: number): void {
    this.map("constraints")[name] = value;
  }

  /** Buffers a user attribute. */
  userAttr(key: string, value: JsonValue): void {
    this.map("userAttrs")[key] = value;
  }

  /** Whether a suggested parameter is waiting to be written. */
  get hasParams(): boolean {
    return this.patch.params !== undefined;
  }

  /** Everything buffered, as one storage patch; the buffer is empty afterwards. */
  take(): TrialPatch {
    const patch = this.patch;
    this.patch = {};
    this.dirty = false;
    return patch;
  }

  /**
   * Puts back a patch taken earlier whose write failed, under anything buffered since (the newer write
   * wins per name and per step; named reports at one step merge), so the next write carries both.
   * @example
   * const patch = pending.take(); try { await write(patch); } catch { pending.restore(patch); }
   */
  restore(older: TrialPatch): void {
    for (const key of ["params", "distributions", "constraints", "userAttrs"] as const) {
      const from = older[key];
      if (from === undefined) continue;
      const into = this.map(key) as Record<string, unknown>;
      for (const name in from)
        if (!Object.hasOwn(into, name)) into[name] = (from as Record<string, unknown>)[name];
    }
    const reports = older.intermediateValues;
    if (reports !== undefined) {
      const into = this.map("intermediateValues");
      for (const step in reports) {
        const value = reports[step as unknown as number] as IntermediateValue;
        const newer = into[step as unknown as number];
        into[step as unknown as number] = newer === undefined ? value : mergeIntermediate(value, newer);
      }
    }
  }
}
