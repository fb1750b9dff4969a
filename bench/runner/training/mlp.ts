/**
 * mlp_digits: a one-hidden-layer perceptron (ReLU or tanh, softmax output) on the 8×8 handwritten digits,
 * trained by mini-batch SGD with momentum; the objective is the validation cross-entropy.
 */
import { join } from "node:path";
import {
  clippedLogLoss,
  DATA_DIR,
  intParam,
  MAX_CROSS_ENTROPY,
  numberParam,
  once,
  Rng,
  readCsv,
  splitRows,
  standardize,
  type TrainingParams,
} from "./data.js";

/**
 * Training rows used, of the 1,348 the split leaves: the first ones of the split's seeded shuffle. A cap
 * so the costliest setting (hidden 128, 20 epochs, batch 16) stays under 80 ms on a 2-core machine (about
 * 62 ms ReLU, 71 ms tanh; all 1,348 rows took over 1 s).
 */
export const MLP_TRAIN_ROWS = 100;
const CLASSES = 10;
/** Validation rows per forward pass. */
const VALID_CHUNK = 32;

const data = once(() =>
  standardize(splitRows(readCsv(join(DATA_DIR, "digits.csv")), 0.25, 1, MLP_TRAIN_ROWS)),
);

/** tanh through one exp (Math.tanh is slower here); exact to ~1e-16 absolute, ±1 beyond ±19. */
function tanh(s: number): number {
  return 1 - 2 / (Math.exp(2 * s) + 1);
}

/** Σ u[uo + k]·v[vo + k] for k < n, four running sums. */
function dot(u: Float64Array, uo: number, v: Float64Array, vo: number, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < n; k += 4) {
    s0 += (u[uo + k] as number) * (v[vo + k] as number);
    s1 += (u[uo + k + 1] as number) * (v[vo + k + 1] as number);
    s2 += (u[uo + k + 2] as number) * (v[vo + k + 2] as number);
    s3 += (u[uo + k + 3] as number) * (v[vo + k + 3] as number);
  }
  for (; k < n; k++) s0 += (u[uo + k] as number) * (v[vo + k] as number);
  return s0 + s1 + (s2 + s3);
}

/**
 * The four dot products of u[uo…uo+n) with v[o_t…o_t+n), t = 0…3, written to out[oi + t·stride]: each
 * element of u is read once for the four.
 */
function dot4(
  u: Float64Array,
  uo: number,
  v: Float64Array,
  o0: number,
  o1: number,
  o2: number,
  o3: number,
  n: number,
  out: Float64Array,
  oi: number,
  stride: number,
): void {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let k = 0; k < n; k++) {
    const uk = u[uo + k] as number;
    s0 += uk * (v[o0 + k] as number);
    s1 += uk * (v[o1 + k] as number);
    s2 += uk * (v[o2 + k] as number);
    s3 += uk * (v[o3 + k] as number);
  }
  out[oi] = s0;
  out[oi + stride] = s1;
  out[oi + 2 * stride] = s2;
  out[oi + 3 * stride] = s3;
}

/** v[vo + k] += alpha·u[uo + k] for k < n. */
function axpy(alpha: number, u: Float64Array, uo: number, v: Float64Array, vo: number, n: number): void {
  for (let k = 0; k < n; k++) v[vo + k] = (v[vo + k] as number) + alpha * (u[uo + k] as number);
}

/** v[vo + k] += Σ_t a_t·u[o_t + k] for k < n, t = 0…3: each element of v is read and written once. */
function axpy4(
  a0: number,
  a1: number,
  a2: number,
  a3: number,
  u: Float64Array,
  o0: number,
  o1: number,
  o2: number,
  o3: number,
  v: Float64Array,
  vo: number,
  n: number,
): void {
  for (let k = 0; k < n; k++) {
    v[vo + k] =
      (v[vo + k] as number) +
      (a0 * (u[o0 + k] as number) + a1 * (u[o1 + k] as number)) +
      (a2 * (u[o2 + k] as number) + a3 * (u[o3 + k] as number));
  }
}

/**
 * v[vo + k] += Σ_t coef[t]·u[offs[t] + k] over t < m (k < n), four terms at a time.
 */
