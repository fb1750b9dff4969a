import { TrialNotRunningError } from "../errors.js";
import { log } from "../logging/logger.js";
import type { LeaseSettings } from "../storage/storage.js";
import { retryCountOf, retryOfTrial } from "../storage/trial-transitions.js";
import type { FrozenTrial } from "../trial/frozen-trial.js";
import type { Trial } from "../trial/trial.js";
import { createLeaseKeeper, type LeaseKeeper } from "./lease-keeper.js";
import type { Study } from "./study.js";

/** The lease of loops on storages shared by processes, unless the study or `optimize` sets one. */
export const DEFAULT_LEASE: LeaseSettings = Object.freeze({ heartbeatSeconds: 10, graceSeconds: 60 });

/**
 * The lease settings an `optimize` call uses: its own option, else the study's, else
 * {@link DEFAULT_LEASE} on storages several processes share, else none.
 * @example
 * resolveLease(study, undefined); // { heartbeatSeconds: 10, graceSeconds: 60 } on SQLite
 */
export function resolveLease(study: Study, option: LeaseSettings | false | undefined): LeaseSettings | null {
  if (option === false) return null;
  return (
    option ?? study.studyRecord.lease ?? (study.storage.capabilities.multiProcess ? DEFAULT_LEASE : null)
  );
}

/**
 * What one `optimize` loop does about leases and retries: holds the leases of its running trials, marks
 * other workers' lost trials STALE (and re-enqueues them when the study retries) once per heartbeat,
 * re-enqueues its own interrupted trials, and recognises a result refused because its lease was lost.
 */
export class LeaseSession {
  private readonly keeper: LeaseKeeper | null;
  private lastReap = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly study: Study,
    readonly lease: LeaseSettings | null,
  ) {
    this.keeper = lease === null ? null : createLeaseKeeper({ storage: study.storage, lease });
  }

  /** The lease a claimed trial gets, in seconds, or null. */
  get leaseSeconds(): number | null {
    return this.lease?.graceSeconds ?? null;
  }

  private get maxRetries(): number {
    return this.study.studyRecord.retry?.maxRetries ?? 0;
  }

  /** At most once per heartbeat interval: marks trials of dead workers STALE (and retries them). */
  async reap(): Promise<void> {
    if (this.lease === null || Date.now() - this.lastReap < this.lease.heartbeatSeconds * 1000) return;
    this.lastReap = Date.now();
    const reaped = await this.study.storage.reapStaleTrials(this.study.studyId, {
      maxRetries: this.maxRetries,
    });
    for (const t of reaped) {
      log(
        "warning",
        `Trial ${t.number} lost its worker ${t.workerId} (no heartbeat for ${this.lease.graceSeconds} s): marked STALE${retryCountOf(t) < this.maxRetries ? " and enqueued again" : ""}.`,
      );
    }
  }

  /**
   * Called when the study's `maxTrials` is reached: while another worker's leased trial is still RUNNING
   * (it may belong to a dead worker, whose trial must be reaped and retried before the study is done),
   * waits about one heartbeat, reaps, and returns true so the caller tries to claim again (a retry of a
   * reaped trial is claimable). Returns false at once when no such trial is left, on storages without
   * leases, or once `signal` aborts. Trials of this process are not waited for: their loops finish them.
   */
  async othersMayFinishShort(signal: AbortSignal): Promise<boolean> {
    if (this.lease === null || signal.aborted) return false;
    const mine = this.study.liveTrials();
    const running = await this.study.getTrials({ states: ["RUNNING"] });
    const others = running.filter((t) => t.leaseExpiresAt !== null && !mine.has(t.number));
    if (others.length === 0) return false;
    await abortableSleep(this.lease.heartbeatSeconds * 1000, signal);
    if (signal.aborted) return false;
    await this.reap();
    return true;
  }

  hold(trial: Trial): void {
    this.keeper?.hold(trial);
  }

  release(trial: Trial): void {
    this.keeper?.release(trial);
  }

  /** After an interrupted trial is recorded: enqueue its parameters again when the study retries. */
  async retryInterrupted(record: FrozenTrial): Promise<void> {
    if (record.state !== "FAIL" || record.failReason?.code !== "interrupted") return;
    if (retryCountOf(record) >= this.maxRetries) return;
    await this.study.storage.createTrial(this.study.studyId, retryOfTrial(record));
  }

  /** Whether `error` is the refusal of a result for a trial that lost its lease (now STALE). */
  async lostLease(trial: Trial, error: unknown): Promise<boolean> {
    if (!(error instanceof TrialNotRunningError)) return false;
    const stored = await this.study.storage.getTrial(trial.trialId);
    if (stored?.state !== "STALE") return false;
    log(
      "warning",
      `Trial ${trial.number}: its lease was lost (marked STALE by another worker), so its result was not recorded.`,
    );
    return true;
  }

  /** Resolves once leases can be held (see `LeaseKeeper.ready`). */
  async ready(): Promise<void> {
    await this.keeper?.ready();
  }

  async close(): Promise<void> {
    await this.keeper?.close();
  }
}

/** Resolves after `ms`, or as soon as `signal` aborts. */
function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}
