/**
 * The closed-form objectives of ../shared/bench/README.md, as textbook formulas over plain numbers.
 */

/** Branin–Hoo on [−5, 10] × [0, 15]; minimum 0.397887 at (−π, 12.275), (π, 2.275), (9.42478, 2.475). */
export function branin(x: readonly number[]): number {
  const [x0, x1] = x as [number, number];
  const b = 5.1 / (4 * Math.PI ** 2);
  const c = 5 / Math.PI;
  const t = 1 / (8 * Math.PI);
  return (x1 - b * x0 ** 2 + c * x0 - 6) ** 2 + 10 * (1 - t) * Math.cos(x0) + 10;
}

const HARTMANN6_ALPHA = [1.0, 1.2, 3.0, 3.2];
const HARTMANN6_A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const HARTMANN6_P = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
].map((row) => row.map((p) => p * 1e-4));

/** Hartmann 6-D on [0, 1]^6; minimum −3.32237. */
export function hartmann6(x: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < 4; i++) {
    let inner = 0;
    for (let j = 0; j < 6; j++) {
      inner +=
        ((HARTMANN6_A[i] as number[])[j] as number) *
        ((x[j] as number) - ((HARTMANN6_P[i] as number[])[j] as number)) ** 2;
    }
    sum += (HARTMANN6_ALPHA[i] as number) * Math.exp(-inner);
  }
  return -sum;
}

/** Rosenbrock: Σ 100(x_{i+1} − x_i²)² + (1 − x_i)²; minimum 0 at (1, …, 1). */
export function rosenbrock(x: readonly number[]): number {
  let s = 0;
  for (let i = 0; i + 1 < x.length; i++) {
    const xi = x[i] as number;
    s += 100 * ((x[i + 1] as number) - xi * xi) ** 2 + (1 - xi) ** 2;
  }
  return s;
}

/** Ackley with a = 20, b = 0.2, c = 2π; minimum 0 at the origin. */
export function ackley(x: readonly number[]): number {
  const d = x.length;
  let squares = 0;
  let cosines = 0;
  for (const v of x) {
    squares += v * v;
    cosines += Math.cos(2 * Math.PI * v);
  }
  return -20 * Math.exp(-0.2 * Math.sqrt(squares / d)) - Math.exp(cosines / d) + 20 + Math.E;
}

/** Levy; minimum 0 at (1, …, 1). */
export function levy(x: readonly number[]): number {
  const w = x.map((v) => 1 + (v - 1) / 4);
  const d = w.length;
  const first = w[0] as number;
  const last = w[d - 1] as number;
  let s = Math.sin(Math.PI * first) ** 2;
  for (let i = 0; i + 1 < d; i++) {
    const wi = w[i] as number;
    s += (wi - 1) ** 2 * (1 + 10 * Math.sin(Math.PI * wi + 1) ** 2);
  }
  return s + (last - 1) ** 2 * (1 + Math.sin(2 * Math.PI * last) ** 2);
}

/** Styblinski–Tang: ½ Σ (x⁴ − 16x² + 5x); minimum −39.16617·d at x_i = −2.903534. */
export function styblinskiTang(x: readonly number[]): number {
  let s = 0;
  for (const v of x) s += v ** 4 - 16 * v * v + 5 * v;
  return s / 2;
}

const MIXED_OFFSET: Readonly<Record<string, number>> = { sgd: 0.3, adam: 0, rmsprop: 0.1, adagrad: 0.5 };
const MIXED_LR: Readonly<Record<string, number>> = { sgd: 1e-1, adam: 1e-3, rmsprop: 1e-3, adagrad: 1e-2 };

/** mixed_synth: categorical optimizer, log lr, int layers, log-int units, float dropout; minimum 0. */
export function mixedSynth(p: {
  readonly optimizer: string;
  readonly lr: number;
  readonly n_layers: number;
  readonly units: number;
  readonly dropout: number;
}): number {
  const o = p.optimizer;
  return (
    (MIXED_OFFSET[o] as number) +
    0.25 * (Math.log10(p.lr) - Math.log10(MIXED_LR[o] as number)) ** 2 +
    0.1 * (p.n_layers - 3) ** 2 +
    (Math.log2(p.units) - 7) ** 2 / 16 +
    2 * (p.dropout - 0.2) ** 2
  );
}

/** conditional_synth: one formula per `model` branch, each seeing only its own parameters; minimum 0 (net). */
export function conditionalSynth(p: Readonly<Record<string, string | number>>): number {
  switch (p.model) {
    case "linear":
      return 0.5 + (Math.log10(p.linear_C as number) - 1) ** 2 / 16;
    case "tree":
      return (
        0.2 + (((p.tree_depth as number) - 8) / 8) ** 2 + (Math.log2(p.tree_min_leaf as number) - 3) ** 2 / 16
      );
    case "net": {
      const u = Math.log10(p.net_lr as number) + 2.5;
      return (
        (u * u) / 4 +
        0.1 * (1 - Math.cos(2 * Math.PI * u)) +
        0.1 * ((p.net_layers as number) - 2) ** 2 +
        2 * ((p.net_dropout as number) - 0.3) ** 2
      );
    }
    default:
      throw new Error(`conditional_synth: unknown model ${String(p.model)}.`);
  }
}

/** ZDT1 and ZDT2 (two minimized objectives): f1 = x0, g = 1 + 9·Σ_{i≥1} x_i/(d−1). */
export function zdt(which: "zdt1" | "zdt2", x: readonly number[]): [number, number] {
  const f1 = x[0] as number;
  let rest = 0;
  for (let i = 1; i < x.length; i++) rest += x[i] as number;
  const g = 1 + (9 * rest) / (x.length - 1);
  const f2 = which === "zdt1" ? g * (1 - Math.sqrt(f1 / g)) : g * (1 - (f1 / g) ** 2);
  return [f1, f2];
}

/** The vector functions by their problems.json name. */
export const VECTOR_FUNCTIONS: Readonly<Record<string, (x: readonly number[]) => number>> = {
  branin,
  hartmann6,
  rosenbrock,
  ackley,
  levy,
  styblinski_tang: styblinskiTang,
};
