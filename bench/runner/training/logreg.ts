/**
 * logreg_breast_cancer: logistic regression on the Wisconsin breast-cancer data, trained by mini-batch SGD
 * with momentum; the objective is the validation log-loss.
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

const data = once(() => standardize(splitRows(readCsv(join(DATA_DIR, "breast-cancer.csv")), 0.25, 1)));

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/**
 * Validation log-loss (mean binary cross-entropy, probabilities clipped to [1e-12, 1 − 1e-12]) of a
 * logistic regression trained from zero weights on 427 standardized training rows (142 validation rows) by
 * mini-batch SGD with momentum (v ← μv + g, w ← w − lr·v; g = mean batch gradient + l2·w, bias not
 * penalized), batches in a fixed seeded order. Parameters: `lr`, `l2`, `momentum`, `batch_size`, `epochs`.
 * If the weights diverge to NaN/∞ the result is {@link MAX_CROSS_ENTROPY} (≈ 27.63).
 * @example
 * logregBreastCancer({ lr: 0.1, l2: 1e-4, momentum: 0.9, batch_size: 32, epochs: 20 }); // ≈ 0.037
 */
export function logregBreastCancer(params: TrainingParams): number {
  const lr = numberParam(params, "lr");
  const l2 = numberParam(params, "l2");
  const momentum = numberParam(params, "momentum");
  const batchSize = intParam(params, "batch_size", 1);
  const epochs = intParam(params, "epochs", 1);
  const { train, valid } = data();
  const d = train.cols;
  const w = new Float64Array(d);
  const vw = new Float64Array(d);
  const gw = new Float64Array(d);
  let b = 0;
  let vb = 0;
  const order = Uint32Array.from({ length: train.rows }, (_, i) => i);
  const rng = new Rng(2);
  const tx = train.x;
  const ty = train.y;
  for (let epoch = 0; epoch < epochs; epoch++) {
    rng.shuffle(order);
    for (let start = 0; start < train.rows; start += batchSize) {
      const end = Math.min(train.rows, start + batchSize);
      gw.fill(0);
      let gb = 0;
      for (let k = start; k < end; k++) {
        const r = order[k] as number;
        const off = r * d;
        let z = b;
        for (let j = 0; j < d; j++) z += (w[j] as number) * (tx[off + j] as number);
        const e = sigmoid(z) - (ty[r] as number);
        for (let j = 0; j < d; j++) gw[j] = (gw[j] as number) + e * (tx[off + j] as number);
        gb += e;
      }
      const inv = 1 / (end - start);
      for (let j = 0; j < d; j++) {
        const g = (gw[j] as number) * inv + l2 * (w[j] as number);
        const v = momentum * (vw[j] as number) + g;
        vw[j] = v;
        w[j] = (w[j] as number) - lr * v;
      }
      vb = momentum * vb + gb * inv;
      b -= lr * vb;
    }
    let check = b;
    for (let j = 0; j < d; j++) check += w[j] as number;
    if (!Number.isFinite(check)) return MAX_CROSS_ENTROPY;
  }
  let loss = 0;
  for (let r = 0; r < valid.rows; r++) {
    let z = b;
    for (let j = 0; j < d; j++) z += (w[j] as number) * (valid.x[r * d + j] as number);
    loss += clippedLogLoss(sigmoid(valid.y[r] === 1 ? z : -z));
  }
  loss /= valid.rows;
  return Number.isFinite(loss) ? loss : MAX_CROSS_ENTROPY;
}