function combine(
  coef: Float64Array,
  u: Float64Array,
  offs: Int32Array,
  m: number,
  v: Float64Array,
  vo: number,
  n: number,
): void {
  let t = 0;
  for (; t + 3 < m; t += 4) {
    axpy4(
      coef[t] as number,
      coef[t + 1] as number,
      coef[t + 2] as number,
      coef[t + 3] as number,
      u,
      offs[t] as number,
      offs[t + 1] as number,
      offs[t + 2] as number,
      offs[t + 3] as number,
      v,
      vo,
      n,
    );
  }
  for (; t < m; t++) axpy(coef[t] as number, u, offs[t] as number, v, vo, n);
}

/** The network's weights (or their velocities): w1 is hidden × inputs, w2 classes × hidden, row-major. */
interface Layers {
  readonly w1: Float64Array;
  readonly b1: Float64Array;
  readonly w2: Float64Array;
  readonly b2: Float64Array;
}

function layers(inputs: number, hidden: number): Layers {
  return {
    w1: new Float64Array(hidden * inputs),
    b1: new Float64Array(hidden),
    w2: new Float64Array(CLASSES * hidden),
    b2: new Float64Array(CLASSES),
  };
}

/** Buffers for one mini-batch of up to `rows` rows, allocated once per evaluation. */
interface Work {
  /** Row offsets into the feature array. */
  readonly offsets: Int32Array;
  /** Hidden pre-activations, then their gradients (rows × hidden). */
  readonly a: Float64Array;
  /** Hidden activations (rows × hidden). */
  readonly h: Float64Array;
  /** Class probabilities, then the logits' gradients (rows × classes). */
  readonly p: Float64Array;
  /** Gradient of the hidden activations (rows × hidden). */
  readonly dh: Float64Array;
  /** One weight row's gradient (max(inputs, hidden)). */
  readonly g: Float64Array;
  /** Coefficients and offsets of the terms of one gradient row (max(rows, classes)). */
  readonly coef: Float64Array;
  readonly offs: Int32Array;
}

function work(rows: number, inputs: number, hidden: number): Work {
  return {
    offsets: new Int32Array(rows),
    a: new Float64Array(rows * hidden),
    h: new Float64Array(rows * hidden),
    p: new Float64Array(rows * CLASSES),
    dh: new Float64Array(rows * hidden),
    g: new Float64Array(Math.max(inputs, hidden)),
    coef: new Float64Array(Math.max(rows, CLASSES)),
    offs: new Int32Array(Math.max(rows, CLASSES)),
  };
}

/**
 * Forward pass of the `n` rows at `x[w.offsets[i]…]`: fills `w.a` (pre-activations), `w.h` (activations)
 * and `w.p` (softmax probabilities). Each weight row meets four batch rows at a time.
 */
function forward(net: Layers, relu: boolean, x: Float64Array, n: number, w: Work): void {
  const hidden = net.b1.length;
  const d = net.w1.length / hidden;
  const { offsets, a, h, p } = w;
  for (let j = 0; j < hidden; j++) {
    const row = j * d;
    let i = 0;
    for (; i + 3 < n; i += 4) {
      const o = offsets;
      dot4(
        net.w1,
        row,
        x,
        o[i] as number,
        o[i + 1] as number,
        o[i + 2] as number,
        o[i + 3] as number,
        d,
        a,
        i * hidden + j,
        hidden,
      );
    }
    for (; i < n; i++) a[i * hidden + j] = dot(net.w1, row, x, offsets[i] as number, d);
  }
  for (let t = 0; t < n * hidden; t++) {
    const s = (a[t] as number) + (net.b1[t % hidden] as number);
    a[t] = s;
    h[t] = relu ? (s > 0 ? s : 0) : tanh(s);
  }
  for (let i = 0; i < n; i++) {
    const po = i * CLASSES;
    const ho = i * hidden;
    let k = 0;
    for (; k + 3 < CLASSES; k += 4) {
      dot4(
        h,
        ho,
        net.w2,
        k * hidden,
        (k + 1) * hidden,
        (k + 2) * hidden,
        (k + 3) * hidden,
        hidden,
        p,
        po + k,
        1,
      );
    }
    for (; k < CLASSES; k++) p[po + k] = dot(h, ho, net.w2, k * hidden, hidden);
    let max = Number.NEGATIVE_INFINITY;
    for (k = 0; k < CLASSES; k++) {
      const z = (p[po + k] as number) + (net.b2[k] as number);
      p[po + k] = z;
      if (z > max) max = z;
    }
    let total = 0;
    for (k = 0; k < CLASSES; k++) {
      const e = Math.exp((p[po + k] as number) - max);
      p[po + k] = e;
      total += e;
    }
    for (k = 0; k < CLASSES; k++) p[po + k] = (p[po + k] as number) / total;
  }
}

