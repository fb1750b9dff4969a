import { type Distribution, isSingle, toInternal } from "../../search-space/distribution.js";
import type { StudyView } from "../../study/study-view.js";
import type { FrozenTrial } from "../../trial/frozen-trial.js";

/** True when `dist` has finitely many values (an int, a stepped float, a categorical). */
export function isDiscrete(dist: Distribution): boolean {
  return dist.type !== "float" || dist.step !== null;
}

/**
 * The key of a whole configuration: every parameter with more than one possible value, by name, with
 * its internal value. Two trials with the same key ran the same configuration.
 * @example
 * configurationKey({ a: 1, b: 0 }); // same as configurationKey({ b: 0, a: 1 })
 */
export function configurationKey(params: Readonly<Record<string, number>>): string {
  const names = Object.keys(params).sort();
  let key = "";
  for (const name of names) key += `${name}\u0000${params[name] as number}\u0001`;
  return key;
}

/**
 * A trial's configuration in internal values, parameters with a single possible value left out. A
 * param without a distribution of its own (an enqueued trial's, not suggested yet) is read with `known`'s
 * distribution of that name, or as NaN (matching nothing) when there is none.
 */
function configurationOf(
  trial: FrozenTrial,
  known: Readonly<Record<string, Distribution>> = {},
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name in trial.params) {
    const dist = trial.distributions[name] ?? known[name];
    if (dist === undefined) {
      out[name] = Number.NaN;
      continue;
    }
    if (isSingle(dist)) continue;
    const value = trial.params[name] as FrozenTrial["params"][string];
    out[name] =
      dist.type === "categorical" && !dist.choices.includes(value as never)
        ? Number.NaN
        : toInternal(dist, value);
  }
  return out;
}

/**
 * The configurations a study has tried, so TPE can avoid proposing one again. In a discrete space its
 * candidates repeat finished trials often once l(x) concentrates on a few configurations (on the shared
 * tabular benchmarks, 30–50 % of univariate and 10–20 % of multivariate trials by trial 100), and
 * running a deterministic configuration twice teaches nothing. Finished (COMPLETE, PRUNED) trials are
 * learned once (only those whose parameters are all discrete: a configuration with a continuous float
 * does not repeat); RUNNING and WAITING trials are read when asked, as their params may still grow.
 * FAIL and STALE trials are not counted: a failure may be transient.
 */
export class TriedConfigurations {
  private readonly finished = new Set<string>();

  /** Records a finished trial's configuration when every parameter of it is discrete. */
  addFinished(trial: FrozenTrial): void {
    for (const name in trial.distributions) {
      if (!isDiscrete(trial.distributions[name] as Distribution)) return;
    }
    this.finished.add(configurationKey(configurationOf(trial)));
  }

  /**
   * True when a finished trial, or one of the `unfinished` rows (RUNNING and WAITING trials) other than
   * trial number `own`, with the values this process `proposed` for it and not yet flushed, has exactly
   * the parameters and values of `config` (internal values, single-valued parameters left out; their
   * `distributions` read an enqueued trial's fixed values).
   */
  has(
    config: Readonly<Record<string, number>>,
    distributions: Readonly<Record<string, Distribution>>,
    view: StudyView,
    unfinished: Int32Array,
    own: number,
    proposed: (trialNumber: number) => ReadonlyMap<string, number> | undefined,
  ): boolean {
    const key = configurationKey(config);
    if (this.finished.has(key)) return true;
    if (unfinished.length === 0) return false;
    const trials = view.trials;
    for (const row of unfinished) {
      const trial = trials[row] as FrozenTrial;
      if (trial.number === own) continue;
      const params = configurationOf(trial, distributions);
      for (const [name, value] of proposed(trial.number) ?? []) {
        if (!Object.hasOwn(params, name)) params[name] = value;
      }
      if (configurationKey(params) === key) return true;
    }
    return false;
  }
}
