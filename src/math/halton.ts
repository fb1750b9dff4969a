/**
 * Halton low-discrepancy sequence: coordinate j of point n is the radical inverse of n in the j-th prime
 * base. Optionally scrambled by random digit permutations (an independent permutation of {0…b−1} for
 * every coordinate and digit position, drawn from a seed), which removes the strong correlation between
 * coordinates of large prime bases and keeps the one-point-per-interval property of every base.
 */
import { InvalidArgumentError } from "../errors.js";
import { Rng } from "./rng.js";

/** Coordinates available: one per prime among the first 1,000 primes (2 … 7919). */
export const HALTON_MAX_DIMENSION = 1000;

/** The largest double below 1. */
const BELOW_ONE = 1 - 2 ** -53;

let primeCache: Int32Array | null = null;

/**
 * The first `count` primes (sieve of Eratosthenes, grown until it holds enough).
 * @example
 * firstPrimes(5); // Int32Array [2, 3, 5, 7, 11]
 */
export function firstPrimes(count: number): Int32Array {
  if (primeCache !== null && primeCache.length >= count) return primeCache.slice(0, count);
  // The n-th prime is below n(ln n + ln ln n) for n ≥ 6.
  let limit = Math.max(16, Math.ceil(count * (Math.log(count + 1) + Math.log(Math.log(count + 2))) + 16));
  for (;;) {
    const composite = new Uint8Array(limit + 1);
    const primes: number[] = [];
    for (let i = 2; i <= limit && primes.length < count; i++) {
      if (composite[i]) continue;
      primes.push(i);
      for (let m = i * i; m <= limit; m += i) composite[m] = 1;
    }
    if (primes.length >= count) {
      primeCache = Int32Array.from(primes);
      return primeCache.slice(0, count);
    }
    limit *= 2;
  }
}

/** Digits of a base-b fraction that still change a double: b^-K < 2^-53. */
function digitsFor(base: number): number {
  return Math.ceil((53 * Math.LN2) / Math.log(base));
}

/** Options of {@link HaltonSequence}. */
export interface HaltonOptions {
  /** Number of coordinates, 1 to {@link HALTON_MAX_DIMENSION}. */
  readonly dimension: number;
  /** Random digit permutations; false gives the classical sequence (point 0 is the origin). */
  readonly scramble?: boolean;
  /** Seed of the permutations (ignored unscrambled). Coordinate j is scrambled from (seed, j) alone. */
  readonly seed?: number;
}

/**
 * The Halton sequence in `dimension` coordinates, unscrambled or scrambled by a seed; any point is
 * computed directly from its index.
 * @example
 * const halton = new HaltonSequence({ dimension: 2 });
 * halton.point(3); // Float64Array [0.75, 0.1111…]
 */
export class HaltonSequence {
  readonly dimension: number;
  readonly scramble: boolean;
  readonly seed: number;
  private readonly bases: Int32Array;
  /** Per coordinate: digit-position-major permutations (`digits × base` entries), null unscrambled. */
  private readonly permutations: (Uint16Array | null)[];
  private readonly digitBuffer = new Int32Array(64);

  constructor(options: HaltonOptions) {
    const { dimension } = options;
    if (!Number.isInteger(dimension) || dimension < 1 || dimension > HALTON_MAX_DIMENSION) {
      throw new InvalidArgumentError(
        `HaltonSequence: dimension must be an integer from 1 to ${HALTON_MAX_DIMENSION}, but got ${String(dimension)}.`,
        { name: "dimension", value: dimension },
      );
    }
    this.dimension = dimension;
    this.scramble = options.scramble ?? false;
    this.seed = options.seed ?? 0;
    this.bases = firstPrimes(dimension);
    this.permutations = Array.from(this.bases, (base, j) =>
      this.scramble ? digitPermutations(base, Rng.derive(this.seed, "halton", j)) : null,
    );
  }

  /** Point `index` (a non-negative safe integer) as coordinates in [0, 1), written into `out` when given. */
  point(index: number, out: Float64Array = new Float64Array(this.dimension)): Float64Array {
    if (!Number.isSafeInteger(index) || index < 0) {
      throw new InvalidArgumentError(
        `HaltonSequence: a point index must be a non-negative safe integer, but got ${String(index)}.`,
        { name: "index", value: index },
      );
    }
    for (let j = 0; j < this.dimension; j++) {
      out[j] = this.coordinate(index, this.bases[j] as number, this.permutations[j] as Uint16Array | null);
    }
    return out;
  }

  private coordinate(index: number, base: number, perm: Uint16Array | null): number {
    const digits = this.digitBuffer;
    let n = 0;
    for (let rest = index; rest > 0; rest = Math.floor(rest / base)) digits[n++] = rest % base;
    // Horner from the least significant fraction digit up: one rounding per digit.
    let x = 0;
    if (perm === null) {
      for (let k = n - 1; k >= 0; k--) x = (x + (digits[k] as number)) / base;
    } else {
      // Every position gets its permuted digit, also the zeros beyond the index's own digits.
      for (let k = digitsFor(base) - 1; k >= 0; k--)
        x = (x + (perm[k * base + (k < n ? (digits[k] as number) : 0)] as number)) / base;
    }
    return x < 1 ? x : BELOW_ONE;
  }
}

/** One random permutation of {0…base−1} per digit position (Fisher–Yates). */
function digitPermutations(base: number, rng: Rng): Uint16Array {
  const positions = digitsFor(base);
  const perm = new Uint16Array(positions * base);
  for (let k = 0; k < positions; k++) {
    const row = k * base;
    for (let i = 0; i < base; i++) perm[row + i] = i;
    for (let i = base - 1; i > 0; i--) {
      const r = rng.integer(0, i);
      const t = perm[row + i] as number;
      perm[row + i] = perm[row + r] as number;
      perm[row + r] = t;
    }
  }
  return perm;
}
