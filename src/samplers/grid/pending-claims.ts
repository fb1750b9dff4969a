/** How long a trial let through by `isExhausted` is expected to take to reach `beforeTrial`. */
export const PENDING_TTL_MS = 2000;

/** The let-throughs of one study, oldest first. */
interface StudyPending {
  /** When each let-through stops counting (milliseconds since the epoch), ascending. */
  readonly deadlines: number[];
  /** Bumped by every {@link PendingClaims.settle}, so a reader can tell its read raced a local claim. */
  generation: number;
  readonly waiters: Set<() => void>;
}

/**
 * This process's trials that `isExhausted` let through and that have not claimed their grid point yet,
 * per study. `optimize` asks `isExhausted`, then claims a trial, then runs `beforeTrial`, with awaits in
 * between; without this count, concurrent loops would all see the last free point and start more trials
 * than there are points. A let-through that never reaches `beforeTrial` (the loop stopped, or `maxTrials`
 * was reached in between) stops counting after `ttlMs`.
 * @example
 * const pending = new PendingClaims();
 * if (free > pending.count("s")) pending.add("s"); // let one trial through
 * pending.settle("s"); // in beforeTrial, after claiming
 */
export class PendingClaims {
  private readonly studies = new Map<string, StudyPending>();

  constructor(
    private readonly ttlMs = PENDING_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Live let-throughs of `study`. */
  count(study: string): number {
    const s = this.studies.get(study);
    if (s === undefined) return 0;
    const now = this.now();
    while (s.deadlines.length > 0 && (s.deadlines[0] as number) <= now) s.deadlines.shift();
    return s.deadlines.length;
  }

  /** Counts one more trial let through. */
  add(study: string): void {
    this.entry(study).deadlines.push(this.now() + this.ttlMs);
  }

  /** A trial reached `beforeTrial` and claimed (or failed to): the oldest let-through is done. */
  settle(study: string): void {
    const s = this.entry(study);
    s.deadlines.shift();
    s.generation++;
    for (const wake of [...s.waiters]) wake();
  }

  /** Changes at every {@link PendingClaims.settle} of `study`. */
  generation(study: string): number {
    return this.studies.get(study)?.generation ?? 0;
  }

  /** Resolves at the next settle of `study`, or when its oldest let-through expires. */
  changed(study: string): Promise<void> {
    const s = this.entry(study);
    return new Promise((resolve) => {
      const first = s.deadlines[0];
      const wake = () => {
        clearTimeout(timer);
        s.waiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, first === undefined ? 0 : Math.max(0, first - this.now()));
      s.waiters.add(wake);
    });
  }

  private entry(study: string): StudyPending {
    let s = this.studies.get(study);
    if (s === undefined) {
      s = { deadlines: [], generation: 0, waiters: new Set() };
      this.studies.set(study, s);
    }
    return s;
  }
}
