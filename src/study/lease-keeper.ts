import { log } from "../logging/logger.js";
import type { LeaseSettings, Storage } from "../storage/storage.js";
import type { Trial } from "../trial/trial.js";

/**
 * Holds the leases of the trials an `optimize` loop runs: beats for them while they run, so other workers
 * do not take them for lost, and writes their buffered params and reports on each beat, so a worker that
 * dies loses as little as possible.
 */
export interface LeaseKeeper {
  /** Starts holding `trial`'s lease. */
  hold(trial: Trial): void;
  /** Stops holding it (the trial is finished). */
  release(trial: Trial): void;
  /** Resolves once beats can start (a heartbeat thread has opened its connection). */
  ready(): Promise<void>;
  /** Stops every beat. */
  close(): Promise<void>;
}

/** What a lease keeper is made from. */
export interface LeaseKeeperArgs {
  readonly storage: Storage;
  readonly lease: LeaseSettings;
}

/** Makes the lease keeper of one `optimize` call. */
export type LeaseKeeperFactory = (args: LeaseKeeperArgs) => LeaseKeeper;

/**
 * The platform-free keeper: a timer on this thread that, every `heartbeatSeconds`, flushes each held
 * trial's buffered writes and extends the leases to now + `graceSeconds`. It cannot beat while an
 * objective blocks the event loop; the Node entry adds a heartbeat thread for that (`heartbeat: false`
 * then leaves only the flushing here).
 * @example
 * const keeper = timerLeaseKeeper({ storage, lease: { heartbeatSeconds: 5, graceSeconds: 30 } });
 */
export function timerLeaseKeeper(
  args: LeaseKeeperArgs,
  options: { readonly heartbeat?: boolean } = {},
): LeaseKeeper {
  const held = new Set<Trial>();
  let busy = false;
  const beat = async () => {
    if (busy || held.size === 0) return;
    busy = true;
    try {
      const trials = [...held];
      for (const trial of trials) {
        // A failed flush keeps its writes buffered for the next one: say so, lose nothing.
        await trial.flush().catch((error: unknown) => {
          log(
            "warning",
            `Trial ${trial.number}: writing its buffered params and reports failed (${error instanceof Error ? error.message : String(error)}); they stay buffered for its next write.`,
          );
        });
      }
      if (options.heartbeat !== false) {
        await args.storage.heartbeat(
          trials.map((t) => t.trialId),
          args.lease.graceSeconds,
        );
      }
    } catch (error) {
      log(
        "warning",
        `Heartbeat failed (${error instanceof Error ? error.message : String(error)}); retrying at the next beat.`,
      );
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void beat(), args.lease.heartbeatSeconds * 1000);
  (timer as { unref?: () => void }).unref?.();
  return {
    hold: (trial) => held.add(trial),
    release: (trial) => held.delete(trial),
    ready: async () => undefined,
    close: async () => clearInterval(timer),
  };
}

let factory: LeaseKeeperFactory = (args) => timerLeaseKeeper(args);

/**
 * Replaces how `optimize` keeps leases (the Node entry installs a heartbeat thread).
 * @example
 * setLeaseKeeperFactory((args) => timerLeaseKeeper(args));
 */
export function setLeaseKeeperFactory(next: LeaseKeeperFactory): void {
  factory = next;
}

/**
 * A keeper from the current factory.
 * @example
 * const keeper = createLeaseKeeper({ storage, lease });
 */
export function createLeaseKeeper(args: LeaseKeeperArgs): LeaseKeeper {
  return factory(args);
}
