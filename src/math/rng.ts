/**
 * A seedable pseudo-random generator with serialisable state: xoshiro128** (Blackman & Vigna, 2018),
 * seeded through splitmix32. 32-bit integer arithmetic only, so it is fast without BigInt and gives the
 * same stream on every JavaScript engine. Doubles take 53 random bits from two outputs.
 */

/** The serialised state of an {@link Rng}: version tag plus the four 32-bit words. */
export interface RngState {
  readonly algorithm: "xoshiro128**";
  readonly s: readonly [number, number, number, number];
}

function splitmix32(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** A 32-bit avalanche mix (murmur3 finaliser) used to combine seeds and keys. */
function fmix32(h: number): number {
  let z = h >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

const stringHashes = new Map<string, number>();
const MAX_CACHED_STRINGS = 4096;

/** A 32-bit hash of a string; cached, because the same parameter names are hashed for every trial. */
function stringHash(key: string): number {
  let out = stringHashes.get(key);
  if (out !== undefined) return out;
  out = 0x165667b1;
  for (let i = 0; i < key.length; i++) out = fmix32(out ^ key.charCodeAt(i));
  if (stringHashes.size < MAX_CACHED_STRINGS) stringHashes.set(key, out);
  return out;
}

function hashKey(h: number, key: number | string): number {
  if (typeof key === "number") {
    // Split into two 32-bit halves so numbers beyond 2^32 still hash distinctly.
    const hi = Math.floor(key / 4294967296) >>> 0;
    return fmix32(fmix32(h ^ (key >>> 0)) ^ hi ^ 0x27d4eb2f);
  }
  return fmix32(h ^ stringHash(key));
}

/**
 * A seedable PRNG. All randomness in tunekit comes from one of these; never `Math.random`.
 * @example
 * const rng = new Rng(42);
 * rng.uniform(0, 1); rng.integer(1, 6);
 * const again = Rng.fromState(rng.getState()); // continues the same stream
 */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** Seeds the generator from a 32-bit integer (larger numbers are folded in). */
  constructor(seed: number) {
    const next = splitmix32(hashKey(0x9e3779b9, Math.floor(seed)));
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /**
   * A generator whose stream depends only on `seed` and the keys, e.g. (sampler seed, trial number), so
   * the same trial gets the same numbers in a sequential, resumed or distributed run.
   * @example
   * const trialRng = Rng.derive(seed, trialNumber);
   */
  static derive(seed: number, ...keys: readonly (number | string)[]): Rng {
    let h = hashKey(0x85ebca6b, Math.floor(seed));
    for (const k of keys) h = hashKey(h, k);
    return new Rng(h);
  }

  /**
   * Restores a generator from {@link Rng.getState}.
   * @example
   * Rng.fromState(JSON.parse(saved));
   */
  static fromState(state: RngState): Rng {
    const rng = new Rng(0);
    [rng.s0, rng.s1, rng.s2, rng.s3] = state.s.map((w) => w >>> 0) as [number, number, number, number];
    return rng;
  }

  /** The generator's state as plain JSON. */
  getState(): RngState {
    return { algorithm: "xoshiro128**", s: [this.s0, this.s1, this.s2, this.s3] };
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A double uniform in [0, 1) with 53 random bits. */
  random(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** A double uniform in [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.random();
  }

  /** An integer uniform in [low, high], both inclusive, without modulo bias. */
  integer(low: number, high: number): number {
    const span = high - low + 1;
    if (span <= 0x100000000) {
      const limit = 0x100000000 - (0x100000000 % span);
      let x = this.nextUint32();
      while (x >= limit) x = this.nextUint32();
      return low + (x % span);
    }
    return low + Math.floor(this.random() * span);
  }

  /** A standard normal variate (Box–Muller; one of the pair, so the stream position stays simple). */
  normal(): number {
    let u = this.random();
    while (u === 0) u = this.random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.random());
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * A fresh 32-bit seed from the platform's cryptographic source (`globalThis.crypto`, present in
 * browsers, workers and Node ≥ 19), for samplers built without a seed.
 * @example
 * const seed = randomSeed();
 */
export function randomSeed(): number {
  const buf = new Uint32Array(1);
  globalThis.crypto.getRandomValues(buf);
  return buf[0] as number;
}
