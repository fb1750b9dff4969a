/**
 * More closed-form test functions, for bench/extra/problems.json: the shapes the shared suite lacks —
 * exact-zero minima reached quadratically (a log of the loss turns them into cusps), losses spanning
 * many orders of magnitude (Goldstein–Price, Beale, Zakharov), several global minima (Himmelblau,
 * six-hump camel) and a steep multimodal one (Rastrigin). Textbook formulas (Surjanovic & Bingham's
 * Virtual Library of Simulation Experiments lists them all with their domains and minima).
 */
import { rosenbrock } from "./synthetic.js";

/** Beale on [−4.5, 4.5]²; minimum 0 at (3, 0.5); values up to ~1.8e5 in the corners. */
export function beale(x: readonly number[]): number {
  const [a, b] = x as [number, number];
  return (1.5 - a + a * b) ** 2 + (2.25 - a + a * b * b) ** 2 + (2.625 - a + a * b ** 3) ** 2;
}

/** Goldstein–Price on [−2, 2]²; minimum 3 at (0, −1); values up to ~1e6. */
export function goldsteinPrice(x: readonly number[]): number {
  const [a, b] = x as [number, number];
  const s = a + b + 1;
  const t = 2 * a - 3 * b;
  return (
    (1 + s * s * (19 - 14 * a + 3 * a * a - 14 * b + 6 * a * b + 3 * b * b)) *
    (30 + t * t * (18 - 32 * a + 12 * a * a + 48 * b - 36 * a * b + 27 * b * b))
  );
}

/** Six-hump camel on [−3, 3] × [−2, 2]; minimum −1.0316285 at ±(0.0898, −0.7126). */
export function sixHumpCamel(x: readonly number[]): number {
  const [a, b] = x as [number, number];
  return (4 - 2.1 * a * a + a ** 4 / 3) * a * a + a * b + (-4 + 4 * b * b) * b * b;
}

/** Three-hump camel on [−5, 5]²; minimum 0 at the origin. */
export function threeHumpCamel(x: readonly number[]): number {
  const [a, b] = x as [number, number];
  return 2 * a * a - 1.05 * a ** 4 + a ** 6 / 6 + a * b + b * b;
}

/** Himmelblau on [−5, 5]²; minimum 0 at four points, one of them (3, 2). */
export function himmelblau(x: readonly number[]): number {
  const [a, b] = x as [number, number];
  return (a * a + b - 11) ** 2 + (a + b * b - 7) ** 2;
}

const HARTMANN3_ALPHA = [1.0, 1.2, 3.0, 3.2];
const HARTMANN3_A = [
  [3, 10, 30],
  [0.1, 10, 35],
  [3, 10, 30],
  [0.1, 10, 35],
];
const HARTMANN3_P = [
  [3689, 1170, 2673],
  [4699, 4387, 7470],
  [1091, 8732, 5547],
  [381, 5743, 8828],
].map((row) => row.map((p) => p * 1e-4));

/** Hartmann 3-D on [0, 1]³; minimum −3.86278 at (0.114614, 0.555649, 0.852547). */
export function hartmann3(x: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < 4; i++) {
    let inner = 0;
    for (let j = 0; j < 3; j++) {
      const a = (HARTMANN3_A[i] as number[])[j] as number;
      const p = (HARTMANN3_P[i] as number[])[j] as number;
      inner += a * ((x[j] as number) - p) ** 2;
    }
    sum += (HARTMANN3_ALPHA[i] as number) * Math.exp(-inner);
  }
  return -sum;
}

/** Dixon–Price on [−10, 10]^d: (x₁ − 1)² + Σ_{i≥2} i(2x_i² − x_{i−1})²; minimum 0 at x_i = 2^(−(2^i − 2)/2^i). */
export function dixonPrice(x: readonly number[]): number {
  let s = ((x[0] as number) - 1) ** 2;
  for (let i = 1; i < x.length; i++) {
    const xi = x[i] as number;
    s += (i + 1) * (2 * xi * xi - (x[i - 1] as number)) ** 2;
  }
  return s;
}

