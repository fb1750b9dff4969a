import { describe, expect, it } from "vitest";
import { rejection } from "../../../test/helpers.js";
import { InvalidArgumentError, StorageError } from "../../errors.js";
import type { StateRecord } from "../../storage/storage.js";
import type { StateStore } from "../../study/study-view.js";
import type { JsonValue } from "../../trial/frozen-trial.js";
import { GRID_STATE_KEY, type GridClaimState, GridClaims, takeIndex, takeNext } from "./grid-claims.js";
import { GridSpace } from "./grid-space.js";
import { ShuffledOrder } from "./shuffled-order.js";

const GRID = new GridSpace({ a: [1, 2, 3], b: ["x", "y"] });

/** An in-memory state store with the storage contract's compare-and-set, and hooks to simulate rivals. */
class FakeStore implements StateStore {
  record: StateRecord | null = null;
  casCalls = 0;
  /** Runs before each compare-and-set; returning true makes that call lose without writing. */
  beforeCas: (call: number) => boolean | Promise<boolean> = () => false;

  async get(key: string): Promise<StateRecord | null> {
    expect(key).toBe(GRID_STATE_KEY);
    return this.record;
  }

  async compareAndSet(key: string, expectedVersion: number, value: JsonValue): Promise<StateRecord | null> {
    expect(key).toBe(GRID_STATE_KEY);
    if (await this.beforeCas(++this.casCalls)) return null;
    if ((this.record?.version ?? 0) !== expectedVersion) return null;
    this.record = { version: expectedVersion + 1, value: JSON.parse(JSON.stringify(value)) };
    return this.record;
  }
}

function fresh(seed: number): GridClaimState {
  return { format: 1, grid: GRID.fingerprint, size: GRID.size, seed, next: 0, taken: [] };
}

describe("takeNext / takeIndex", () => {
  it("takeNext walks the shuffled order, each index once, then returns null", () => {
    const order = new ShuffledOrder(GRID.size, 5);
    let state = fresh(5);
    const indices: number[] = [];
    for (;;) {
      const taken = takeNext(state, order);
      if (taken === null) break;
      indices.push(taken.index);
      state = taken.state;
    }
    expect(indices).toEqual(Array.from({ length: GRID.size }, (_, p) => order.at(p)));
    expect(state.next).toBe(GRID.size);
  });

  it("an index taken ahead of the order is skipped later, and the record stays compact", () => {
    const order = new ShuffledOrder(GRID.size, 5);
    const ahead = order.at(3);
    let state = takeIndex(fresh(5), order, ahead) as GridClaimState;
    expect(state).toMatchObject({ next: 0, taken: [ahead] });
    expect(takeIndex(state, order, ahead)).toBeNull();
    const indices: number[] = [];
    for (let taken = takeNext(state, order); taken !== null; taken = takeNext(state, order)) {
      indices.push(taken.index);
      state = taken.state;
    }
    expect(indices).toHaveLength(GRID.size - 1);
    expect(indices).not.toContain(ahead);
    expect(state).toMatchObject({ next: GRID.size, taken: [] });
  });

  it("taking the index at the current position advances past later taken ones", () => {
    const order = new ShuffledOrder(GRID.size, 5);
    let state = takeIndex(fresh(5), order, order.at(1)) as GridClaimState;
    state = takeIndex(state, order, order.at(0)) as GridClaimState;
    expect(state).toMatchObject({ next: 2, taken: [] });
    expect(takeIndex(state, order, order.at(0))).toBeNull();
  });
});

describe("GridClaims", () => {
  it("claims every point once through the store, then null", async () => {
    const store = new FakeStore();
    const claims = new GridClaims(GRID, 11);
    const got: number[] = [];
    for (let i = 0; i < GRID.size; i++) got.push((await claims.claimNext(store, "s")) as number);
    expect([...got].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(await claims.claimNext(store, "s")).toBeNull();
    expect(await claims.claimed(store, "s")).toBe(GRID.size);
    expect(store.record?.value).toMatchObject({ format: 1, next: 6, taken: [], seed: 11 });
  });

  it("retries when a compare-and-set fails", async () => {
    const store = new FakeStore();
    store.beforeCas = (call) => call === 1;
    const claims = new GridClaims(GRID, 11);
    expect(await claims.claimNext(store, "s")).toBe(new ShuffledOrder(GRID.size, 11).at(0));
    expect(store.casCalls).toBe(2);
    expect(store.record?.version).toBe(1);
  });

  it("retries when a rival claims first, and then takes the next point", async () => {
    const store = new FakeStore();
    const rival = new GridClaims(GRID, 11);
    let rivalIndex: number | null = null;
    store.beforeCas = async (call) => {
      if (call === 1) {
        store.beforeCas = () => false;
        rivalIndex = await rival.claimNext(store, "s");
      }
      return false;
    };
    const mine = await new GridClaims(GRID, 11).claimNext(store, "s");
    const order = new ShuffledOrder(GRID.size, 11);
    expect(rivalIndex).toBe(order.at(0));
    expect(mine).toBe(order.at(1));
    expect(store.record?.value).toMatchObject({ next: 2 });
  });

  it("gives up with a StorageError when compare-and-set never succeeds", async () => {
    const store = new FakeStore();
    store.beforeCas = () => true;
    const error = await rejection(new GridClaims(GRID, 1).claimNext(store, "s"));
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).message).toMatch(/compare-and-set attempts on "sampler:grid"/);
  });

  it("claimIndex claims once; a second claim of the same point reports false", async () => {
    const store = new FakeStore();
    const claims = new GridClaims(GRID, 1);
    expect(await claims.claimIndex(store, "s", 4)).toBe(true);
    expect(await claims.claimIndex(store, "s", 4)).toBe(false);
    const rest: number[] = [];
    for (let i = await claims.claimNext(store, "s"); i !== null; i = await claims.claimNext(store, "s"))
      rest.push(i);
    expect(rest.sort()).toEqual([0, 1, 2, 3, 5]);
  });

  it("follows the order of the seed recorded by the first claim, whatever its own seed", async () => {
    const store = new FakeStore();
    await new GridClaims(GRID, 1).claimNext(store, "s");
    const other = new GridClaims(GRID, 2);
    const rest: number[] = [];
    for (let i = await other.claimNext(store, "s"); i !== null; i = await other.claimNext(store, "s"))
      rest.push(i);
    const order = new ShuffledOrder(GRID.size, 1);
    expect(rest).toEqual([1, 2, 3, 4, 5].map((p) => order.at(p)));
  });

  it("refuses a record written for another grid", async () => {
    const store = new FakeStore();
    await new GridClaims(new GridSpace({ a: [1, 2, 3], b: ["x", "z"] }), 1).claimNext(store, "s");
    const error = await rejection(new GridClaims(GRID, 1).claimNext(store, "s"));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toMatch(
      /study "s" is being enumerated over another grid.*same searchSpace/,
    );
  });

  it("refuses a record it cannot read", async () => {
    const store = new FakeStore();
    store.record = { version: 1, value: { format: 2, next: 0 } };
    const error = await rejection(new GridClaims(GRID, 1).claimed(store, "s"));
    expect(error).toBeInstanceOf(StorageError);
    expect((error as Error).message).toMatch(/record this version cannot read/);
  });
});