/**
 * v ← μv + g·inv + l2·w, w ← w − lr·v over `n` entries from `wo`, and the same for the bias `bi` with
 * gradient `gb` (no l2); returns Σ of the new values (not finite once training diverged).
 */
function step(
  w: Float64Array,
  v: Float64Array,
  wo: number,
  g: Float64Array,
  n: number,
  bias: Float64Array,
  bv: Float64Array,
  bi: number,
  gb: number,
  inv: number,
  l2: number,
  momentum: number,
  lr: number,
): number {
  let sum = 0;
  for (let k = 0; k < n; k++) {
    const vk = momentum * (v[wo + k] as number) + (g[k] as number) * inv + l2 * (w[wo + k] as number);
    v[wo + k] = vk;
    const wk = (w[wo + k] as number) - lr * vk;
    w[wo + k] = wk;
    sum += wk;
  }
  const vb = momentum * (bv[bi] as number) + gb * inv;
  bv[bi] = vb;
  const b = (bias[bi] as number) - lr * vb;
  bias[bi] = b;
  return sum + b;
}

/**
 * One SGD step on the `n` rows of `w.offsets` (labels `labels`); returns the sum of the new weights (not
 * finite once training diverged).
 */
function trainBatch(
  net: Layers,
  velocity: Layers,
  relu: boolean,
  x: Float64Array,
  labels: Int32Array,
  n: number,
  w: Work,
  lr: number,
  l2: number,
  momentum: number,
): number {
  const hidden = net.b1.length;
  const d = net.w1.length / hidden;
  forward(net, relu, x, n, w);
  const { offsets, a, h, p, dh, g, coef, offs } = w;
  // Logit gradients p − onehot, in place.
  for (let i = 0; i < n; i++) {
    const t = i * CLASSES + (labels[i] as number);
    p[t] = (p[t] as number) - 1;
  }
  // Hidden gradients through the old output weights.
  dh.fill(0, 0, n * hidden);
  for (let k = 0; k < CLASSES; k++) offs[k] = k * hidden;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < CLASSES; k++) coef[k] = p[i * CLASSES + k] as number;
    combine(coef, net.w2, offs, CLASSES, dh, i * hidden, hidden);
  }
  // The output layer's step, class by class.
  const inv = 1 / n;
  let check = 0;
  for (let i = 0; i < n; i++) offs[i] = i * hidden;
  for (let k = 0; k < CLASSES; k++) {
    let gb = 0;
    for (let i = 0; i < n; i++) {
      const e = p[i * CLASSES + k] as number;
      coef[i] = e;
      gb += e;
    }
    g.fill(0, 0, hidden);
    combine(coef, h, offs, n, g, 0, hidden);
    check += step(
      net.w2,
      velocity.w2,
      k * hidden,
      g,
      hidden,
      net.b2,
      velocity.b2,
      k,
      gb,
      inv,
      l2,
      momentum,
      lr,
    );
  }
  // Pre-activation gradients in place of the pre-activations, then the hidden layer's step unit by unit
  // over the rows where the unit's gradient is not 0.
  for (let t = 0; t < n * hidden; t++) {
    const ht = h[t] as number;
    a[t] = relu ? ((a[t] as number) > 0 ? (dh[t] as number) : 0) : (dh[t] as number) * (1 - ht * ht);
  }
  for (let j = 0; j < hidden; j++) {
    let m = 0;
    let gb = 0;
    for (let i = 0; i < n; i++) {
      const da = a[i * hidden + j] as number;
      if (da === 0) continue;
      coef[m] = da;
      offs[m] = offsets[i] as number;
      m++;
      gb += da;
    }
    g.fill(0, 0, d);
    combine(coef, x, offs, m, g, 0, d);
    check += step(net.w1, velocity.w1, j * d, g, d, net.b1, velocity.b1, j, gb, inv, l2, momentum, lr);
  }
  return check;
}

