import { Rng } from "../../math/rng.js";

const ROUNDS = 6;

/**
 * A seeded pseudo-random permutation of 0 … size − 1, computed one position at a time: a balanced
 * Feistel network over the smallest even bit width that holds `size`, with cycle-walking to stay inside
 * it (Black & Rogaway, 2002). It needs O(1) memory and start-up for grids of any size, where a
 * Fisher–Yates shuffle would hold the whole grid, and it is invertible, so an enqueued grid point can
 * be found in the order. The same seed gives the same order on every engine (32-bit integer arithmetic).
 * @example
 * const order = new ShuffledOrder(6, 42);
 * [0, 1, 2, 3, 4, 5].map((p) => order.at(p)); // the 6 indices, shuffled
 * order.positionOf(order.at(4)); // 4
 */
export class ShuffledOrder {
  private readonly half: number;
  private readonly mask: number;
  private readonly keys: Uint32Array;

  constructor(
    readonly size: number,
    readonly seed: number,
  ) {
    let bits = 2;
    while (2 ** bits < size) bits += 2;
    this.half = 2 ** (bits / 2);
    this.mask = this.half - 1;
    const rng = Rng.derive(seed, "grid-order");
    this.keys = Uint32Array.from({ length: ROUNDS }, () => rng.nextUint32());
  }

  /** The index at `position` of the order (0 ≤ position < size). */
  at(position: number): number {
    let v = position;
    do v = this.encrypt(v);
    while (v >= this.size);
    return v;
  }

  /** The position of `index` in the order; the inverse of {@link ShuffledOrder.at}. */
  positionOf(index: number): number {
    let v = index;
    do v = this.decrypt(v);
    while (v >= this.size);
    return v;
  }

  private encrypt(v: number): number {
    let left = Math.floor(v / this.half);
    let right = v - left * this.half;
    for (let r = 0; r < ROUNDS; r++) {
      const next = (left ^ this.round(right, r)) & this.mask;
      left = right;
      right = next;
    }
    return left * this.half + right;
  }

  private decrypt(v: number): number {
    let left = Math.floor(v / this.half);
    let right = v - left * this.half;
    for (let r = ROUNDS - 1; r >= 0; r--) {
      const previous = (right ^ this.round(left, r)) & this.mask;
      right = left;
      left = previous;
    }
    return left * this.half + right;
  }

  /** The round function: a murmur3-style avalanche of a half-block with the round key. */
  private round(x: number, r: number): number {
    let z = Math.imul(x ^ (this.keys[r] as number), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) & this.mask;
  }
}
