/**
 * The ids of the trials a worker holds leases for, in shared memory: the main thread adds and removes ids
 * without a message per trial, and the heartbeat thread reads them at each beat (`readHeldTrials`). Each
 * slot holds a trial id + 1 (0 = empty), written and read with `Atomics`.
 * @example
 * const held = new HeldTrialSlots((buffer) => worker.postMessage({ slots: buffer }));
 * held.add(17);
 * readHeldTrials(held.buffer); // [17]
 */
export class HeldTrialSlots {
  private slots: BigInt64Array<SharedArrayBuffer>;
  private readonly slotOf = new Map<number, number>();
  private free: number[];

  /** `onGrow` receives the new buffer when more trials are held at once than the slots hold. */
  constructor(
    private readonly onGrow: (buffer: SharedArrayBuffer) => void,
    capacity = 64,
  ) {
    this.slots = new BigInt64Array(new SharedArrayBuffer(capacity * 8));
    this.free = descending(capacity, 0);
  }

  /** The shared buffer the reader should read now. */
  get buffer(): SharedArrayBuffer {
    return this.slots.buffer;
  }

  /** Holds trial `trialId` (a non-negative integer); holding it twice holds it once. */
  add(trialId: number): void {
    if (this.slotOf.has(trialId)) return;
    if (this.free.length === 0) this.grow();
    const slot = this.free.pop() as number;
    this.slotOf.set(trialId, slot);
    Atomics.store(this.slots, slot, BigInt(trialId) + 1n);
  }

  /** Stops holding trial `trialId`. */
  delete(trialId: number): void {
    const slot = this.slotOf.get(trialId);
    if (slot === undefined) return;
    this.slotOf.delete(trialId);
    Atomics.store(this.slots, slot, 0n);
    this.free.push(slot);
  }

  /** Doubles the slots in a new buffer (a buffer cannot grow in place on Node 20) and hands it over. */
  private grow(): void {
    const old = this.slots;
    const next = new BigInt64Array(new SharedArrayBuffer(old.length * 2 * 8));
    for (let i = 0; i < old.length; i++) next[i] = Atomics.load(old, i);
    this.slots = next;
    this.free = descending(next.length, old.length);
    this.onGrow(next.buffer);
  }
}

/** The trial ids held in `buffer` (see {@link HeldTrialSlots}), in slot order. */
export function readHeldTrials(buffer: SharedArrayBuffer): number[] {
  const slots = new BigInt64Array(buffer);
  const ids: number[] = [];
  for (let i = 0; i < slots.length; i++) {
    const v = Atomics.load(slots, i);
    if (v !== 0n) ids.push(Number(v - 1n));
  }
  return ids;
}

/** [to - 1, ..., from]: a free list that pops the lowest slot first. */
function descending(to: number, from: number): number[] {
  return Array.from({ length: to - from }, (_, i) => to - 1 - i);
}
