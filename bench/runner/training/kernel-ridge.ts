/**
 * kernel_ridge_diabetes: RBF kernel ridge regression on the diabetes data (Efron et al. 2004), solved
 * exactly by a Cholesky factorization; the objective is the validation MSE over the validation variance.
 */
import { join } from "node:path";
import { choleskyInPlace, choleskySolveInPlace } from "../../../src/math/cholesky.js";
import {
  DATA_DIR,
  MAX_RELATIVE_MSE,
  numberParam,
  once,
  readCsv,
  splitRows,
  standardize,
  type TrainingParams,
} from "./data.js";

interface Prepared {
  /** Training rows. */
  readonly n: number;
  /** Validation rows. */
  readonly m: number;
  /** Squared distances between training rows (n × n) and from validation to training rows (m × n). */
  readonly trainDist: Float64Array;
  readonly validDist: Float64Array;
  /** Training targets minus their mean. */
  readonly yTrain: Float64Array;
  /** Validation targets minus the training mean (the model's intercept). */
  readonly yValid: Float64Array;
  /** Variance of the validation targets (about their own mean). */
  readonly validVariance: number;
}

function squaredDistances(
  a: Float64Array,
  rowsA: number,
  b: Float64Array,
  rowsB: number,
  cols: number,
): Float64Array {
  const out = new Float64Array(rowsA * rowsB);
  for (let i = 0; i < rowsA; i++) {
    for (let j = 0; j < rowsB; j++) {
      let s = 0;
      for (let c = 0; c < cols; c++) s += ((a[i * cols + c] as number) - (b[j * cols + c] as number)) ** 2;
      out[i * rowsB + j] = s;
    }
  }
  return out;
}

const data = once((): Prepared => {
  const { train, valid } = standardize(splitRows(readCsv(join(DATA_DIR, "diabetes.csv")), 0.25, 1));
  const mean = train.y.reduce((s, v) => s + v, 0) / train.rows;
  const validMean = valid.y.reduce((s, v) => s + v, 0) / valid.rows;
  return {
    n: train.rows,
    m: valid.rows,
    trainDist: squaredDistances(train.x, train.rows, train.x, train.rows, train.cols),
    validDist: squaredDistances(valid.x, valid.rows, train.x, train.rows, train.cols),
    yTrain: train.y.map((v) => v - mean),
    yValid: valid.y.map((v) => v - mean),
    validVariance: valid.y.reduce((s, v) => s + (v - validMean) ** 2, 0) / valid.rows,
  };
});

/**
 * Validation MSE divided by the validation variance (a constant predictor scores ≈ 1) of RBF kernel ridge
 * regression, k(x, x') = exp(−gamma·‖x − x'‖²), on the 10 standardized diabetes features (331 training
 * rows, 111 validation rows; the target centred on its training mean, which serves as the intercept):
 * dual weights c = (K + alpha·I)⁻¹·y by Cholesky. Parameters: `alpha`, `gamma`. Capped at
 * {@link MAX_RELATIVE_MSE} (also returned if the factorization fails, which for alpha ≥ 1e-6 it does not).
 * @example
 * kernelRidgeDiabetes({ alpha: 1, gamma: 0.01 }); // ≈ 0.53
 */
export function kernelRidgeDiabetes(params: TrainingParams): number {
  const alpha = numberParam(params, "alpha");
  const gamma = numberParam(params, "gamma");
  const { n, m, trainDist, validDist, yTrain, yValid, validVariance } = data();
  const k = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) k[i * n + j] = Math.exp(-gamma * (trainDist[i * n + j] as number));
    k[i * n + i] = (k[i * n + i] as number) + alpha;
  }
  // No jitter: K + alpha·I with alpha ≥ 1e-6 factors as it is.
  if (!choleskyInPlace(k, n, { maxJitter: 0 }).ok) return MAX_RELATIVE_MSE;
  const c = yTrain.slice();
  choleskySolveInPlace(k, n, c);
  let sse = 0;
  for (let i = 0; i < m; i++) {
    let prediction = 0;
    for (let j = 0; j < n; j++)
      prediction += Math.exp(-gamma * (validDist[i * n + j] as number)) * (c[j] as number);
    sse += (prediction - (yValid[i] as number)) ** 2;
  }
  const relative = sse / m / validVariance;
  return Number.isFinite(relative) ? Math.min(relative, MAX_RELATIVE_MSE) : MAX_RELATIVE_MSE;
}
