/**
 * Sobol low-discrepancy sequence (base 2) with Joe & Kuo's direction numbers, on 32-bit integers, and
 * optional random linear matrix scrambling plus digital shift (Matoušek's "LMS + shift", the scrambling
 * SciPy's `qmc.Sobol(scramble=True)` applies). Points are in Gray-code order: point n is the XOR of the
 * direction numbers selected by the bits of n ^ (n >> 1), so any point is computed directly, in 32·d
 * operations whatever n is, and consecutive points cost one XOR per coordinate.
 */
import { InvalidArgumentError } from "../errors.js";
import { Rng } from "./rng.js";
import { JOE_KUO_DIRECTION_NUMBERS } from "./sobol-directions.js";

/** Bits per coordinate: points are k / 2^32, and the sequence has 2^32 points. */
export const SOBOL_BITS = 32;

/** Dimensions the committed direction numbers cover (Joe & Kuo's dimensions 1 to 1024). */
export const SOBOL_MAX_DIMENSION = 1024;

/** 2^-32: turns a 32-bit coordinate into a double in [0, 1). */
const UNIT = 1 / 4294967296;

let tableLines: string[] | null = null;
const directionCache = new Map<number, Uint32Array>();

/**
 * The 32 direction numbers of dimension `dim` (0-based), most significant bit first: entry k (k = 0…31)
 * is m_{k+1} · 2^(31−k), the vector XORed in when bit k of the Gray code is set.
 */
export function sobolDirections(dim: number): Uint32Array {
  const cached = directionCache.get(dim);
  if (cached !== undefined) return cached;
  const v = new Uint32Array(SOBOL_BITS);
  if (dim === 0) {
    for (let k = 0; k < SOBOL_BITS; k++) v[k] = 2 ** (31 - k);
  } else {
    tableLines ??= JOE_KUO_DIRECTION_NUMBERS.trim().split("\n");
    const fields = (tableLines[dim - 1] as string).split(" ").map(Number);
    const [, s, a] = fields as [number, number, number];
    for (let k = 0; k < s; k++) v[k] = (fields[3 + k] as number) * 2 ** (31 - k);
    // m_k = 2a_1·m_{k−1} ⊕ … ⊕ 2^(s−1)a_{s−1}·m_{k−s+1} ⊕ 2^s·m_{k−s} ⊕ m_{k−s}, written on v_k = m_k·2^(32−k).
    for (let k = s; k < SOBOL_BITS; k++) {
      let x = (v[k - s] as number) ^ ((v[k - s] as number) >>> s);
      for (let l = 1; l < s; l++) {
        if ((a >>> (s - 1 - l)) & 1) x ^= v[k - l] as number;
      }
      v[k] = x;
    }
  }
  directionCache.set(dim, v);
  return v;
}

/** Parity of the set bits of a 32-bit word. */
function parity(x: number): number {
  let y = x ^ (x >>> 16);
  y ^= y >>> 8;
  y ^= y >>> 4;
  y ^= y >>> 2;
  y ^= y >>> 1;
  return y & 1;
}

/**
 * A random non-singular lower-triangular 32×32 bit matrix applied to `v` (output bit i, counted from the
 * most significant, mixes input bits 0…i with bit i kept), so the first k output bits depend only on the
 * first k input bits, one-to-one: every dyadic interval maps onto one of the same length, and the
 * (t, m, s)-net structure of the sequence survives.
 */
function scrambleMatrix(rng: Rng): Uint32Array {
  const rows = new Uint32Array(SOBOL_BITS);
  for (let i = 0; i < SOBOL_BITS; i++) {
    const diagonal = 2 ** (31 - i);
    // Bits strictly more significant than the diagonal one: the top i bits.
    const above = i === 0 ? 0 : rng.nextUint32() & ~(2 * diagonal - 1);
    rows[i] = (above | diagonal) >>> 0;
  }
  return rows;
}

function applyMatrix(rows: Uint32Array, v: number): number {
  let out = 0;
  for (let i = 0; i < SOBOL_BITS; i++) {
    if (parity((rows[i] as number) & v)) out |= 1 << (31 - i);
  }
  return out >>> 0;
}

/** Options of {@link SobolSequence}. */
export interface SobolOptions {
  /** Number of coordinates, 1 to {@link SOBOL_MAX_DIMENSION}. */
  readonly dimension: number;
  /** Random linear matrix scrambling + digital shift; false gives the published (unscrambled) points. */
  readonly scramble?: boolean;
  /** Seed of the scrambling (ignored unscrambled). Coordinate j is scrambled from (seed, j) alone. */
  readonly seed?: number;
}

