import type { Rng } from "../../math/rng.js";
import type { Distribution } from "../../search-space/distribution.js";
import type { TrialColumns } from "../../study/trial-columns.js";
import { type KernelSpace, type ParamModel, paramModel } from "./kernel-space.js";
import { ParzenEstimator, type ParzenOptions } from "./parzen-estimator.js";
import type { TruncationMassCache } from "./truncation-cache.js";
import type { WeightsFunction } from "./weights.js";

/** The rows a sampling call models, and how to weigh them. */
export interface SpaceInput {
  readonly cols: TrialColumns;
  /** Rows of l(x), ascending, with their weights when predetermined (multi-objective), else null. */
  readonly below: Int32Array;
  readonly belowWeights: Float64Array | null;
  /** Rows of g(x), ascending (running trials included under the constant liar). */
  readonly above: Int32Array;
  /** A value for a row's parameter missing from the columns (a running trial's unflushed proposal). */
  readonly fill: ((row: number, name: string) => number | undefined) | null;
  readonly weights: WeightsFunction;
  readonly parzen: ParzenOptions;
  readonly nCandidates: number;
  /**
   * Above this many observations g(x) is approximated (see {@link thin}); Infinity: always exact.
   */
  readonly aboveLimit: number;
  /** Trial number of each row (for a selection that stays stable from one trial to the next). */
  readonly numbers: Int32Array;
  /**
   * Per-row values from earlier trials: model-space observations, and joint kernels' truncation masses
   * and scaled centres (see `TruncationMassCache`).
   */
  readonly truncationCache: TruncationMassCache;
}

/**
 * One TPE step over a search space: fits l(x) to the below rows and g(x) to the above rows (only rows
 * that have every parameter of the space), draws `nCandidates` points from l, and returns the one with
 * the largest log l(x) − log g(x), as internal values in `names` order. Ties go to the first drawn.
 * With `accept`, a refused point (internal values) gives way to the best accepted candidate.
 * @example
 * sampleSpace(input, ["x", "y"], [xDist, yDist], rng); // Float64Array [x, y]
 */
export function sampleSpace(
  input: SpaceInput,
  names: readonly string[],
  dists: readonly Distribution[],
  rng: Rng,
  accept?: (point: Float64Array) => boolean,
): Float64Array {
  const { l, g, models, candidates, logL } = drawScored(input, names, dists, rng);
  const count = input.nCandidates;
  const best = g.bestRatio(candidates, count, logL);
  const out = internalPoint(candidates, best, models);
  if (accept === undefined || accept(out)) return out;
  // The best candidate repeats a tried configuration: the best untried one, from these candidates or
  // from a batch of EXTRA_DRAWS times as many; if every one is tried, the best after all.
  const extra = count * EXTRA_DRAWS;
  return (
    bestAccepted(g, candidates, logL, count, models, accept) ??
    bestAccepted(g, ...drawMore(l, models, rng, extra), extra, models, accept) ??
    out
  );
}

/**
 * One parameter's TPE step as {@link sampleSpace} takes it (same draws from `rng`), with every
 * candidate scored: its distinct values (internal) from the best log l − log g down (ties and NaN
 * scores in draw order, so the first is what `sampleSpace` returns), each with its score.
 * @example
 * rankedValues(input, "x", dist, rng); // { values: Float64Array [3, 1, 4], scores: Float64Array [0.9, 0.2, -1] }
 */
export function rankedValues(
  input: SpaceInput,
  name: string,
  dist: Distribution,
  rng: Rng,
): { values: Float64Array; scores: Float64Array } {
  const { g, models, candidates, logL } = drawScored(input, [name], [dist], rng);
  const count = input.nCandidates;
  const order = scoredOrder(g, candidates, logL, count);
  const values: number[] = [];
  const scores: number[] = [];
  const seen = new Set<number>();
  for (const c of order.order) {
    const value = (models[0] as ParamModel).toInternal(candidates[c] as number);
    if (seen.has(value)) continue;
    seen.add(value);
    values.push(value);
    scores.push(order.score(c));
  }
  return { values: Float64Array.from(values), scores: Float64Array.from(scores) };
}

/** Fits l(x) and g(x) for `names` and draws the step's candidates from l, with their log l. */
function drawScored(input: SpaceInput, names: readonly string[], dists: readonly Distribution[], rng: Rng) {
  const models = dists.map(paramModel);
  const spaces = models.map((m) => m.space);
  const columns = names.map((name) => input.cols.param(name));
  const below = gather(input, input.below, names, columns, models);
  const above = thin(gather(input, input.above, names, columns, models), input, names.length);
  const belowWeights =
    input.belowWeights === null ? input.weights(below.n) : pick(input.belowWeights, below.used);
  const keys = names.map((name, p) => {
    const s = spaces[p] as KernelSpace;
    return s.kind === "numeric"
      ? `${name}\u0000${s.low}\u0000${s.high}\u0000${s.step}\u0000${names.length}`
      : name;
  });
  const memo = (rows: Int32Array, used: Int32Array) => ({
    cache: input.truncationCache,
    keys,
    rows: pick(rows, used),
    rowCount: input.cols.length,
  });
  const l = ParzenEstimator.build(spaces, below.obs, below.n, belowWeights, input.parzen);
  const g = ParzenEstimator.build(
    spaces,
    above.obs,
    above.n,
    above.weights,
    input.parzen,
    memo(input.above, above.used),
  );
  const [candidates, logL] = drawMore(l, models, rng, input.nCandidates);
  return { l, g, models, candidates, logL };
}

