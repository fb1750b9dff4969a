import { InvalidArgumentError, StorageError } from "../../errors.js";
import type { StateRecord } from "../../storage/storage.js";
import type { StateStore } from "../../study/study-view.js";
import type { JsonValue } from "../../trial/frozen-trial.js";
import type { GridSpace } from "./grid-space.js";
import { ShuffledOrder } from "./shuffled-order.js";

/** The key of the claim record in the study's state store. */
export const GRID_STATE_KEY = "sampler:grid";

/** Compare-and-set attempts before giving up; each lost attempt means another writer made progress. */
const MAX_ATTEMPTS = 1000;

/**
 * The shared claim record of a grid (format 1), stored under {@link GRID_STATE_KEY}. Positions
 * `0 … next − 1` of the shuffled order are claimed, and so are the grid indices in `taken` (points that
 * enqueued trials claimed ahead of the order; all at positions ≥ next). Its size is O(1) plus the
 * enqueued points, however large the grid.
 */
export interface GridClaimState {
  readonly format: 1;
  /** {@link GridSpace.fingerprint} of the grid the claims refer to. */
  readonly grid: string;
  readonly size: number;
  /** Seed of the shuffled order, fixed by the first claim: later workers follow it whatever their own seed. */
  readonly seed: number;
  readonly next: number;
  /** Sorted ascending. */
  readonly taken: readonly number[];
}

/** A claim record with the version it was read at (0: not written yet). */
interface Versioned {
  readonly version: number;
  readonly state: GridClaimState;
}

/** How many grid points the record marks as claimed. */
export function claimedCount(state: GridClaimState): number {
  return state.next + state.taken.length;
}

/**
 * Claims the next unclaimed position of the order; null when every point is claimed.
 * @example
 * takeNext(state, new ShuffledOrder(state.size, state.seed))?.index;
 */
export function takeNext(
  state: GridClaimState,
  order: ShuffledOrder,
): { readonly state: GridClaimState; readonly index: number } | null {
  const taken = new Set(state.taken);
  const start = skipTaken(state.next, state.size, taken, order);
  if (start >= state.size) return null;
  const next = skipTaken(start + 1, state.size, taken, order);
  return { state: { ...state, next, taken: [...taken].sort((a, b) => a - b) }, index: order.at(start) };
}

/**
 * Claims grid point `index` out of order (an enqueued trial); null when it is already claimed.
 * @example
 * takeIndex(state, order, grid.indexOf(trial.params));
 */
export function takeIndex(state: GridClaimState, order: ShuffledOrder, index: number): GridClaimState | null {
  const at = order.positionOf(index);
  if (at < state.next || state.taken.includes(index)) return null;
  const taken = new Set(state.taken);
  if (at === state.next) {
    const next = skipTaken(at + 1, state.size, taken, order);
    return { ...state, next, taken: [...taken].sort((a, b) => a - b) };
  }
  return { ...state, taken: [...state.taken, index].sort((a, b) => a - b) };
}

function toJson(state: GridClaimState): JsonValue {
  const { format, grid, size, seed, next, taken } = state;
  return { format, grid, size, seed, next, taken };
}

/** The first position from `from` whose point is not in `taken`, removing the points it passes. */
function skipTaken(from: number, size: number, taken: Set<number>, order: ShuffledOrder): number {
  let p = from;
  while (p < size && taken.delete(order.at(p))) p++;
  return p;
}

/**
 * Reads and claims grid points through a study's compare-and-set state store, retrying on conflict, so
 * concurrent trials, `Study` objects, processes and machines never claim the same point twice.
 * @example
 * const claims = new GridClaims(new GridSpace({ x: [1, 2, 3] }), 42);
 * const index = await claims.claimNext(study.state, study.studyName); // null once all are claimed
 */
export class GridClaims {
  private order: ShuffledOrder;

  constructor(
    private readonly space: GridSpace,
    private readonly seed: number,
  ) {
    this.order = new ShuffledOrder(space.size, seed);
  }

  /** How many points are claimed in the study. */
  async claimed(store: StateStore, studyName: string): Promise<number> {
    return claimedCount((await this.read(store, studyName)).state);
  }

  /** Claims the next unclaimed point of the order and returns its grid index; null when none is left. */
  claimNext(store: StateStore, studyName: string): Promise<number | null> {
    return this.update(store, studyName, (state, order) => {
      const taken = takeNext(state, order);
      return taken === null ? { write: null, result: null } : { write: taken.state, result: taken.index };
    });
  }

  /** Claims grid point `index`; false when it was already claimed. */
  claimIndex(store: StateStore, studyName: string, index: number): Promise<boolean> {
    return this.update(store, studyName, (state, order) => {
      const write = takeIndex(state, order, index);
      return { write, result: write !== null };
    });
  }

  private async update<T>(
    store: StateStore,
    studyName: string,
    change: (state: GridClaimState, order: ShuffledOrder) => { write: GridClaimState | null; result: T },
  ): Promise<T> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const { version, state } = await this.read(store, studyName);
      const { write, result } = change(state, this.orderFor(state.seed));
      if (write === null) return result;
      if ((await store.compareAndSet(GRID_STATE_KEY, version, toJson(write))) !== null) return result;
    }
    throw new StorageError(
      `GridSampler: study "${studyName}": ${MAX_ATTEMPTS} compare-and-set attempts on "${GRID_STATE_KEY}" in a row lost to other writers. The storage's compareAndSetState may be broken; check that it returns the new record on success.`,
      { name: GRID_STATE_KEY },
    );
  }

  private orderFor(seed: number): ShuffledOrder {
    if (this.order.seed !== seed) this.order = new ShuffledOrder(this.space.size, seed);
    return this.order;
  }

  private async read(store: StateStore, studyName: string): Promise<Versioned> {
    const record = await store.get(GRID_STATE_KEY);
    if (record === null) {
      const state: GridClaimState = {
        format: 1,
        grid: this.space.fingerprint,
        size: this.space.size,
        seed: this.seed,
        next: 0,
        taken: [],
      };
      return { version: 0, state };
    }
    return { version: record.version, state: this.parse(record, studyName) };
  }

  private parse(record: StateRecord, studyName: string): GridClaimState {
    const v = record.value as Partial<Record<keyof GridClaimState, unknown>> | null;
    const count = (x: unknown): x is number => typeof x === "number" && Number.isInteger(x) && x >= 0;
    const valid =
      v !== null &&
      typeof v === "object" &&
      v.format === 1 &&
      typeof v.grid === "string" &&
      count(v.size) &&
      Number.isInteger(v.seed) &&
      count(v.next) &&
      Array.isArray(v.taken) &&
      v.taken.every(count);
    if (!valid) {
      throw new StorageError(
        `GridSampler: study "${studyName}" holds a "${GRID_STATE_KEY}" record this version cannot read: ${JSON.stringify(record.value)}. It was written by another sampler or a newer tunekit; use a new study.`,
        { name: GRID_STATE_KEY, value: record.value },
      );
    }
    const state = v as GridClaimState;
    if (state.grid !== this.space.fingerprint || state.size !== this.space.size) {
      throw new InvalidArgumentError(
        `GridSampler: study "${studyName}" is being enumerated over another grid (${state.size} points, fingerprint ${state.grid}), but this sampler's grid has ${this.space.size} points (fingerprint ${this.space.fingerprint}). Give every worker the same searchSpace, or load the study without a sampler to rebuild the stored one.`,
        { name: "searchSpace", value: state.grid },
      );
    }
    return state;
  }
}