/** Zakharov on [−5, 10]^d: Σx² + (Σ ½ i x_i)² + (Σ ½ i x_i)⁴; minimum 0 at the origin. */
export function zakharov(x: readonly number[]): number {
  let squares = 0;
  let weighted = 0;
  x.forEach((v, i) => {
    squares += v * v;
    weighted += 0.5 * (i + 1) * v;
  });
  return squares + weighted ** 2 + weighted ** 4;
}

/** Rastrigin on [−5.12, 5.12]^d: 10d + Σ(x² − 10 cos 2πx); minimum 0 at the origin. */
export function rastrigin(x: readonly number[]): number {
  let s = 10 * x.length;
  for (const v of x) s += v * v - 10 * Math.cos(2 * Math.PI * v);
  return s;
}

/**
 * Powell on [−4, 5]^d, d a multiple of 4: per block (x₁ + 10x₂)² + 5(x₃ − x₄)² + (x₂ − 2x₃)⁴ +
 * 10(x₁ − x₄)⁴; minimum 0 at the origin, singular (the Hessian there is not of full rank).
 */
export function powell(x: readonly number[]): number {
  let s = 0;
  for (let i = 0; i + 3 < x.length; i += 4) {
    const [a, b, c, d] = [x[i], x[i + 1], x[i + 2], x[i + 3]] as [number, number, number, number];
    s += (a + 10 * b) ** 2 + 5 * (c - d) ** 2 + (b - 2 * c) ** 4 + 10 * (a - d) ** 4;
  }
  return s;
}

/** Michalewicz (m = 10) on [0, π]^d; minimum −4.687658 for d = 5. */
export function michalewicz(x: readonly number[]): number {
  let s = 0;
  x.forEach((v, i) => {
    s -= Math.sin(v) * Math.sin(((i + 1) * v * v) / Math.PI) ** 20;
  });
  return s;
}

/**
 * A standard normal draw that depends only on the point: the bits of the coordinates mixed by a 64-bit
 * hash (splitmix64's finalizer), two uniforms, Box–Muller. The same point always gets the same draw.
 */
export function pointNormal(x: readonly number[]): number {
  const view = new DataView(new ArrayBuffer(8));
  let h = 0x9e3779b97f4a7c15n;
  for (const v of x) {
    view.setFloat64(0, v);
    h = mix64(h ^ view.getBigUint64(0));
  }
  const u1 = (Number(mix64(h) >> 11n) + 0.5) / 2 ** 53;
  const u2 = Number(mix64(h + 0x632be59bd9b4e019n) >> 11n) / 2 ** 53;
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

function mix64(z0: bigint): bigint {
  let z = BigInt.asUintN(64, z0 + 0x9e3779b97f4a7c15n);
  z = BigInt.asUintN(64, (z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n);
  z = BigInt.asUintN(64, (z ^ (z >> 27n)) * 0x94d049bb133111ebn);
  return z ^ (z >> 31n);
}

/**
 * `f` observed with multiplicative log-normal noise of log-sd 0.2 (about ±20 %, as seed-to-seed noise of
 * a validation loss), a fixed draw per point ({@link pointNormal}): to a GP indistinguishable from noise,
 * yet reproducible run to run.
 */
function noisy(f: (x: readonly number[]) => number): (x: readonly number[]) => number {
  return (x) => f(x) * Math.exp(0.2 * pointNormal(x));
}

/** The functions above by the name problems.json gives them. */
export const EXTRA_VECTOR_FUNCTIONS: Readonly<Record<string, (x: readonly number[]) => number>> = {
  beale,
  goldstein_price: goldsteinPrice,
  six_hump_camel: sixHumpCamel,
  three_hump_camel: threeHumpCamel,
  himmelblau,
  hartmann3,
  dixon_price: dixonPrice,
  zakharov,
  rastrigin,
  powell,
  michalewicz,
  noisy_goldstein_price: noisy(goldsteinPrice),
  noisy_beale: noisy(beale),
  noisy_dixon_price: noisy(dixonPrice),
  noisy_rosenbrock: noisy(rosenbrock),
};
