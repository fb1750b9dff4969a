/**
 * tunekit/tfjs: pruning for TensorFlow.js training (`@tensorflow/tfjs`, an optional peer dependency of
 * tunekit). Not part of `tunekit` or `tunekit/core`: import it from "tunekit/tfjs" when you train with tf.js.
 */
import type { Logs } from "@tensorflow/tfjs";
import { Callback } from "@tensorflow/tfjs";
import { InvalidArgumentError, TrialPruned } from "../errors.js";
import { log } from "../logging/logger.js";
import type { Trial } from "../trial/trial.js";

/** Options of {@link pruningCallback}. */
export interface PruningCallbackOptions {
  /** The trial to report to. */
  readonly trial: Trial;
  /**
   * The metric in tf.js's epoch logs to report: "val_loss", "val_acc", "loss", "acc", or any other
   * metric the model logs (validation metrics need `validationData` or `validationSplit`). The study's
   * direction (or the pruner's) decides whether smaller or larger is better.
   */
  readonly monitor: string;
  /** Ask the pruner every this many epochs (default 1); every epoch is reported regardless. */
  readonly intervalEpochs?: number;
}

/**
 * A `model.fit` callback that reports `monitor` at the end of every epoch as `trial.report(value,
 * epoch)` and, when the trial's pruner says so, sets `model.stopTraining` so training ends after that
 * epoch (as Optuna's Keras integration does). `fit` then returns normally: call
 * {@link TfjsPruningCallback.throwIfPruned} after it, so the trial is recorded as PRUNED.
 */
export class TfjsPruningCallback extends Callback {
  private readonly trial: Trial;
  private readonly monitor: string;
  private readonly intervalEpochs: number;
  private prunedEpoch: number | null = null;
  private warnedMissing = false;

  constructor(options: PruningCallbackOptions) {
    super();
    if (options === null || typeof options !== "object" || typeof options.trial?.report !== "function") {
      throw new InvalidArgumentError(
        'pruningCallback(): options must be { trial, monitor }, with the Trial the objective received, e.g. pruningCallback({ trial, monitor: "val_loss" }).',
      );
    }
    if (typeof options.monitor !== "string" || options.monitor.length === 0) {
      throw new InvalidArgumentError(
        `pruningCallback(): monitor must name a metric of the epoch logs such as "val_loss" or "val_acc", but got ${JSON.stringify(options.monitor)}.`,
        { name: "monitor", value: options.monitor },
      );
    }
    const interval = options.intervalEpochs ?? 1;
    if (!Number.isInteger(interval) || interval < 1) {
      throw new InvalidArgumentError(
        `pruningCallback(): intervalEpochs must be an integer ≥ 1, but got ${interval}.`,
        { name: "intervalEpochs", value: interval },
      );
    }
    this.trial = options.trial;
    this.monitor = options.monitor;
    this.intervalEpochs = interval;
  }

  /** Whether the pruner stopped training. */
  get pruned(): boolean {
    return this.prunedEpoch !== null;
  }

  /** The epoch after which training was stopped, or null. */
  get epochPruned(): number | null {
    return this.prunedEpoch;
  }

  /**
   * Throws `TrialPruned` when the pruner stopped training; call it after `await model.fit(...)`.
   * @example
   * await model.fit(x, y, { epochs: 50, callbacks: [callback] });
   * callback.throwIfPruned();
   */
  throwIfPruned(): void {
    if (this.prunedEpoch !== null) {
      throw new TrialPruned(`Trial ${this.trial.number} was pruned after epoch ${this.prunedEpoch}.`);
    }
  }

  /** Reports the monitored metric, and every `intervalEpochs` epochs asks the pruner. */
  override async onEpochEnd(epoch: number, logs?: Logs): Promise<void> {
    const value = await metricValue(logs?.[this.monitor]);
    if (value === undefined) {
      if (!this.warnedMissing) {
        this.warnedMissing = true;
        const known = Object.keys(logs ?? {}).join(", ") || "none";
        log(
          "warning",
          `Trial ${this.trial.number}: the epoch logs have no metric "${this.monitor}" (they have: ${known}), so nothing is reported and the trial is never pruned. Check monitor, and give validationData for val_ metrics.`,
        );
      }
      return;
    }
    this.trial.report(value, epoch);
    if ((epoch + 1) % this.intervalEpochs !== 0) return;
    if (await this.trial.shouldPrune()) {
      this.prunedEpoch = epoch;
      this.model.stopTraining = true;
    }
  }
}

/** A log entry as a number: tf.js may hand a callback a scalar tensor before it resolves its logs. */
async function metricValue(entry: unknown): Promise<number | undefined> {
  if (typeof entry === "number") return entry;
  if (
    entry !== null &&
    typeof entry === "object" &&
    typeof (entry as { data?: unknown }).data === "function"
  ) {
    const data = await (entry as { data(): Promise<ArrayLike<number>> }).data();
    return data[0];
  }
  return undefined;
}

/**
 * A {@link TfjsPruningCallback} for `model.fit`: reports `monitor` each epoch and stops training when the
 * trial is pruned; call `throwIfPruned()` after `fit`.
 * @example
 * import { pruningCallback } from "tunekit/tfjs";
 * const callback = pruningCallback({ trial, monitor: "val_acc" });
 * await model.fit(xs, ys, { epochs: 40, validationSplit: 0.2, callbacks: [callback] });
 * callback.throwIfPruned();
 */
export function pruningCallback(options: PruningCallbackOptions): TfjsPruningCallback {
  return new TfjsPruningCallback(options);
}
