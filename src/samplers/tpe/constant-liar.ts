/**
 * What this process proposed for trials still running (for the constant liar, and so TPE's
 * `avoidDuplicates` sees configurations being tried). A running trial's
 * parameters reach the study snapshot only when its worker flushes them (at `shouldPrune()`, `flush()`
 * or `tell`), so trials of other processes are seen through the snapshot, while trials of this process
 * are seen here from the moment the sampler proposed their values. Entries go when the trial finishes
 * (the sampler's `afterTrial`); a cap bounds the memory if trials are abandoned.
 */
export class InFlightProposals {
  private readonly byTrial = new Map<string, Map<string, number>>();

  constructor(private readonly capacity = 4096) {}

  /** Notes that `name` was proposed as `internal` for trial `number` of `study`. */
  remember(study: string, number: number, name: string, internal: number): void {
    const key = keyOf(study, number);
    let params = this.byTrial.get(key);
    if (params === undefined) {
      if (this.byTrial.size >= this.capacity) {
        const oldest = this.byTrial.keys().next().value;
        if (oldest !== undefined) this.byTrial.delete(oldest);
      }
      params = new Map();
      this.byTrial.set(key, params);
    }
    params.set(name, internal);
  }

  /** The value proposed for `name` in trial `number`, if this process proposed one. */
  valueOf(study: string, number: number, name: string): number | undefined {
    return this.byTrial.get(keyOf(study, number))?.get(name);
  }

  /** Every value proposed for trial `number`, by name, if this process proposed any. */
  proposals(study: string, number: number): ReadonlyMap<string, number> | undefined {
    return this.byTrial.get(keyOf(study, number));
  }

  /** Drops trial `number` (it finished). */
  forget(study: string, number: number): void {
    this.byTrial.delete(keyOf(study, number));
  }

  /** Number of trials remembered. */
  get size(): number {
    return this.byTrial.size;
  }
}

function keyOf(study: string, number: number): string {
  return `${number}\u0000${study}`;
}
