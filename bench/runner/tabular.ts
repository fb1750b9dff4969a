/**
 * Tabular benchmarks (../shared/bench/data/*.json): each configuration's per-seed results, addressed by
 * the mixed-radix number of its parameter indices (first parameter most significant).
 */
import { readFileSync } from "node:fs";

interface TableFile {
  readonly params: readonly { readonly name: string; readonly grid: readonly (string | number)[] }[];
  readonly n_configs: number;
  readonly values: readonly (readonly (number | null)[])[];
}

/**
 * One table, with the seed mean of every configuration precomputed, so a lookup is an index computation.
 * @example
 * const table = TabularTable.load("…/data/nasbench201-cifar10.json");
 * table.value({ Op0: 3, Op1: 3, Op2: 3, Op3: 1, Op4: 3, Op5: 2 }); // indices into each grid
 */
export class TabularTable {
  /** Parameter names in radix order (first most significant). */
  readonly names: readonly string[];
  /** Each parameter's grid of real values. */
  readonly grids: ReadonlyMap<string, readonly (string | number)[]>;
  /** Mean over the stored seeds of each configuration. */
  readonly means: Float64Array;

  private constructor(file: TableFile) {
    this.names = file.params.map((p) => p.name);
    this.grids = new Map(file.params.map((p) => [p.name, p.grid]));
    const expected = file.params.reduce((n, p) => n * p.grid.length, 1);
    if (file.values.length !== expected || file.n_configs !== expected) {
      throw new Error(`table has ${file.values.length} configurations, but its grids give ${expected}.`);
    }
    this.means = new Float64Array(expected);
    file.values.forEach((seeds, i) => {
      const finite = seeds.filter((v): v is number => typeof v === "number" && Number.isFinite(v));
      this.means[i] = finite.length === 0 ? Number.NaN : finite.reduce((s, v) => s + v, 0) / finite.length;
    });
  }

  /** Reads and indexes a table file. */
  static load(path: string): TabularTable {
    return new TabularTable(JSON.parse(readFileSync(path, "utf8")) as TableFile);
  }

  /** The configuration number of `indices` (one grid index per parameter, by name). */
  configIndex(indices: Readonly<Record<string, number>>): number {
    let i = 0;
    for (const name of this.names) {
      const grid = this.grids.get(name) as readonly unknown[];
      const k = indices[name];
      if (k === undefined || !Number.isInteger(k) || k < 0 || k >= grid.length) {
        throw new Error(
          `table lookup: parameter "${name}" needs an index in 0…${grid.length - 1}, got ${String(k)}.`,
        );
      }
      i = i * grid.length + k;
    }
    return i;
  }

  /** The seed mean of the configuration with grid `indices`. */
  value(indices: Readonly<Record<string, number>>): number {
    return this.means[this.configIndex(indices)] as number;
  }

  /** Grid index of a real value of parameter `name` (a categorical choice), or −1. */
  indexOf(name: string, value: string | number | boolean | null): number {
    return (this.grids.get(name) ?? []).indexOf(value as string | number);
  }
}