/**
 * Validation cross-entropy (probabilities clipped to [1e-12, 1 − 1e-12]) of a 64–`hidden`–10 perceptron
 * trained on standardized digits ({@link MLP_TRAIN_ROWS} training rows, 449 validation rows) by mini-batch
 * SGD with momentum (v ← μv + g, w ← w − lr·v; g = mean batch gradient + l2·w on the weights, not the
 * biases), batches in a fixed seeded order, weights initialized from a fixed seed (He-uniform for ReLU,
 * Glorot-uniform for tanh; biases 0). Parameters: `lr`, `l2`, `hidden`, `momentum`, `batch_size`,
 * `epochs`, `activation` ("relu" | "tanh"). If the weights diverge to NaN/∞ the result is
 * {@link MAX_CROSS_ENTROPY} (≈ 27.63).
 * @example
 * const settings = { lr: 0.05, l2: 1e-4, hidden: 64, momentum: 0.9, batch_size: 32, epochs: 10 };
 * mlpDigits({ ...settings, activation: "relu" }); // ≈ 0.74
 */
export function mlpDigits(params: TrainingParams): number {
  const lr = numberParam(params, "lr");
  const l2 = numberParam(params, "l2");
  const momentum = numberParam(params, "momentum");
  const hidden = intParam(params, "hidden", 1);
  const epochs = intParam(params, "epochs", 1);
  const activation = params.activation;
  if (activation !== "relu" && activation !== "tanh")
    throw new Error(`mlp_digits: activation must be "relu" or "tanh", got ${String(activation)}.`);
  const relu = activation === "relu";
  const { train, valid } = data();
  const batchSize = Math.min(intParam(params, "batch_size", 1), train.rows);
  const d = train.cols;

  const net = layers(d, hidden);
  const init = new Rng(3);
  const limit1 = relu ? Math.sqrt(6 / d) : Math.sqrt(6 / (d + hidden));
  for (let i = 0; i < net.w1.length; i++) net.w1[i] = init.symmetric(limit1);
  const limit2 = Math.sqrt(6 / (hidden + CLASSES));
  for (let i = 0; i < net.w2.length; i++) net.w2[i] = init.symmetric(limit2);
  const velocity = layers(d, hidden);
  const w = work(Math.max(batchSize, VALID_CHUNK), d, hidden);
  const labels = new Int32Array(batchSize);

  const order = Uint32Array.from({ length: train.rows }, (_, i) => i);
  const rng = new Rng(4);
  for (let epoch = 0; epoch < epochs; epoch++) {
    rng.shuffle(order);
    let check = 0;
    for (let start = 0; start < train.rows; start += batchSize) {
      const n = Math.min(train.rows, start + batchSize) - start;
      for (let i = 0; i < n; i++) {
        const r = order[start + i] as number;
        w.offsets[i] = r * d;
        labels[i] = train.y[r] as number;
      }
      check += trainBatch(net, velocity, relu, train.x, labels, n, w, lr, l2, momentum);
    }
    if (!Number.isFinite(check)) return MAX_CROSS_ENTROPY;
  }

  let loss = 0;
  for (let start = 0; start < valid.rows; start += VALID_CHUNK) {
    const n = Math.min(valid.rows, start + VALID_CHUNK) - start;
    for (let i = 0; i < n; i++) w.offsets[i] = (start + i) * d;
    forward(net, relu, valid.x, n, w);
    for (let i = 0; i < n; i++)
      loss += clippedLogLoss(w.p[i * CLASSES + (valid.y[start + i] as number)] as number);
  }
  loss /= valid.rows;
  return Number.isFinite(loss) ? loss : MAX_CROSS_ENTROPY;
}
