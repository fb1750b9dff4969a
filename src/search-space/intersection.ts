import { type FrozenTrial, isFinished, type TrialState } from "../trial/frozen-trial.js";
import { type Distribution, isSingle, type SearchSpace, sameDistribution } from "./distribution.js";

/** Options of {@link intersectionSearchSpace} and {@link IntersectionSearchSpace}. */
export interface IntersectionOptions {
  /** Trials whose parameters count; others are ignored. Default: COMPLETE and PRUNED. */
  readonly states?: readonly TrialState[];
  /** Keep parameters with a single possible value (they need no sampler). Default false. */
  readonly includeSingle?: boolean;
}

const DEFAULT_STATES: readonly TrialState[] = ["COMPLETE", "PRUNED"];

/**
 * The intersection search space of a growing history, updated incrementally: a call intersects only the
 * trials it has not counted yet (a finished trial never changes), and skips the leading run of finished
 * trials it has already passed, so a call on an unchanged history costs almost nothing. When `trials` is
 * not the history it has seen grow (another study, or a view a pruner restricted differently), it starts
 * over.
 * @example
 * const intersection = new IntersectionSearchSpace();
 * intersection.calculate(study.trials); // call again on each new snapshot
 */
export class IntersectionSearchSpace {
  private readonly states: readonly TrialState[];
  private readonly includeSingle: boolean;
  private space: Map<string, Distribution> | null = null;
  /** Numbers of counted trials at or after `prefix`. */
  private readonly counted = new Set<number>();
  /** trials[0 … prefix−1] are finished and accounted for; `prefixTrial` is trials[prefix − 1]. */
  private prefix = 0;
  private prefixTrial: FrozenTrial | undefined = undefined;
  private result: SearchSpace = {};

  constructor(options: IntersectionOptions = {}) {
    this.states = options.states ?? DEFAULT_STATES;
    this.includeSingle = options.includeSingle === true;
  }

  /** The parameters every counted trial of `trials` (in number order) has, with one distribution, sorted by name. */
  calculate(trials: readonly (FrozenTrial | undefined)[]): SearchSpace {
    if (this.prefix > 0 && (trials.length < this.prefix || trials[this.prefix - 1] !== this.prefixTrial))
      this.reset();
    let known = 0;
    const fresh: FrozenTrial[] = [];
    for (let i = this.prefix; i < trials.length; i++) {
      const trial = trials[i];
      if (trial === undefined || !this.states.includes(trial.state)) continue;
      if (this.counted.has(trial.number)) known++;
      else fresh.push(trial);
    }
    if (known !== this.counted.size) {
      this.reset();
      return this.calculate(trials);
    }
    for (const trial of fresh) this.count(trial);
    for (let t = trials[this.prefix]; t !== undefined && isFinished(t.state); t = trials[this.prefix]) {
      this.counted.delete(t.number);
      this.prefix++;
      this.prefixTrial = t;
    }
    if (fresh.length > 0) this.result = this.sorted();
    return this.result;
  }

  private count(trial: FrozenTrial): void {
    this.counted.add(trial.number);
    if (this.space === null) {
      this.space = new Map(Object.entries(trial.distributions));
      return;
    }
    for (const [name, dist] of this.space) {
      const other = trial.distributions[name];
      if (other === undefined || !sameDistribution(dist, other)) this.space.delete(name);
    }
  }

  private sorted(): SearchSpace {
    const space = this.space ?? new Map<string, Distribution>();
    const out: Record<string, Distribution> = {};
    for (const name of [...space.keys()].sort()) {
      const dist = space.get(name) as Distribution;
      if (this.includeSingle || !isSingle(dist)) out[name] = dist;
    }
    return out;
  }

  private reset(): void {
    this.space = null;
    this.counted.clear();
    this.prefix = 0;
    this.prefixTrial = undefined;
    this.result = {};
  }
}

/**
 * The parameters that every counted trial has, with the same distribution in all of them, sorted by
 * name: the part of a define-by-run search space a sampler can model jointly. Parameters of conditional
 * branches drop out as soon as a trial took another branch; a parameter whose range changed drops out.
 * Empty when no trial counts. For repeated calls on a growing history use {@link IntersectionSearchSpace}.
 * @example
 * intersectionSearchSpace(study.trials); // { lr: {...}, n_layers: {...} }
 */
export function intersectionSearchSpace(
  trials: readonly FrozenTrial[],
  options: IntersectionOptions = {},
): SearchSpace {
  return new IntersectionSearchSpace(options).calculate(trials);
}
