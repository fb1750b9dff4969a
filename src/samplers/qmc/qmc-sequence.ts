import { HALTON_MAX_DIMENSION, HaltonSequence } from "../../math/halton.js";
import { SOBOL_MAX_DIMENSION, SobolSequence } from "../../math/sobol.js";
import type { Distribution } from "../../search-space/distribution.js";

/** The low-discrepancy sequences {@link QMCSampler} can follow. */
export const QMC_TYPES = ["sobol", "halton"] as const;

/** One of {@link QMC_TYPES}. */
export type QmcType = (typeof QMC_TYPES)[number];

/** What identifies one sequence: its kind, its scrambling and the scrambling's seed. */
export interface QmcSequenceKey {
  readonly qmcType: QmcType;
  readonly scramble: boolean;
  readonly seed: number;
}

/** The most coordinates a sequence of `qmcType` has (parameters beyond them are sampled at random). */
export function maxQmcDimension(qmcType: QmcType): number {
  return qmcType === "sobol" ? SOBOL_MAX_DIMENSION : HALTON_MAX_DIMENSION;
}

interface PointSource {
  point(index: number, out?: Float64Array): Float64Array;
}

const MAX_CACHED = 8;
const cache = new Map<string, PointSource>();

/**
 * The sequence for `key` in `dimension` coordinates, built once and cached (building one scrambles its
 * direction numbers or draws its digit permutations; a point is then cheap).
 */
export function qmcSequence(key: QmcSequenceKey, dimension: number): PointSource {
  const id = `${key.qmcType}/${key.scramble}/${key.seed}/${dimension}`;
  let sequence = cache.get(id);
  if (sequence === undefined) {
    const options = { dimension, scramble: key.scramble, seed: key.seed };
    sequence = key.qmcType === "sobol" ? new SobolSequence(options) : new HaltonSequence(options);
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
    cache.set(id, sequence);
  }
  return sequence;
}

/**
 * Maps a coordinate u ∈ [0, 1) to a value of `dist` (internal form), so that a uniform u gives what
 * `sampleUniform` draws: linear or log scale for floats; each grid point or integer an equal share of
 * [0, 1) (log ints: an equal share of log space, as `sampleUniform`); a categorical choice floor(u·n).
 * @example
 * unitToInternal({ type: "categorical", choices: ["a", "b", "c"] }, 0.5); // 1
 */
export function unitToInternal(dist: Distribution, u: number): number {
  if (dist.type === "categorical")
    return Math.min(dist.choices.length - 1, Math.floor(u * dist.choices.length));
  const { low, high } = dist;
  if (dist.type === "int" && dist.log) {
    const v = Math.round(Math.exp(Math.log(low - 0.5) + u * (Math.log(high + 0.5) - Math.log(low - 0.5))));
    return Math.min(high, Math.max(low, v));
  }
  const step: number | null = dist.step;
  if (step !== null) {
    const n = Math.round((high - low) / step) + 1;
    return Math.min(high, low + step * Math.min(n - 1, Math.floor(u * n)));
  }
  const v = dist.log
    ? Math.exp(Math.log(low) + u * (Math.log(high) - Math.log(low)))
    : low + u * (high - low);
  return Math.min(high, Math.max(low, v));
}
