import { InvalidArgumentError } from "../../errors.js";
import type { Choice, ParamValue } from "../../search-space/distribution.js";

/** The values to try, per parameter; the grid is the cartesian product of these lists. */
export type GridSearchSpace = Readonly<Record<string, readonly Choice[]>>;

/** The largest grid enumerated: indices stay exact doubles and the shuffle's halves fit in 26 bits. */
export const MAX_GRID_SIZE = 2 ** 52;

/**
 * A validated grid: the cartesian product of value lists, numbered 0 … size − 1 in mixed radix over the
 * parameter names sorted, so a point's number does not depend on the key order of the options object
 * (workers that spell the same grid with keys in another order still agree on every point).
 * @example
 * const grid = new GridSpace({ lr: [0.1, 0.01], layers: [1, 2, 3] });
 * grid.size; // 6
 * grid.pointAt(grid.indexOf({ lr: 0.01, layers: 3 })); // { layers: 3, lr: 0.01 }
 */
export class GridSpace {
  /** Parameter names, sorted. */
  readonly names: readonly string[];
  /** Number of grid points. */
  readonly size: number;
  /** Identifies the grid (names and value lists) in the shared claim record, so mismatched workers are caught. */
  readonly fingerprint: string;
  private readonly lists: ReadonlyMap<string, readonly Choice[]>;
  /** Index weight of each name's position in its list, names in `names` order (the last varies fastest). */
  private readonly strides: readonly number[];

  constructor(searchSpace: GridSearchSpace) {
    if (searchSpace === null || typeof searchSpace !== "object" || Array.isArray(searchSpace)) {
      throw new InvalidArgumentError(
        `GridSampler: searchSpace must be an object of parameter name → list of values, such as { lr: [0.1, 0.01] }, but got ${show(searchSpace)}.`,
        { name: "searchSpace", value: searchSpace },
      );
    }
    this.names = Object.keys(searchSpace).sort();
    if (this.names.length === 0) {
      throw new InvalidArgumentError(
        `GridSampler: searchSpace must name at least one parameter, but got {}. Give each parameter the values to try, such as { lr: [0.1, 0.01] }.`,
        { name: "searchSpace", value: searchSpace },
      );
    }
    const lists = new Map<string, readonly Choice[]>();
    for (const name of this.names) lists.set(name, checkedList(name, searchSpace[name]));
    this.lists = lists;
    const strides = new Array<number>(this.names.length);
    let size = 1;
    for (let i = this.names.length - 1; i >= 0; i--) {
      strides[i] = size;
      size *= (lists.get(this.names[i] as string) as readonly Choice[]).length;
    }
    if (size > MAX_GRID_SIZE) {
      throw new InvalidArgumentError(
        `GridSampler: the grid must have at most 2^52 points, but the product of the list lengths is ${size}. Use fewer values or fewer parameters.`,
        { name: "searchSpace", value: size },
      );
    }
    this.strides = strides;
    this.size = size;
    this.fingerprint = fnv1a(JSON.stringify(this.names.map((name) => [name, lists.get(name)])));
  }

  /** The values listed for `name`, or undefined when the grid does not have it. */
  values(name: string): readonly Choice[] | undefined {
    return this.lists.get(name);
  }

  /** The grid point numbered `index` (0 ≤ index < size), by parameter name. */
  pointAt(index: number): Record<string, Choice> {
    const point: Record<string, Choice> = {};
    let rest = index;
    this.names.forEach((name, i) => {
      const stride = this.strides[i] as number;
      const digit = Math.floor(rest / stride);
      rest -= digit * stride;
      point[name] = (this.lists.get(name) as readonly Choice[])[digit] as Choice;
    });
    return point;
  }

  /** The number of the grid point `params` names (other names ignored), or −1 when it names none. */
  indexOf(params: Readonly<Record<string, ParamValue>>): number {
    let index = 0;
    for (let i = 0; i < this.names.length; i++) {
      const name = this.names[i] as string;
      if (!Object.hasOwn(params, name)) return -1;
      const digit = position(this.lists.get(name) as readonly Choice[], params[name] as ParamValue);
      if (digit < 0) return -1;
      index += digit * (this.strides[i] as number);
    }
    return index;
  }
}

function checkedList(name: string, list: unknown): readonly Choice[] {
  if (!Array.isArray(list) || list.length === 0) {
    throw new InvalidArgumentError(
      `GridSampler: the values of "${name}" must be a non-empty array, but got ${show(list)}. List the values to try, such as [0.1, 0.01].`,
      { name, value: list },
    );
  }
  // A Map compares keys as SameValueZero: −0 and 0 collide, as they do once stored as JSON.
  const seen = new Map<Choice, number>();
  list.forEach((value: unknown, i) => {
    if (!isJsonPrimitive(value)) {
      throw new InvalidArgumentError(
        `GridSampler: value ${i} of "${name}" must be a string, a finite number, a boolean or null, but got ${show(value)}. Grid values are stored as JSON.`,
        { name, value },
      );
    }
    const first = seen.get(value);
    if (first !== undefined) {
      throw new InvalidArgumentError(
        `GridSampler: "${name}" lists ${JSON.stringify(value)} twice (values ${first} and ${i}). List each value once, or its grid points would run twice.`,
        { name, value },
      );
    }
    seen.set(value, i);
  });
  return Object.freeze([...list]);
}

function isJsonPrimitive(value: unknown): value is Choice {
  return (
    value === null ||
    typeof value === "string" ||
    typeof value === "boolean" ||
    (typeof value === "number" && Number.isFinite(value))
  );
}

/** Index of `value` in `list` (−0 and 0 count as the same value, as in JSON), or −1. */
function position(list: readonly Choice[], value: ParamValue): number {
  return list.indexOf(value);
}

/** 32-bit FNV-1a of a string, as 8 hex digits. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, "0");
}

function show(value: unknown): string {
  if (typeof value === "number" || value === undefined || typeof value === "bigint") return String(value);
  if (typeof value === "function") return "a function";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