/** How many times `nCandidates` a second draw has when every candidate repeats a tried configuration. */
const EXTRA_DRAWS = 8;

/** `count` points drawn from `l`, snapped to their parameters' grids (model space, point-major), and their log l. */
function drawMore(
  l: ParzenEstimator,
  models: readonly ParamModel[],
  rng: Rng,
  count: number,
): [Float64Array, Float64Array] {
  const d = models.length;
  const candidates = new Float64Array(count * d);
  l.sample(rng, count, candidates);
  for (let c = 0; c < count; c++) {
    for (let p = 0; p < d; p++) {
      const m = models[p] as ParamModel;
      candidates[c * d + p] = m.toModel(m.toInternal(candidates[c * d + p] as number));
    }
  }
  const logL = new Float64Array(count);
  l.logPdf(candidates, count, logL);
  return [candidates, logL];
}

/** Candidate `c` as internal values. */
function internalPoint(candidates: Float64Array, c: number, models: readonly ParamModel[]): Float64Array {
  const d = models.length;
  const out = new Float64Array(d);
  for (let p = 0; p < d; p++) out[p] = (models[p] as ParamModel).toInternal(candidates[c * d + p] as number);
  return out;
}

/**
 * The candidates scored exactly by log l − log g (NaN as −∞), best first, ties in draw order — the
 * order whose first is `bestRatio`'s choice.
 */
function scoredOrder(g: ParzenEstimator, candidates: Float64Array, logL: Float64Array, count: number) {
  const logG = new Float64Array(count);
  g.logPdf(candidates, count, logG);
  const score = (c: number) => {
    const v = (logL[c] as number) - (logG[c] as number);
    return Number.isNaN(v) ? Number.NEGATIVE_INFINITY : v;
  };
  const order = Array.from({ length: count }, (_, c) => c);
  order.sort((a, b) => (score(a) === score(b) ? a - b : score(b) - score(a)));
  return { order, score };
}

/**
 * The candidate with the largest log l − log g that `accept` takes (ties to the first drawn), or null
 * when it takes none. Every candidate is scored exactly; this runs only when the best one was refused.
 */
function bestAccepted(
  g: ParzenEstimator,
  candidates: Float64Array,
  logL: Float64Array,
  count: number,
  models: readonly ParamModel[],
  accept: (point: Float64Array) => boolean,
): Float64Array | null {
  for (const c of scoredOrder(g, candidates, logL, count).order) {
    const point = internalPoint(candidates, c, models);
    if (accept(point)) return point;
  }
  return null;
}

/**
 * The model-space observations of `rows` that have every parameter (parameter-major), their count, and
 * which of `rows` they came from.
 */
function gather(
  input: SpaceInput,
  rows: Int32Array,
  names: readonly string[],
  columns: readonly (Float64Array | undefined)[],
  models: readonly ParamModel[],
): { obs: Float64Array; n: number; used: Int32Array } {
  if (input.fill === null && rows.length >= CACHED_GATHER_FROM) {
    return gatherFinished(input, rows, names, columns, models);
  }
  const d = names.length;
  const r = rows.length;
  const staged = new Float64Array(r * d);
  const valid = new Uint8Array(r).fill(1);
  for (let p = 0; p < d; p++) {
    const col = columns[p];
    const model = models[p] as ParamModel;
    const o = p * r;
    if (col === undefined) {
      for (let i = 0; i < r; i++) staged[o + i] = Number.NaN;
    } else {
      for (let i = 0; i < r; i++) staged[o + i] = col[rows[i] as number] as number;
    }
    // Running trials' unflushed proposals (constant liar) fill the gaps.
    const fill = input.fill;
    if (fill !== null) {
      for (let i = 0; i < r; i++) {
        if (Number.isNaN(staged[o + i] as number)) {
          staged[o + i] = fill(rows[i] as number, names[p] as string) ?? Number.NaN;
        }
      }
    }
    // The common transforms inline; the model's own map is the reference.
    if (model.transform === "log") {
      for (let i = 0; i < r; i++) {
        const v = staged[o + i] as number;
        staged[o + i] = v > 0 ? Math.log(v) : Number.NaN;
      }
    } else if (model.transform === "choice") {
      for (let i = 0; i < r; i++) staged[o + i] = model.toModel(staged[o + i] as number);
    }
    for (let i = 0; i < r; i++) if (!Number.isFinite(staged[o + i] as number)) valid[i] = 0;
  }
  const used = new Int32Array(r);
  let n = 0;
  for (let i = 0; i < r; i++) if (valid[i] === 1) used[n++] = i;
  const obs = new Float64Array(n * d);
  for (let p = 0; p < d; p++) {
    const o = p * r;
    for (let j = 0; j < n; j++) obs[p * n + j] = staged[o + (used[j] as number)] as number;
  }
  return { obs, n, used: used.slice(0, n) };
}

