/**
 * The datasets of the training benchmarks (../../extra/data/*.csv): CSV loading, a seeded random stream,
 * the fixed train/validation split and standardization with the training rows' statistics.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** Where the CSV files live: bench/extra/data. */
export const DATA_DIR = join(import.meta.dirname, "../../extra/data");

/** A dense table: `x` holds `rows × cols` features row-major, `y` the label or target of each row. */
export interface Table {
  readonly rows: number;
  readonly cols: number;
  readonly x: Float64Array;
  readonly y: Float64Array;
}

/** A train/validation pair of tables with the same columns. */
export interface Split {
  readonly train: Table;
  readonly valid: Table;
}

/**
 * Reads a CSV file with a header row whose last column is the label or target.
 * @example
 * const table = readCsv(join(DATA_DIR, "diabetes.csv")); // table.rows === 442, table.cols === 10
 */
export function readCsv(path: string): Table {
  const lines = readFileSync(path, "utf8").split("\n");
  const header = (lines[0] ?? "").split(",");
  const cols = header.length - 1;
  const body = lines.slice(1).filter((line) => line.trim() !== "");
  const x = new Float64Array(body.length * cols);
  const y = new Float64Array(body.length);
  body.forEach((line, r) => {
    const cells = line.split(",");
    if (cells.length !== cols + 1) throw new Error(`${path}: row ${r + 2} has ${cells.length} cells.`);
    for (let c = 0; c < cols; c++) x[r * cols + c] = Number(cells[c]);
    y[r] = Number(cells[cols]);
  });
  if (x.some((v) => !Number.isFinite(v)) || y.some((v) => !Number.isFinite(v)))
    throw new Error(`${path}: non-numeric cell.`);
  return { rows: body.length, cols, x, y };
}

/**
 * A small seeded generator of uniform numbers in [0, 1) (a 32-bit multiply–xorshift mix of a Weyl
 * sequence); the same seed always gives the same stream.
 * @example
 * const rng = new Rng(7);
 * rng.next(); // in [0, 1)
 */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** The next number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    z ^= z >>> 16;
    return (z >>> 0) / 4294967296;
  }

  /** A uniform number in [−a, a). */
  symmetric(a: number): number {
    return (2 * this.next() - 1) * a;
  }

  /** Shuffles `order` in place (Fisher–Yates). */
  shuffle(order: Uint32Array | number[]): void {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const t = order[i] as number;
      order[i] = order[j] as number;
      order[j] = t;
    }
  }
}

function pick(table: Table, indices: readonly number[]): Table {
  const { cols } = table;
  const x = new Float64Array(indices.length * cols);
  const y = new Float64Array(indices.length);
  indices.forEach((r, i) => {
    x.set(table.x.subarray(r * cols, (r + 1) * cols), i * cols);
    y[i] = table.y[r] as number;
  });
  return { rows: indices.length, cols, x, y };
}

/**
 * The fixed split: rows shuffled by `Rng(seed)`, the first `round(rows · validFraction)` of them to
 * validation, the rest (or the next `maxTrain` of them) to training, both in file order.
 * @example
 * const { train, valid } = splitRows(readCsv(path), 0.25, 1);
 */
export function splitRows(table: Table, validFraction: number, seed: number, maxTrain = table.rows): Split {
  const order = Array.from({ length: table.rows }, (_, i) => i);
  new Rng(seed).shuffle(order);
  const nValid = Math.round(table.rows * validFraction);
  const valid = order.slice(0, nValid).sort((a, b) => a - b);
  const train = order.slice(nValid, nValid + maxTrain).sort((a, b) => a - b);
  return { train: pick(table, train), valid: pick(table, valid) };
}

/**
 * Standardizes the features of both tables in place with the mean and standard deviation of the training
 * rows; a constant training column becomes 0.
 * @example
 * const split = standardize(splitRows(readCsv(path), 0.25, 1));
 */
export function standardize(split: Split): Split {
  const { train, valid } = split;
  const { cols } = train;
  for (let c = 0; c < cols; c++) {
    let mean = 0;
    for (let r = 0; r < train.rows; r++) mean += train.x[r * cols + c] as number;
    mean /= train.rows;
    let variance = 0;
    for (let r = 0; r < train.rows; r++) variance += ((train.x[r * cols + c] as number) - mean) ** 2;
    const sd = Math.sqrt(variance / train.rows);
    const scale = sd > 0 ? 1 / sd : 0;
    for (const t of [train, valid]) {
      for (let r = 0; r < t.rows; r++) t.x[r * cols + c] = ((t.x[r * cols + c] as number) - mean) * scale;
    }
  }
  return split;
}

/**
 * A lazily computed value: `make` runs on the first call only.
 * @example
 * const data = once(() => standardize(splitRows(readCsv(path), 0.25, 1)));
 * data().train.rows;
 */
export function once<T>(make: () => T): () => T {
  let value: T | undefined;
  let done = false;
  return () => {
    if (!done) {
      value = make();
      done = true;
    }
    return value as T;
  };
}

/** The training settings by name, as the benchmark runner passes them. */
export type TrainingParams = Readonly<Record<string, number | string>>;

/**
 * The numeric parameter `name` of `params`, checked to be a finite number.
 * @example
 * const lr = numberParam({ lr: 0.1 }, "lr"); // 0.1
 */
export function numberParam(params: TrainingParams, name: string): number {
  const value = params[name];
  if (typeof value !== "number" || !Number.isFinite(value))
    throw new Error(`training objective: parameter "${name}" must be a finite number, got ${String(value)}.`);
  return value;
}

/**
 * The integer parameter `name` of `params` (rounded), at least `min`.
 * @example
 * const epochs = intParam({ epochs: 20 }, "epochs", 1); // 20
 */
export function intParam(params: TrainingParams, name: string, min: number): number {
  return Math.max(min, Math.round(numberParam(params, name)));
}

/**
 * −ln of the probability clip 1e-12: the largest value a clipped cross-entropy can take (every sample
 * confidently wrong), and the value a classifier whose training diverged to NaN/∞ scores.
 */
export const MAX_CROSS_ENTROPY = -Math.log(1e-12);

/**
 * −ln p with p clipped to [1e-12, 1 − 1e-12]: one sample's cross-entropy given the probability `p` of its
 * true class.
 * @example
 * clippedLogLoss(0.5); // ln 2
 * clippedLogLoss(0); // ≈ 27.63
 */
export function clippedLogLoss(p: number): number {
  const q = p < 1e-12 ? 1e-12 : p > 1 - 1e-12 ? 1 - 1e-12 : p;
  return -Math.log(q);
}

/**
 * The cap of the regression objectives (validation MSE over validation variance): 1000 times the constant
 * predictor's ≈ 1, returned for larger values and for training that diverged to NaN/∞.
 */
export const MAX_RELATIVE_MSE = 1e3;
