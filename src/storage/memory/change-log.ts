/**
 * The change log of one study: which trial each write touched, in seq order. Answers "trials changed
 * since seq N" in O(log n + changes), and compacts itself so it stays proportional to the trial count.
 * @example
 * const log = new ChangeLog((n) => trials[n].seq);
 * log.append(seq, number, trials.length);
 * log.changedSince(cursor); // ascending trial numbers
 * log.pageSince(cursor, 100); // up to 100 trial numbers in seq order
 */
export class ChangeLog {
  private seqs: number[] = [];
  private numbers: number[] = [];

  /** @param latestSeq the seq of the current version of the trial with this number. */
  constructor(private readonly latestSeq: (num: number) => number) {}

  /** Records that the trial `num` was written with `seq`, larger than every seq appended before. */
  append(seq: number, num: number, trialCount: number): void {
    this.seqs.push(seq);
    this.numbers.push(num);
    // Superseded entries are dead weight; dropping them when they outnumber live ones keeps appends O(1)
    // amortised and the log at most ~2 entries per trial.
    if (this.seqs.length > 2 * trialCount + 1024) this.compact();
  }

  /** Numbers of the trials whose latest write has a seq above `cursor`, ascending, each once. */
  changedSince(cursor: number): number[] {
    const out: number[] = [];
    for (let i = this.firstAfter(cursor); i < this.seqs.length; i++) {
      const num = this.numbers[i] as number;
      if (this.seqs[i] === this.latestSeq(num)) out.push(num);
    }
    return out.sort((a, b) => a - b);
  }

  /**
   * At most `limit` numbers of the trials whose latest write has a seq above `cursor`, in seq order, each
   * once; `lastSeq` is the seq of the last one returned and `more` whether further ones remain.
   */
  pageSince(cursor: number, limit: number): { numbers: number[]; lastSeq: number; more: boolean } {
    const out: number[] = [];
    let lastSeq = cursor;
    for (let i = this.firstAfter(cursor); i < this.seqs.length; i++) {
      const num = this.numbers[i] as number;
      const seq = this.seqs[i] as number;
      if (seq !== this.latestSeq(num)) continue;
      if (out.length === limit) return { numbers: out, lastSeq, more: true };
      out.push(num);
      lastSeq = seq;
    }
    return { numbers: out, lastSeq, more: false };
  }

  /** How many entries the log holds (for tests of its bound). */
  get size(): number {
    return this.seqs.length;
  }

  /** The index of the first entry with a seq above `cursor` (binary search: seqs ascend). */
  private firstAfter(cursor: number): number {
    let lo = 0;
    let hi = this.seqs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.seqs[mid] as number) > cursor) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  private compact(): void {
    const seqs: number[] = [];
    const numbers: number[] = [];
    for (let i = 0; i < this.seqs.length; i++) {
      const num = this.numbers[i] as number;
      const seq = this.seqs[i] as number;
      if (seq === this.latestSeq(num)) {
        seqs.push(seq);
        numbers.push(num);
      }
    }
    this.seqs = seqs;
    this.numbers = numbers;
  }
}