/**
 * {@link gather} for rows of finished trials, whose parameters never change: each row's model-space
 * values and whether it has every parameter are learned once and kept by row (in the sampler's
 * per-view cache), so a trial copies only known values.
 */
function gatherFinished(
  input: SpaceInput,
  rows: Int32Array,
  names: readonly string[],
  columns: readonly (Float64Array | undefined)[],
  models: readonly ParamModel[],
): { obs: Float64Array; n: number; used: Int32Array } {
  const d = names.length;
  const stride = d + 1;
  const key = `o\u0000${names.map((name, p) => `${name}\u0000${modelKey(models[p] as ParamModel)}`).join("\u0001")}`;
  // Per row: 1 (has every parameter) or 0, then its d model-space values; NaN while unknown.
  const known = input.truncationCache.entry(key, NO_TAG, input.cols.length, stride);
  const r = rows.length;
  const used = new Int32Array(r);
  let n = 0;
  for (let i = 0; i < r; i++) {
    const at = (rows[i] as number) * stride;
    let state = known[at] as number;
    if (Number.isNaN(state)) state = learnRow(known, at, rows[i] as number, columns, models);
    if (state === 1) used[n++] = i;
  }
  const obs = new Float64Array(n * d);
  for (let j = 0; j < n; j++) {
    const at = (rows[used[j] as number] as number) * stride + 1;
    for (let p = 0; p < d; p++) obs[p * n + j] = known[at + p] as number;
  }
  return { obs, n, used: used.slice(0, n) };
}

const NO_TAG = new Float64Array(0);
/** Below this many rows gathering from the columns is as cheap as from the cache. */
const CACHED_GATHER_FROM = 256;

/** What a parameter's model-space values depend on besides the stored value. */
function modelKey(model: ParamModel): string {
  const s = model.space;
  return s.kind === "numeric"
    ? `${model.transform}\u0000${s.low}\u0000${s.high}\u0000${s.step}`
    : `c${s.nChoices}`;
}

/** Row `row`'s model-space values into `known` at `at` + 1, and at `at` whether all are finite. */
function learnRow(
  known: Float64Array,
  at: number,
  row: number,
  columns: readonly (Float64Array | undefined)[],
  models: readonly ParamModel[],
): number {
  let state = 1;
  for (let p = 0; p < models.length; p++) {
    const col = columns[p];
    const model = models[p] as ParamModel;
    const v = col === undefined ? Number.NaN : (col[row] as number);
    // As in `gather`: the log transform inline, the model's own map for choices.
    let x = v;
    if (model.transform === "log") x = v > 0 ? Math.log(v) : Number.NaN;
    else if (model.transform === "choice") x = model.toModel(v);
    if (!Number.isFinite(x)) state = 0;
    known[at + 1 + p] = x;
  }
  known[at] = state;
  return state;
}

/**
 * The above observations with their weights; past `aboveLimit` a thinned set: the newest limit/2
 * observations as they are, and of the older ones (which the default weights already discount) every
 * k-th by trial number, weighted k times, so g(x) keeps its shape at about limit components. Selecting by
 * trial number keeps the same old observations from one trial to the next.
 */
function thin(
  gathered: { obs: Float64Array; n: number; used: Int32Array },
  input: SpaceInput,
  d: number,
): { obs: Float64Array; n: number; used: Int32Array; weights: Float64Array } {
  const { obs, n, used } = gathered;
  const full = Float64Array.from(input.weights(n));
  if (n <= input.aboveLimit) return { obs, n, used, weights: full };
  const recent = Math.floor(input.aboveLimit / 2);
  const older = n - recent;
  const stride = Math.ceil(older / (input.aboveLimit - recent));
  const keep: number[] = [];
  for (let j = 0; j < older; j++) {
    if ((input.numbers[input.above[used[j] as number] as number] as number) % stride === 0) keep.push(j);
  }
  for (let j = older; j < n; j++) keep.push(j);
  const m = keep.length;
  const thinned = new Float64Array(m * d);
  const weights = new Float64Array(m);
  const kept = new Int32Array(m);
  keep.forEach((j, i) => {
    for (let p = 0; p < d; p++) thinned[p * m + i] = obs[p * n + j] as number;
    weights[i] = (full[j] as number) * (j < older ? stride : 1);
    kept[i] = used[j] as number;
  });
  return { obs: thinned, n: m, used: kept, weights };
}

function pick<A extends Float64Array | Int32Array>(values: A, indices: Int32Array): A {
  const out = new (values.constructor as new (n: number) => A)(indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = values[indices[i] as number] as number;
  return out;
}
