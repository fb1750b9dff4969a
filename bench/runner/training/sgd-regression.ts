/**
 * sgd_regression_diabetes: linear regression on the diabetes data trained by plain per-row SGD, where too
 * large a learning rate diverges; the objective is the validation MSE over the validation variance.
 */
import { join } from "node:path";
import {
  DATA_DIR,
  intParam,
  MAX_RELATIVE_MSE,
  numberParam,
  once,
  Rng,
  readCsv,
  splitRows,
  standardize,
  type TrainingParams,
} from "./data.js";

const data = once(() => standardize(splitRows(readCsv(join(DATA_DIR, "diabetes.csv")), 0.25, 1)));

/**
 * Validation MSE divided by the validation variance (a constant predictor at the validation mean scores 1;
 * the untrained model, which predicts 0 on the raw target, scores ≈ 5) of a linear model with intercept
 * trained from zero on the 10 standardized diabetes features and the raw target (331 training rows, 111
 * validation rows) by per-row SGD on ½(w·x + b − y)² + ½·l2·‖w‖², rows in a fixed seeded order each epoch.
 * Parameters: `lr`, `l2`, `epochs`. Too large an `lr` (above ≈ 0.15) diverges: the result is capped at
 * {@link MAX_RELATIVE_MSE}, which is also returned for NaN/∞.
 * @example
 * sgdRegressionDiabetes({ lr: 0.01, l2: 1e-4, epochs: 20 }); // ≈ 0.57
 */
export function sgdRegressionDiabetes(params: TrainingParams): number {
  const lr = numberParam(params, "lr");
  const l2 = numberParam(params, "l2");
  const epochs = intParam(params, "epochs", 1);
  const { train, valid } = data();
  const d = train.cols;
  const w = new Float64Array(d);
  let b = 0;
  const order = Uint32Array.from({ length: train.rows }, (_, i) => i);
  const rng = new Rng(5);
  for (let epoch = 0; epoch < epochs; epoch++) {
    rng.shuffle(order);
    for (let t = 0; t < train.rows; t++) {
      const r = order[t] as number;
      const off = r * d;
      let e = b - (train.y[r] as number);
      for (let j = 0; j < d; j++) e += (w[j] as number) * (train.x[off + j] as number);
      for (let j = 0; j < d; j++)
        w[j] = (w[j] as number) - lr * (e * (train.x[off + j] as number) + l2 * (w[j] as number));
      b -= lr * e;
    }
    if (!Number.isFinite(b)) return MAX_RELATIVE_MSE;
  }
  let sse = 0;
  let mean = 0;
  for (let r = 0; r < valid.rows; r++) mean += valid.y[r] as number;
  mean /= valid.rows;
  let variance = 0;
  for (let r = 0; r < valid.rows; r++) {
    let prediction = b;
    for (let j = 0; j < d; j++) prediction += (w[j] as number) * (valid.x[r * d + j] as number);
    sse += (prediction - (valid.y[r] as number)) ** 2;
    variance += ((valid.y[r] as number) - mean) ** 2;
  }
  const relative = sse / variance;
  return Number.isFinite(relative) ? Math.min(relative, MAX_RELATIVE_MSE) : MAX_RELATIVE_MSE;
}