/**
 * The Sobol sequence in `dimension` coordinates, unscrambled or scrambled by a seed. Coordinate j of a
 * point does not depend on the dimension asked for, so a 3-D sequence is the first three coordinates of
 * a 10-D one with the same seed.
 * @example
 * const sobol = new SobolSequence({ dimension: 2, scramble: true, seed: 42 });
 * sobol.point(0); // Float64Array [x0, x1] in [0, 1)²
 * sobol.points(0, 256); // 256 × 2, row-major
 */
export class SobolSequence {
  readonly dimension: number;
  readonly scramble: boolean;
  readonly seed: number;
  /** dimension × 32 direction numbers, row-major (scrambled when `scramble`). */
  private readonly directions: Uint32Array;
  /** The digital shift of each coordinate (0 unscrambled). */
  private readonly shifts: Uint32Array;

  constructor(options: SobolOptions) {
    const { dimension } = options;
    if (!Number.isInteger(dimension) || dimension < 1 || dimension > SOBOL_MAX_DIMENSION) {
      throw new InvalidArgumentError(
        `SobolSequence: dimension must be an integer from 1 to ${SOBOL_MAX_DIMENSION}, but got ${String(dimension)}.`,
        { name: "dimension", value: dimension },
      );
    }
    this.dimension = dimension;
    this.scramble = options.scramble ?? false;
    this.seed = options.seed ?? 0;
    this.directions = new Uint32Array(dimension * SOBOL_BITS);
    this.shifts = new Uint32Array(dimension);
    for (let j = 0; j < dimension; j++) {
      const v = sobolDirections(j);
      if (!this.scramble) {
        this.directions.set(v, j * SOBOL_BITS);
        continue;
      }
      const rng = Rng.derive(this.seed, "sobol", j);
      const rows = scrambleMatrix(rng);
      for (let k = 0; k < SOBOL_BITS; k++)
        this.directions[j * SOBOL_BITS + k] = applyMatrix(rows, v[k] as number);
      this.shifts[j] = rng.nextUint32();
    }
  }

  /**
   * Point `index` (0-based, below 2^32) as coordinates in [0, 1), written into `out` when given.
   * Computed directly from the index: skipping ahead costs nothing.
   */
  point(index: number, out: Float64Array = new Float64Array(this.dimension)): Float64Array {
    checkIndex(index);
    const gray = (index ^ (index >>> 1)) >>> 0;
    for (let j = 0; j < this.dimension; j++) {
      let x = this.shifts[j] as number;
      const base = j * SOBOL_BITS;
      for (let k = 0, g = gray; g !== 0; k++, g >>>= 1) {
        if (g & 1) x ^= this.directions[base + k] as number;
      }
      out[j] = (x >>> 0) * UNIT;
    }
    return out;
  }

  /**
   * `count` consecutive points from `start`, row-major (`count × dimension`): the first computed directly,
   * each next one by a single XOR per coordinate (the Gray code changes one bit between neighbours).
   */
  points(start: number, count: number): Float64Array {
    if (!Number.isInteger(count) || count < 0) {
      throw new InvalidArgumentError(
        `SobolSequence.points: count must be a non-negative integer, but got ${count}.`,
        {
          name: "count",
          value: count,
        },
      );
    }
    if (count === 0) return new Float64Array(0);
    checkIndex(start);
    checkIndex(start + count - 1);
    const d = this.dimension;
    const out = new Float64Array(count * d);
    const state = new Uint32Array(d);
    const gray = (start ^ (start >>> 1)) >>> 0;
    for (let j = 0; j < d; j++) {
      let x = this.shifts[j] as number;
      for (let k = 0, g = gray; g !== 0; k++, g >>>= 1) {
        if (g & 1) x ^= this.directions[j * SOBOL_BITS + k] as number;
      }
      state[j] = x;
    }
    for (let i = 0; ; i++) {
      for (let j = 0; j < d; j++) out[i * d + j] = (state[j] as number) * UNIT;
      if (i + 1 === count) break;
      // Gray codes of n and n + 1 differ in the bit of n's lowest zero bit.
      const bit = trailingOnes(start + i);
      for (let j = 0; j < d; j++)
        state[j] = (state[j] as number) ^ (this.directions[j * SOBOL_BITS + bit] as number);
    }
    return out;
  }
}

function trailingOnes(n: number): number {
  let c = 0;
  let x = n;
  while (x % 2 === 1) {
    c++;
    x = (x - 1) / 2;
  }
  return c;
}

function checkIndex(index: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= 4294967296) {
    throw new InvalidArgumentError(
      `SobolSequence: a point index must be an integer from 0 to 2^32 − 1, but got ${String(index)}.`,
      { name: "index", value: index },
    );
  }
}
